#!/usr/bin/env bash
# Wires one region's cluster to another: makes (or reuses), in the cluster of region <name>, the ServiceAccount the
# other regions' operators act as and its long-lived token, then builds from that token a kubeconfig the operator
# accepts (inline token and CA data, no plugin, no file, TLS verified) and prints it, writes it to a file, or stores
# it as the Secret region-<name> in another region's cluster.
#
# The ServiceAccount <release>-peer and the Secret <release>-peer-token are the ones the Helm chart makes with
# peerAccess.enabled (the default): after `helm install` the script only reads them. Made before the install, they
# carry Helm's ownership metadata, so the release takes them over; the token then gets its rights from the chart's
# peer Role: create, get, list, watch and delete `recoveries` in that namespace, and nothing else.
#
#   k8s/scripts/peer-kubeconfig.sh --region dubai --context dubai --to-context hangzhou
#   k8s/scripts/peer-kubeconfig.sh --region dubai --context dubai --server https://api.dubai.example.com:6443 > dubai.kubeconfig
#
# Needs bash, kubectl and base64.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: peer-kubeconfig.sh --region NAME [options]

The region's cluster (the one the kubeconfig reaches):
  --region NAME          the region's name, as peers[].name names it (required)
  --context CTX          kubectl context of the region's cluster (default: the current context)
  --kubeconfig FILE      kubeconfig file for it (default: kubectl's)
  --namespace NS         namespace of its Rocket Express release (default: rocket-express)
  --release NAME         Helm release name there (default: rocket-express)
  --server URL           API server URL the other region reaches it at (default: the context's server)
  --timeout SECONDS      how long to wait for Kubernetes to issue the token (default: 60)

Where the kubeconfig goes (default: standard output):
  --output FILE          write it to FILE (mode 600)
  --to-context CTX       store it as a Secret in the cluster of this kubectl context
  --to-kubeconfig FILE   ... or of this kubeconfig file
  --to-namespace NS      namespace of that Secret (default: --namespace)
  --secret NAME          name of that Secret (default: region-<region>), key "kubeconfig"
EOF
}

fail() {
    echo "peer-kubeconfig: $*" >&2
    exit 1
}

region="" context="" kubeconfig="" namespace="rocket-express" release="rocket-express" server="" timeout=60
output="" to_context="" to_kubeconfig="" to_namespace="" secret=""
while [ $# -gt 0 ]; do
    case "$1" in
        --region) region="${2:?}"; shift 2 ;;
        --context) context="${2:?}"; shift 2 ;;
        --kubeconfig) kubeconfig="${2:?}"; shift 2 ;;
        --namespace) namespace="${2:?}"; shift 2 ;;
        --release) release="${2:?}"; shift 2 ;;
        --server) server="${2:?}"; shift 2 ;;
        --timeout) timeout="${2:?}"; shift 2 ;;
        --output) output="${2:?}"; shift 2 ;;
        --to-context) to_context="${2:?}"; shift 2 ;;
        --to-kubeconfig) to_kubeconfig="${2:?}"; shift 2 ;;
        --to-namespace) to_namespace="${2:?}"; shift 2 ;;
        --secret) secret="${2:?}"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; fail "unknown option $1" ;;
    esac
done
[ -n "$region" ] || { usage >&2; fail "--region is required"; }
[[ "$timeout" =~ ^[0-9]+$ ]] || fail "--timeout takes a number of seconds"
command -v kubectl >/dev/null || fail "kubectl is not on the PATH"

# The chart's names: <release>-peer when the release name says rocket-express, else <release>-rocket-express-peer.
if [[ "$release" == *rocket-express* ]]; then base="$release"; else base="$release-rocket-express"; fi
base="${base:0:50}"
base="${base%-}"
account="$base-peer"
token_secret="$base-peer-token"

source_kubectl=(kubectl)
[ -n "$kubeconfig" ] && source_kubectl+=(--kubeconfig "$kubeconfig")
[ -n "$context" ] && source_kubectl+=(--context "$context")

# Made here only when missing; Helm's ownership metadata lets a later `helm install` of the release adopt them.
ownership="
  labels:
    app.kubernetes.io/name: rocket-express
    app.kubernetes.io/instance: $release
    app.kubernetes.io/component: peer
    app.kubernetes.io/managed-by: Helm
  annotations:
    meta.helm.sh/release-name: $release
    meta.helm.sh/release-namespace: $namespace"

