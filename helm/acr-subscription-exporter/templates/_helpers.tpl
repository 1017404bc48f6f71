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
app.kubernetes.io/version: {{ include "acr-subscription-exporter.version" . | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
The exporter release that runs: the image tag when one is set, else the chart's appVersion (as a
label value: no "+", at most 63 characters).
*/}}
{{- define "acr-subscription-exporter.version" -}}
{{- default .Chart.AppVersion .Values.image.tag | replace "+" "_" | trunc 63 | trimSuffix "-" }}
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
    app.kubernetes.io/version: {{ include "acr-subscription-exporter.version" . | quote }}
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
        {{- if .Values.webConfig.enabled }}
        - --web.config.file
        - /etc/acr-web/web-config.yml
        {{- end }}
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
        {{- include "acr-subscription-exporter.probe" (dict "probe" .Values.livenessProbe "root" .) | nindent 8 }}
      readinessProbe:
        {{- include "acr-subscription-exporter.probe" (dict "probe" .Values.readinessProbe "root" .) | nindent 8 }}
      resources:
        {{- toYaml .Values.resources | nindent 8 }}
      securityContext:
        {{- toYaml .Values.securityContext | nindent 8 }}
      volumeMounts:
        - name: config
          mountPath: /etc/acr
          readOnly: true
        {{- if .Values.webConfig.enabled }}
        - name: web-config
          mountPath: /etc/acr-web
          readOnly: true
        {{- end }}
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
    {{- if .Values.webConfig.enabled }}
    # One directory for the web configuration and the certificate it names; Secret updates reach
    # it without a restart, and the exporter re-reads the changed files.
    - name: web-config
      projected:
        sources:
          - secret:
              name: {{ include "acr-subscription-exporter.webConfigSecretName" . }}
              items:
                - key: web-config.yml
                  path: web-config.yml
          {{- with .Values.webConfig.tlsSecret }}
          - secret:
              name: {{ . }}
          {{- end }}
    {{- end }}
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
  {{- with .Values.topologySpreadConstraints }}
  topologySpreadConstraints:
    {{- /* A constraint without a labelSelector counts this release's pods, as in kube-state-metrics' chart. */}}
    {{- range . }}
    - {{ toYaml (ternary . (merge (dict "labelSelector" (dict "matchLabels" (include "acr-subscription-exporter.selectorLabels" $ | fromYaml))) .) (hasKey . "labelSelector")) | nindent 6 | trim }}
    {{- end }}
  {{- end }}
{{- end }}

{{/*
The scrape settings shared by the ServiceMonitor's endpoint and the PodMonitor's
podMetricsEndpoint. Called with (dict "monitor" <serviceMonitor or podMonitor values>).
*/}}
{{- define "acr-subscription-exporter.scrapeEndpoint" -}}
{{- $monitor := .monitor -}}
{{- $root := .root -}}
{{- $webTls := eq (include "acr-subscription-exporter.webTls" $root) "true" -}}
port: http-metrics
path: /metrics
scheme: {{ ternary "https" $monitor.scheme $webTls }}
{{- if $monitor.tlsConfig }}
tlsConfig:
  {{- toYaml $monitor.tlsConfig | nindent 2 }}
{{- else if and $webTls $root.Values.webConfig.tlsSecret }}
tlsConfig:
  ca:
    secret:
      name: {{ $root.Values.webConfig.tlsSecret }}
      key: ca.crt
  serverName: {{ printf "%s.%s.svc" (include "acr-subscription-exporter.fullname" $root) $root.Release.Namespace }}
{{- end }}
{{- if $monitor.basicAuth }}
basicAuth:
  {{- toYaml $monitor.basicAuth | nindent 2 }}
{{- else if eq (include "acr-subscription-exporter.webBasicAuth" $root) "true" }}
{{- fail (printf "%s.basicAuth is required: webConfig has basic auth, and the scrape must send credentials" .name) }}
{{- end }}
{{- if $monitor.honorLabels }}
honorLabels: true
{{- end }}
interval: {{ $monitor.interval }}
# Above the exporter's collection.scrapeTimeout, so a slow collection still answers
# with the last snapshot instead of failing the scrape.
scrapeTimeout: {{ $monitor.scrapeTimeout }}
relabelings:
  # The alert rules select up{job="..."}: pin the job label instead of the Service name.
  - action: replace
    targetLabel: job
    replacement: {{ $monitor.jobName | quote }}
  {{- with $monitor.relabelings }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
metricRelabelings:
  # prometheus-operator gives every target a `namespace` label (the Kubernetes one), so
  # Prometheus renames the repository metrics' own `namespace` (the ACR namespace the rules,
  # dashboards and runbook use) to `exported_namespace`. Give it its name back.
  - action: replace
    sourceLabels: [exported_namespace]
    regex: "(.+)"
    targetLabel: namespace
  - action: labeldrop
    regex: exported_namespace
  {{- with $monitor.metricRelabelings }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end }}

