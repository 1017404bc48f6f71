{{/*
Name of the chart, or nameOverride. Kubernetes names are at most 63 characters.
*/}}
{{- define "acr-subscription-exporter.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of the release's resources: fullnameOverride, else <release>-<name>, or the release
name alone when it already contains the chart name.
*/}}
{{- define "acr-subscription-exporter.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "acr-subscription-exporter.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels of every resource.
*/}}
{{- define "acr-subscription-exporter.labels" -}}
helm.sh/chart: {{ include "acr-subscription-exporter.chart" . }}
{{ include "acr-subscription-exporter.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Labels that select the pods (Service, ServiceMonitor, workload selector). They never change
across upgrades: a workload's selector is immutable.
*/}}
{{- define "acr-subscription-exporter.selectorLabels" -}}
app.kubernetes.io/name: {{ include "acr-subscription-exporter.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Name of the ServiceAccount the pods use.
*/}}
{{- define "acr-subscription-exporter.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "acr-subscription-exporter.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The image reference: repository@digest when a digest is set, else repository:tag (default appVersion).
*/}}
{{- define "acr-subscription-exporter.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
Name of the Secret holding the AccessKey pair (existingSecret and secret modes).
*/}}
{{- define "acr-subscription-exporter.credentialsSecretName" -}}
{{- if eq .Values.credentials.mode "existingSecret" }}
{{- required "credentials.existingSecret.name is required when credentials.mode is existingSecret" .Values.credentials.existingSecret.name }}
{{- else }}
{{- printf "%s-credentials" (include "acr-subscription-exporter.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/*
The exporter's environment variables for credentials.mode (see values.yaml `credentials`).
*/}}
{{- define "acr-subscription-exporter.credentialsEnv" -}}
{{- $credentials := .Values.credentials }}
{{- if or (eq $credentials.mode "existingSecret") (eq $credentials.mode "secret") }}
{{- $secretName := include "acr-subscription-exporter.credentialsSecretName" . }}
{{- $keys := dict "id" "accessKeyId" "secret" "accessKeySecret" "token" "" }}
{{- if eq $credentials.mode "existingSecret" }}
{{- $keys = dict "id" $credentials.existingSecret.accessKeyIdKey "secret" $credentials.existingSecret.accessKeySecretKey "token" $credentials.existingSecret.securityTokenKey }}
{{- end }}
- name: ALIBABA_CLOUD_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ $secretName }}
      key: {{ $keys.id }}
- name: ALIBABA_CLOUD_ACCESS_KEY_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $secretName }}
      key: {{ $keys.secret }}
{{- if $keys.token }}
- name: ALIBABA_CLOUD_SECURITY_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ $secretName }}
      key: {{ $keys.token }}
{{- end }}
{{- else if and (eq $credentials.mode "rrsa") $credentials.rrsa.injectEnv }}
- name: ALIBABA_CLOUD_ROLE_ARN
  value: {{ required "credentials.rrsa.roleArn is required when credentials.mode is rrsa and rrsa.injectEnv is true" $credentials.rrsa.roleArn | quote }}
- name: ALIBABA_CLOUD_OIDC_PROVIDER_ARN
  value: {{ required "credentials.rrsa.oidcProviderArn is required when credentials.mode is rrsa and rrsa.injectEnv is true" $credentials.rrsa.oidcProviderArn | quote }}
- name: ALIBABA_CLOUD_OIDC_TOKEN_FILE
  value: {{ printf "%s/token" (trimSuffix "/" $credentials.rrsa.tokenMountPath) | quote }}
{{- with $credentials.rrsa.roleSessionName }}
- name: ALIBABA_CLOUD_ROLE_SESSION_NAME
  value: {{ . | quote }}
{{- end }}
{{- else if eq $credentials.mode "ecsRamRole" }}
- name: ALIBABA_CLOUD_ECS_METADATA
  value: {{ required "credentials.ecsRamRole.roleName is required when credentials.mode is ecsRamRole" $credentials.ecsRamRole.roleName | quote }}
{{- end }}
{{- end }}

{{/*
Every environment variable of the exporter container: the shard's pod name, credentials, extraEnv.
*/}}
{{- define "acr-subscription-exporter.containerEnv" -}}
{{- if .Values.sharding.enabled }}
# The shard is the ordinal at the end of the StatefulSet pod's name (--total-shards without --shard).
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
{{- end }}
{{- include "acr-subscription-exporter.credentialsEnv" . }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
The pod template shared by the Deployment and the StatefulSet.
*/}}
{{- define "acr-subscription-exporter.podTemplate" -}}
{{- $rrsaVolume := and (eq .Values.credentials.mode "rrsa") .Values.credentials.rrsa.injectEnv -}}
metadata:
  annotations:
    checksum/config: {{ toYaml .Values.config | sha256sum }}
    {{- if eq .Values.credentials.mode "secret" }}
    checksum/credentials: {{ printf "%s/%s" .Values.credentials.secret.accessKeyId .Values.credentials.secret.accessKeySecret | sha256sum }}
    {{- end }}
    {{- with .Values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  labels:
    {{- include "acr-subscription-exporter.selectorLabels" . | nindent 4 }}
    {{- with .Values.commonLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
    {{- with .Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "acr-subscription-exporter.serviceAccountName" . }}
  automountServiceAccountToken: {{ .Values.automountServiceAccountToken }}
  {{- with .Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.priorityClassName }}
  priorityClassName: {{ . | quote }}
  {{- end }}
  terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
  securityContext:
    {{- toYaml .Values.podSecurityContext | nindent 4 }}
  containers:
    - name: exporter
      image: {{ include "acr-subscription-exporter.image" . | quote }}
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      args:
        - --config
        - /etc/acr/config.yml
        - --web.listen-address
        - {{ printf ":%v" .Values.containerPort | quote }}
        {{- if .Values.sharding.enabled }}
        - --total-shards
        - {{ .Values.sharding.replicas | quote }}
        {{- end }}
        {{- with .Values.extraArgs }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- with include "acr-subscription-exporter.containerEnv" . | trim }}
      env:
        {{- . | nindent 8 }}
      {{- end }}
      ports:
        - name: http-metrics
          containerPort: {{ .Values.containerPort }}
          protocol: TCP
      livenessProbe:
        {{- toYaml .Values.livenessProbe | nindent 8 }}
      readinessProbe:
        {{- toYaml .Values.readinessProbe | nindent 8 }}
      resources:
        {{- toYaml .Values.resources | nindent 8 }}
      securityContext:
        {{- toYaml .Values.securityContext | nindent 8 }}
      volumeMounts:
        - name: config
          mountPath: /etc/acr
          readOnly: true
        {{- if $rrsaVolume }}
        - name: rrsa-oidc-token
          mountPath: {{ .Values.credentials.rrsa.tokenMountPath }}
          readOnly: true
        {{- end }}
        {{- with .Values.extraVolumeMounts }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
  volumes:
    - name: config
      configMap:
        name: {{ include "acr-subscription-exporter.fullname" . }}
    {{- if $rrsaVolume }}
    # RRSA: a service account token for STS (audience sts.aliyuncs.com), exchanged by
    # @alicloud/credentials for the role's temporary credentials (AssumeRoleWithOIDC).
    - name: rrsa-oidc-token
      projected:
        sources:
          - serviceAccountToken:
              path: token
              audience: sts.aliyuncs.com
              expirationSeconds: {{ .Values.credentials.rrsa.tokenExpirationSeconds }}
    {{- end }}
    {{- with .Values.extraVolumes }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- with .Values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