if ! "${source_kubectl[@]}" -n "$namespace" get serviceaccount "$account" >/dev/null 2>&1; then
    echo "peer-kubeconfig: creating ServiceAccount $account in namespace $namespace" >&2
    "${source_kubectl[@]}" -n "$namespace" create -f - >/dev/null <<EOF
apiVersion: v1
kind: ServiceAccount
metadata:
  name: $account
  namespace: $namespace$ownership
automountServiceAccountToken: false
EOF
fi
if ! "${source_kubectl[@]}" -n "$namespace" get secret "$token_secret" >/dev/null 2>&1; then
    echo "peer-kubeconfig: creating Secret $token_secret for a long-lived token of $account" >&2
    "${source_kubectl[@]}" -n "$namespace" create -f - >/dev/null <<EOF
apiVersion: v1
kind: Secret
metadata:
  name: $token_secret
  namespace: $namespace$ownership
    kubernetes.io/service-account.name: $account
type: kubernetes.io/service-account-token
EOF
fi

# Kubernetes' token controller fills the Secret in, usually within a second.
token="" ca=""
deadline=$((SECONDS + timeout))
while :; do
    token=$("${source_kubectl[@]}" -n "$namespace" get secret "$token_secret" -o jsonpath='{.data.token}')
    ca=$("${source_kubectl[@]}" -n "$namespace" get secret "$token_secret" -o jsonpath='{.data.ca\.crt}')
    if [ -n "$token" ] && [ -n "$ca" ]; then
        break
    fi
    [ "$SECONDS" -lt "$deadline" ] || fail "Secret $token_secret in namespace $namespace has no token and CA after ${timeout}s;\
 is the token controller running and does ServiceAccount $account exist?"
    sleep 1
done
token=$(printf '%s' "$token" | base64 -d)

if [ -z "$server" ]; then
    server=$("${source_kubectl[@]}" config view --minify -o jsonpath='{.clusters[0].cluster.server}')
    [ -n "$server" ] || fail "could not read the API server of the context; give it with --server"
fi

# The operator refuses exec and auth-provider plugins, token and certificate files and insecure-skip-tls-verify:
# everything it needs is inline.
peer_kubeconfig="apiVersion: v1
kind: Config
clusters:
  - name: $region
    cluster:
      server: \"$server\"
      certificate-authority-data: $ca
users:
  - name: $account
    user:
      token: \"$token\"
contexts:
  - name: $region
    context:
      cluster: $region
      user: $account
      namespace: $namespace
current-context: $region
"

if [ -n "$to_context" ] || [ -n "$to_kubeconfig" ]; then
    target_kubectl=(kubectl)
    [ -n "$to_kubeconfig" ] && target_kubectl+=(--kubeconfig "$to_kubeconfig")
    [ -n "$to_context" ] && target_kubectl+=(--context "$to_context")
    secret="${secret:-region-$region}"
    to_namespace="${to_namespace:-$namespace}"
    manifest=$(printf '%s' "$peer_kubeconfig" | "${target_kubectl[@]}" -n "$to_namespace" create secret generic "$secret" \
        --from-file=kubeconfig=/dev/stdin --dry-run=client -o yaml)
    # replace, not apply: apply would copy the credential into a last-applied annotation.
    if "${target_kubectl[@]}" -n "$to_namespace" get secret "$secret" >/dev/null 2>&1; then
        printf '%s\n' "$manifest" | "${target_kubectl[@]}" -n "$to_namespace" replace -f - >/dev/null
    else
        printf '%s\n' "$manifest" | "${target_kubectl[@]}" -n "$to_namespace" create -f - >/dev/null
    fi
    echo "peer-kubeconfig: stored the kubeconfig of region $region ($server) in Secret $secret, key kubeconfig, of namespace $to_namespace" >&2
elif [ -n "$output" ]; then
    (umask 077 && printf '%s' "$peer_kubeconfig" > "$output")
    echo "peer-kubeconfig: wrote the kubeconfig of region $region ($server) to $output" >&2
else
    printf '%s' "$peer_kubeconfig"
fi
