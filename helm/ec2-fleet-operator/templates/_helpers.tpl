{{- define "ec2fleet.name" -}}ec2-fleet-operator{{- end -}}
{{/* Names per release, so that several releases (label-selector shards) can be installed side by side. */}}
{{- define "ec2fleet.fullname" -}}
{{- if contains "ec2-fleet-operator" .Release.Name -}}{{ .Release.Name | trunc 53 }}{{- else -}}{{ printf "%s-ec2-fleet-operator" .Release.Name | trunc 53 }}{{- end -}}
{{- end -}}
{{- define "ec2fleet.labels" -}}
app.kubernetes.io/name: ec2-fleet-operator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}
{{/* The operator's image is not published: it is built and pushed by whoever installs it, so there is no default
to fall back on silently (an install would end in ImagePullBackOff). */}}
{{- define "ec2fleet.image" -}}
{{- $repository := required "image.repository is required: the operator's image is not published. Build and push it (README, \"Run it on AWS\": mvn package jib:build -Djib.to.image=<registry>/ec2-fleet-operator:0.1.0), then --set image.repository=<registry>/ec2-fleet-operator" .Values.image.repository -}}
{{- printf "%s:%s" $repository .Values.image.tag -}}
{{- end -}}
{{- define "ec2fleet.selector" -}}
app.kubernetes.io/name: ec2-fleet-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
{{/* The verbs the operator uses on its own kinds, events, the Secrets KeyPairs keep their private keys in (unless
keyPairs.secrets is false), and nothing else. Secrets: a KeyPair writes only a Secret it owns (never one that
exists and is someone else's); list/watch serve an informer that selects only those it wrote (label
ec2.fleet.dev/key-pair). */}}
{{- define "ec2fleet.rules" -}}
- apiGroups: ["ec2.fleet.dev"]
  resources: ["ec2instances", "securitygroups", "spotfleets", "keypairs", "elasticips"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["ec2.fleet.dev"]
  resources: ["ec2instances/status", "securitygroups/status", "spotfleets/status", "keypairs/status",
    "elasticips/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["ec2.fleet.dev"]
  resources: ["ec2instances/finalizers", "securitygroups/finalizers", "spotfleets/finalizers",
    "keypairs/finalizers", "elasticips/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- if .Values.keyPairs.secrets }}
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
{{- end }}
{{- end -}}

{{/* interruptionQueues as INTERRUPTION_QUEUES wants them: region=URL, comma-separated, by region. */}}
{{- define "ec2fleet.interruptionQueues" -}}
{{- $queues := list -}}
{{- range $region, $url := .Values.interruptionQueues -}}
{{- $queues = append $queues (printf "%s=%s" $region $url) -}}
{{- end -}}
{{- join "," $queues -}}
{{- end -}}
