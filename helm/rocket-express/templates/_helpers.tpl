{{/* Base name of every object: the release name, or <release>-rocket-express when it does not say so. */}}
{{- define "rx.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "rx.operator" -}}{{ include "rx.fullname" . }}-operator{{- end -}}
{{- define "rx.gateway" -}}{{ include "rx.fullname" . }}-gateway{{- end -}}
{{- define "rx.mission" -}}{{ include "rx.fullname" . }}-mission{{- end -}}
{{- define "rx.peer" -}}{{ include "rx.fullname" . }}-peer{{- end -}}

{{- define "rx.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: rocket-express
rocketexpress.io/region: {{ .Values.region.name }}
{{- end -}}

{{/* Selector labels of one component: (dict "root" $ "component" "gateway") */}}
{{- define "rx.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "rx.componentLabels" -}}
{{ include "rx.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* The namespace of this region's Launches, Vehicles and Jobs. */}}
{{- define "rx.namespace" -}}
{{- .Release.Namespace -}}
{{- end -}}

{{/* An image of the build: (dict "root" $ "image" .Values.gateway.image); by digest when it has one. */}}
{{- define "rx.image" -}}
{{- $repository := printf "%s/%s/%s" .root.Values.image.registry .root.Values.image.group .image.name -}}
{{- if .image.digest -}}
{{- printf "%s@%s" $repository .image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (.image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion) -}}
{{- end -}}
{{- end -}}

{{/* What the flight and recovery Jobs run unless told otherwise: the simulator image the build publishes. */}}
{{- define "rx.simulatorImage" -}}
{{- include "rx.image" (dict "root" . "image" .Values.jobs.image) -}}
{{- end -}}

{{- define "rx.testImage" -}}
{{- $image := .Values.tests.image -}}
{{- if $image.digest -}}
{{- printf "%s/%s@%s" $image.registry $image.repository $image.digest -}}
{{- else -}}
{{- printf "%s/%s:%s" $image.registry $image.repository $image.tag -}}
{{- end -}}
{{- end -}}

{{/* Pod-level settings every pod of the chart shares: pull secrets. */}}
{{- define "rx.imagePullSecrets" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Name of the Secret holding a peer's kubeconfig: (dict "root" $ "peer" $peer) */}}
{{- define "rx.kubeconfigSecret" -}}
{{- if .peer.kubeconfig.existingSecret -}}
{{- .peer.kubeconfig.existingSecret -}}
{{- else -}}
{{- printf "%s-region-%s" (include "rx.fullname" .root) .peer.name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "rx.kubeconfigKey" -}}
{{- .peer.kubeconfig.key | default "kubeconfig" -}}
{{- end -}}

{{- define "rx.adminKeySecret" -}}
{{- .Values.gateway.adminKey.existingSecret | default (printf "%s-admin-key" (include "rx.fullname" .)) -}}
{{- end -}}

{{- define "rx.peerCredentialSecret" -}}
{{- .Values.gateway.peerCredential.existingSecret | default (printf "%s-peer-credential" (include "rx.fullname" .)) -}}
{{- end -}}

{{/* The Secret holding the keys a peer region signs with. */}}
{{- define "rx.peerCredentialsSecret" -}}
{{- .peer.credentials.existingSecret | default (printf "%s-peer-%s" (include "rx.fullname" .root) .peer.name) -}}
{{- end -}}

{{/* The environment variable that carries a peer region's keys into the gateway's configuration. */}}
{{- define "rx.peerCredentialsEnv" -}}
{{- printf "RX_PEER_CREDENTIALS_%s" (.name | upper | replace "-" "_") -}}
{{- end -}}

{{- define "rx.webhookSecretsKeySecret" -}}
{{- .Values.gateway.webhookSecretsKey.existingSecret | default (printf "%s-webhook-secrets-key" (include "rx.fullname" .)) -}}
{{- end -}}

{{- define "rx.missionServiceAccount" -}}
{{- if .Values.jobs.flight.serviceAccount.create -}}
{{- .Values.jobs.flight.serviceAccount.name | default (include "rx.mission" .) -}}
{{- else -}}
{{- .Values.jobs.flight.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "rx.recoveryServiceAccount" -}}
{{- if .Values.jobs.recovery.serviceAccount.create -}}
{{- .Values.jobs.recovery.serviceAccount.name | default (printf "%s-recovery" (include "rx.fullname" .)) -}}
{{- else -}}
{{- .Values.jobs.recovery.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The ingress's TLS Secret: the one named, or one cert-manager fills when an issuer is named. */}}
{{- define "rx.ingressTlsSecret" -}}
{{- $ingress := .Values.gateway.ingress -}}
{{- $ingress.tlsSecretName | default (ternary (printf "%s-tls" (include "rx.gateway" .)) "" (not (empty $ingress.certManager.issuer))) -}}
{{- end -}}

{{- define "rx.leaseName" -}}{{ include "rx.operator" . }}{{- end -}}

{{/*
Security context of every container: the restricted Pod Security Standard, with a read-only root file
system (each pod mounts an emptyDir on /tmp for the JVM).
*/}}
{{- define "rx.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Rejects what the schema cannot express. */}}
{{- define "rx.validate" -}}
{{- $names := list .Values.region.name -}}
{{- range .Values.peers -}}
{{- if has .name $names -}}
{{- fail (printf "peers: region %q is listed twice (or is this region); each region appears once" .name) -}}
{{- end -}}
{{- $names = append $names .name -}}
{{- end -}}
{{- $codes := list .Values.region.code -}}
{{- range .Values.peers -}}
{{- if has .code $codes -}}
{{- fail (printf "peers: region code %q of %s is already used; each region has its own code" .code .name) -}}
{{- end -}}
{{- $codes = append $codes .code -}}
{{- end -}}
{{- if and .Values.gateway.autoscaling.enabled (lt (int .Values.gateway.autoscaling.maxReplicas) (int .Values.gateway.autoscaling.minReplicas)) -}}
{{- fail "gateway.autoscaling.maxReplicas must not be below gateway.autoscaling.minReplicas" -}}
{{- end -}}
{{- if and (gt (int .Values.operator.replicas) 1) (not .Values.operator.leaderElection.enabled) -}}
{{- fail (printf "operator.replicas is %d but operator.leaderElection.enabled is false: without leader election two operators would drive the same launches; run one replica or switch leader election on" (int .Values.operator.replicas)) -}}
{{- end -}}
{{- if .Values.secrets.existingOnly -}}
{{- if not .Values.gateway.adminKey.existingSecret -}}
{{- fail "secrets.existingOnly: the chart generates no Secret, so gateway.adminKey.existingSecret must name the Secret holding the admin key" -}}
{{- end -}}
{{- if not .Values.gateway.peerCredential.existingSecret -}}
{{- fail "secrets.existingOnly: the chart generates no Secret, so gateway.peerCredential.existingSecret must name the Secret holding this region's peer key" -}}
{{- end -}}
{{- if not .Values.gateway.webhookSecretsKey.existingSecret -}}
{{- fail "secrets.existingOnly: the chart generates no Secret, so gateway.webhookSecretsKey.existingSecret must name the Secret holding the webhook secrets' key" -}}
{{- end -}}
{{- range .Values.peers -}}
{{- if not .kubeconfig.existingSecret -}}
{{- fail (printf "secrets.existingOnly: peer %s gives its kubeconfig as a value; name a Secret in peers[].kubeconfig.existingSecret instead" .name) -}}
{{- end -}}
{{- if and .credentials .credentials.value (not .credentials.existingSecret) -}}
{{- fail (printf "secrets.existingOnly: peer %s gives its keys as a value; name a Secret in peers[].credentials.existingSecret instead" .name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
The Secrets this release uses and does not make, as a list of dicts: name, the keys it reads, and what names it.
*/}}
{{- define "rx.neededSecrets" -}}
{{- $needed := list -}}
{{- $db := .Values.gateway.database -}}
{{- $needed = append $needed (dict "name" $db.existingSecret "keys" (list $db.keys.reactiveUrl $db.keys.jdbcUrl $db.keys.username $db.keys.password) "for" "gateway.database.existingSecret") -}}
{{- with .Values.gateway.adminKey.existingSecret -}}
{{- $needed = append $needed (dict "name" . "keys" (list $.Values.gateway.adminKey.key) "for" "gateway.adminKey.existingSecret") -}}
{{- end -}}
{{- with .Values.gateway.webhookSecretsKey.existingSecret -}}
{{- $needed = append $needed (dict "name" . "keys" (list $.Values.gateway.webhookSecretsKey.key) "for" "gateway.webhookSecretsKey.existingSecret") -}}
{{- end -}}
{{- with .Values.gateway.peerCredential.existingSecret -}}
{{- $needed = append $needed (dict "name" . "keys" (list "keyId" "secret") "for" "gateway.peerCredential.existingSecret") -}}
{{- end -}}
{{- range .Values.peers -}}
{{- if and .credentials .credentials.existingSecret -}}
{{- $needed = append $needed (dict "name" .credentials.existingSecret "keys" (list (.credentials.key | default "credentials")) "for" (printf "the peer keys of region %s" .name)) -}}
{{- end -}}
{{- if .kubeconfig.existingSecret -}}
{{- $needed = append $needed (dict "name" .kubeconfig.existingSecret "keys" (list (include "rx.kubeconfigKey" (dict "peer" .))) "for" (printf "the kubeconfig of peer %s" .name)) -}}
{{- end -}}
{{- end -}}
{{- $ingress := .Values.gateway.ingress -}}
{{- if and $ingress.enabled $ingress.tlsSecretName (not $ingress.certManager.issuer) -}}
{{- $needed = append $needed (dict "name" $ingress.tlsSecretName "keys" (list "tls.crt" "tls.key") "for" "gateway.ingress.tlsSecretName") -}}
{{- end -}}
{{- toJson $needed -}}
{{- end -}}

{{/*
Fails the install or upgrade, naming each one, when a Secret the release needs is missing or lacks a key. It reads
the release namespace's Secrets with one list call; without a cluster to ask (helm template, a client-side dry run)
lookup answers an empty map with no "items", and the check is skipped so that the chart still renders offline.
*/}}
{{- define "rx.checkSecrets" -}}
{{- if .Values.secrets.check -}}
{{- $listed := lookup "v1" "Secret" .Release.Namespace "" -}}
{{- if hasKey $listed "items" -}}
{{- $present := dict -}}
{{- range $listed.items -}}
{{- $_ := set $present .metadata.name (merge (dict) (.data | default dict) (.stringData | default dict)) -}}
{{- end -}}
{{- $problems := list -}}
{{- range $secret := (include "rx.neededSecrets" . | fromJsonArray) -}}
{{- if not (hasKey $present $secret.name) -}}
{{- $problems = append $problems (printf "Secret %s (%s) does not exist" $secret.name $secret.for) -}}
{{- else -}}
{{- $data := get $present $secret.name -}}
{{- range $secret.keys -}}
{{- if not (hasKey $data .) -}}
{{- $problems = append $problems (printf "Secret %s (%s) has no key %s" $secret.name $secret.for .) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if $problems -}}
{{- fail (printf "missing in namespace %s: %s. Create them first (see src/docs/deploy.md), or set secrets.check=false to install without them" .Release.Namespace (join "; " ($problems | uniq))) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
Egress when restricted, for one app: (dict "root" $ "component" "gateway"). Each preset is a rule; a rule without
addresses allows any address on its ports.
*/}}
{{- define "rx.egress" -}}
{{- $egress := .root.Values.networkPolicy.egress -}}
{{- if $egress.dns }}
- ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- end }}
{{ include "rx.egressRule" (dict "cidrs" $egress.apiServer.cidrs "ports" $egress.apiServer.ports) }}
{{- if and (eq .component "gateway") $egress.database.enabled }}
{{ include "rx.egressRule" (dict "cidrs" $egress.database.cidrs "ports" (list $egress.database.port)) }}
{{- end }}
{{- if $egress.peers.enabled }}
{{- if eq .component "operator" }}
{{- $ports := list 443 }}
{{- range $egress.apiServer.ports }}
{{- if not (has (int .) $ports) }}
{{- $ports = append $ports (int .) }}
{{- end }}
{{- end }}
{{ include "rx.egressRule" (dict "cidrs" $egress.peers.cidrs "ports" $ports) }}
{{- else }}
{{ include "rx.egressRule" (dict "cidrs" $egress.peers.cidrs "ports" (list 443)) }}
{{- end }}
{{- end }}
{{- if and (eq .component "gateway") $egress.webhooks.enabled }}
- ports:
    - port: 443
      protocol: TCP
  to:
    - ipBlock:
        cidr: 0.0.0.0/0
        {{- with $egress.webhooks.except }}
        except:
          {{- toYaml . | nindent 10 }}
        {{- end }}
{{- end }}
{{- with $egress.to }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* One egress rule: (dict "cidrs" list "ports" list); no cidrs: any address. */}}
{{- define "rx.egressRule" -}}
- ports:
  {{- range .ports }}
    - port: {{ . }}
      protocol: TCP
  {{- end }}
  {{- with .cidrs }}
  to:
    {{- range . }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
  {{- end }}
{{- end -}}

{{/* Pod settings both apps take from their values: (dict "root" $ "app" .Values.gateway) */}}
{{- define "rx.podScheduling" -}}
{{- with .app.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .app.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .app.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
