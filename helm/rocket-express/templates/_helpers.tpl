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

{{/* An app's image: (dict "root" $ "image" .Values.gateway.image) */}}
{{- define "rx.image" -}}
{{- $tag := .image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- printf "%s/%s/%s:%s" .root.Values.image.registry .root.Values.image.group .image.name $tag -}}
{{- end -}}

{{- define "rx.simulatorImage" -}}
{{- printf "%s/%s/rocket-express-simulator:%s" .Values.image.registry .Values.image.group (.Values.image.tag | default .Chart.AppVersion) -}}
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

{{- define "rx.peerKeySecret" -}}
{{- .Values.gateway.peerKey.existingSecret | default (printf "%s-peer-key" (include "rx.fullname" .)) -}}
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
{{- end -}}

{{/* Egress when restricted: DNS, and the destinations the values list (API servers, database, peer gateways). */}}
{{- define "rx.egress" -}}
- ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- with .Values.networkPolicy.egress.to }}
{{ toYaml . }}
{{- end }}
{{- end -}}