{{/*
The job label of the scraped series: the one the enabled monitor writes (the PrometheusRule's up
selectors follow it).
*/}}
{{- define "acr-subscription-exporter.jobName" -}}
{{- if and .Values.podMonitor.enabled (not .Values.serviceMonitor.enabled) }}
{{- .Values.podMonitor.jobName }}
{{- else }}
{{- .Values.serviceMonitor.jobName }}
{{- end }}
{{- end }}

{{/*
The label that marks the sharded StatefulSet's headless Service, which the ServiceMonitor leaves
out (its endpoints are the same pods as the ClusterIP Service's: scraping both would double every
series).
*/}}
{{- define "acr-subscription-exporter.headlessServiceLabel" -}}
acr-subscription-exporter/service
{{- end }}

{{/*
Labels of the `helm test` pod. Not the selector labels: the Service, the PDB and the monitors
must not pick the test pod up.
*/}}
{{- define "acr-subscription-exporter.testPodLabels" -}}
app.kubernetes.io/name: {{ printf "%s-test" (include "acr-subscription-exporter.name" .) | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: test
{{- end }}

{{/*
The web configuration: its Secret, whether it serves TLS and whether it has basic auth (from
webConfig.config, or the flags set for an existingSecret), and a probe adapted to both.
*/}}
{{- define "acr-subscription-exporter.webConfigSecretName" -}}
{{- .Values.webConfig.existingSecret | default (printf "%s-web-config" (include "acr-subscription-exporter.fullname" .)) -}}
{{- end }}

{{- define "acr-subscription-exporter.webTls" -}}
{{- and .Values.webConfig.enabled (or .Values.webConfig.tls (hasKey .Values.webConfig.config "tls_server_config")) -}}
{{- end }}

{{- define "acr-subscription-exporter.webBasicAuth" -}}
{{- and .Values.webConfig.enabled (or .Values.webConfig.basicAuth (hasKey .Values.webConfig.config "basic_auth_users")) -}}
{{- end }}

{{/*
A probe of the values with the web configuration applied: an httpGet probe cannot send basic auth
credentials, so it becomes a tcpSocket probe on the same port (as exporter-toolkit users do); with
TLS it probes with scheme HTTPS. Called with (dict "probe" <probe values> "root" $).
*/}}
{{- define "acr-subscription-exporter.probe" -}}
{{- $probe := deepCopy .probe -}}
{{- if and (hasKey $probe "httpGet") (eq (include "acr-subscription-exporter.webBasicAuth" .root) "true") -}}
{{- $_ := set $probe "tcpSocket" (dict "port" $probe.httpGet.port) -}}
{{- $_ := unset $probe "httpGet" -}}
{{- else if and (hasKey $probe "httpGet") (eq (include "acr-subscription-exporter.webTls" .root) "true") -}}
{{- $_ := set $probe.httpGet "scheme" "HTTPS" -}}
{{- end -}}
{{- toYaml $probe -}}
{{- end }}
