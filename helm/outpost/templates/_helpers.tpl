{{/*
Names. Kubernetes names are at most 63 characters (DNS labels); the StatefulSet's pods add "-N".
*/}}
{{- define "outpost.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "outpost.fullname" -}}
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

{{- define "outpost.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels (Helm best practices, "Labels and Annotations"). Selector labels never change after install.
*/}}
{{- define "outpost.labels" -}}
helm.sh/chart: {{ include "outpost.chart" . }}
{{ include "outpost.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: outpost
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "outpost.selectorLabels" -}}
app.kubernetes.io/name: {{ include "outpost.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "outpost.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "outpost.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "outpost.image" -}}
{{- $registry := .Values.global.imageRegistry | default .Values.image.registry }}
{{- $repository := .Values.image.repository }}
{{- if $registry }}
{{- $repository = printf "%s/%s" $registry $repository }}
{{- end }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" $repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" $repository (.Values.image.tag | default .Chart.AppVersion | toString) }}
{{- end }}
{{- end }}

{{/*
The HTTP(S) port Outpost listens on in the container: 8080 (QUARKUS_HTTP_PORT), or 8443
(QUARKUS_HTTP_SSL_PORT) with TLS, where plain HTTP is off. Fixed by the application, not a value.
*/}}
{{- define "outpost.containerPort" -}}
{{- if .Values.tls.enabled }}8443{{ else }}8080{{ end }}
{{- end }}

{{- define "outpost.portName" -}}
{{- if .Values.tls.enabled }}https{{ else }}http{{ end }}
{{- end }}

{{- define "outpost.scheme" -}}
{{- if .Values.tls.enabled }}HTTPS{{ else }}HTTP{{ end }}
{{- end }}

{{- define "outpost.servicePort" -}}
{{- if .Values.tls.enabled }}{{ .Values.service.httpsPort }}{{ else }}{{ .Values.service.port }}{{ end }}
{{- end }}

{{/*
Where things live in the container. The application reads each path from the environment.
*/}}
{{- define "outpost.dataDir" -}}/var/lib/outpost{{- end }}
{{- define "outpost.sharedInboxDir" -}}/var/lib/outpost-inbox{{- end }}
{{- define "outpost.keysDir" -}}/etc/outpost/keys{{- end }}
{{- define "outpost.tlsDir" -}}/etc/outpost/tls{{- end }}

{{- define "outpost.inboxDir" -}}
{{- if .Values.inbox.existingClaim }}
{{- include "outpost.sharedInboxDir" . }}
{{- else }}
{{- include "outpost.dataDir" . }}/inbox
{{- end }}
{{- end }}

{{/*
The most replicas that can run at once: replicaCount, or autoscaling.maxReplicas.
*/}}
{{- define "outpost.maxReplicas" -}}
{{- if .Values.autoscaling.enabled }}{{ .Values.autoscaling.maxReplicas }}{{ else }}{{ .Values.replicaCount }}{{ end }}
{{- end }}

{{/*
Trusted root keys: the ConfigMap that holds them and the file names to pin.
*/}}
{{- define "outpost.trustConfigMapName" -}}
{{- .Values.trust.existingConfigMap | default (printf "%s-trust" (include "outpost.fullname" .)) }}
{{- end }}

{{- define "outpost.trustKeyFiles" -}}
{{- $files := list }}
{{- if .Values.trust.existingConfigMap }}
{{- $files = .Values.trust.existingConfigMapKeys }}
{{- else }}
{{- range $i, $pem := .Values.trust.rootKeys }}
{{- $files = append $files (printf "root-%d.pub.pem" (add1 $i)) }}
{{- end }}
{{- end }}
{{- toJson $files }}
{{- end }}

{{- define "outpost.operatorTokensSecretName" -}}
{{- .Values.operatorTokens.existingSecret | default (printf "%s-operator-tokens" (include "outpost.fullname" .)) }}
{{- end }}

{{- define "outpost.operatorTokensKey" -}}
{{- if .Values.operatorTokens.existingSecret }}{{ .Values.operatorTokens.existingSecretKey }}{{ else }}tokens{{ end }}
{{- end }}

{{/*
The hosts and ports of database.url, as JSON {"hosts": [{"host": h, "port": p, "ip": bool}]}.
PgJDBC URLs: jdbc:postgresql://host[:port][,host[:port]...]/database[?params]; IPv6 in brackets.
*/}}
{{- define "outpost.databaseHosts" -}}
{{- $hosts := list }}
{{- $authority := regexReplaceAll "[/?].*$" (trimPrefix "jdbc:postgresql://" .Values.database.url) "" }}
{{- range $entry := splitList "," $authority }}
{{- $host := $entry }}
{{- $port := 5432 }}
{{- if hasPrefix "[" $entry }}
{{- $host = regexReplaceAll "^\\[([^\\]]*)\\].*$" $entry "${1}" }}
{{- if regexMatch "^\\[[^\\]]*\\]:[0-9]+$" $entry }}
{{- $port = regexReplaceAll "^.*:([0-9]+)$" $entry "${1}" | atoi }}
{{- end }}
{{- else if contains ":" $entry }}
{{- $host = regexReplaceAll ":.*$" $entry "" }}
{{- $port = regexReplaceAll "^[^:]*:" $entry "" | atoi }}
{{- end }}
{{- $ip := or (regexMatch "^[0-9]{1,3}(\\.[0-9]{1,3}){3}$" $host) (contains ":" $host) }}
{{- $hosts = append $hosts (dict "host" $host "port" $port "ip" $ip) }}
{{- end }}
{{- toJson (dict "hosts" $hosts) }}
{{- end }}

{{/*
Refuses value combinations that cannot work, with a message that says what to set. Included by the
StatefulSet, so that `helm install`, `template` and `lint` all stop on them.
*/}}
{{- define "outpost.validate" -}}
{{- $replicas := include "outpost.maxReplicas" . | atoi }}
{{- if and (gt $replicas 1) (not .Values.database.url) }}
{{- fail (printf "outpost: %d replicas need an external PostgreSQL: set database.url (jdbc:postgresql://HOST:5432/DB) and database.existingSecret. The embedded H2 database lives on one replica's volume and cannot be shared." $replicas) }}
{{- end }}
{{- if and (gt $replicas 1) .Values.inbox.enabled (not .Values.inbox.existingClaim) }}
{{- fail (printf "outpost: %d replicas need a shared inbox: set inbox.existingClaim to a ReadOnlyMany or ReadWriteMany PersistentVolumeClaim that holds the bundles, so that every replica sees each bundle." $replicas) }}
{{- end }}
{{- if and .Values.database.url (not .Values.database.existingSecret) }}
{{- fail "outpost: database.url needs database.existingSecret, the Secret with the database user name and password." }}
{{- end }}
{{- if and .Values.networkPolicy.enabled .Values.database.url (not .Values.networkPolicy.database.to) }}
{{- fail "outpost: the NetworkPolicy denies all egress, so it must be told where the database is: set networkPolicy.database.to (e.g. [{ipBlock: {cidr: 10.0.12.7/32}}] or a namespaceSelector and podSelector), or networkPolicy.enabled=false." }}
{{- end }}
{{- if and .Values.tls.enabled (not .Values.tls.existingSecret) }}
{{- fail "outpost: tls.enabled needs tls.existingSecret, a Secret of type kubernetes.io/tls with tls.crt and tls.key." }}
{{- end }}
{{- if and .Values.trust.rootKeys .Values.trust.existingConfigMap }}
{{- fail "outpost: set trust.rootKeys or trust.existingConfigMap, not both." }}
{{- end }}
{{- if and .Values.trust.existingConfigMap (not .Values.trust.existingConfigMapKeys) }}
{{- fail "outpost: trust.existingConfigMap needs trust.existingConfigMapKeys, the keys (file names) of the PEM root keys in it: Outpost pins a list of files, not a directory." }}
{{- end }}
{{- if and (not .Values.trust.existingConfigMap) .Values.trust.existingConfigMapKeys }}
{{- fail "outpost: trust.existingConfigMapKeys names keys of trust.existingConfigMap, which is not set." }}
{{- end }}
{{- $keys := include "outpost.trustKeyFiles" . | fromJsonArray | len }}
{{- if and (gt $keys 0) (gt (int .Values.trust.rootThreshold) $keys) }}
{{- fail (printf "outpost: trust.rootThreshold is %d but only %d root key(s) are pinned." (int .Values.trust.rootThreshold) $keys) }}
{{- end }}
{{- if and .Values.operatorTokens.existingSecret .Values.operatorTokens.entries }}
{{- fail "outpost: set operatorTokens.existingSecret or operatorTokens.entries, not both." }}
{{- end }}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) }}
{{- fail "outpost: autoscaling.minReplicas is greater than autoscaling.maxReplicas." }}
{{- end }}
{{- if and (toString .Values.pdb.minAvailable) (toString .Values.pdb.maxUnavailable) }}
{{- fail "outpost: set pdb.minAvailable or pdb.maxUnavailable, not both." }}
{{- end }}
{{- $managed := include "outpost.managedEnvNames" . | fromJsonArray }}
{{- range .Values.extraEnv }}
{{- if has .name $managed }}
{{- fail (printf "outpost: extraEnv sets %s, which the chart sets from its values; use the value for it (README.md lists them)." .name) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Every environment variable the chart may set; extraEnv must not set them again (with a read-only
shared inbox, OUTPOST_INBOX_AFTER_IMPORT=delete could not work, for one).
*/}}
{{- define "outpost.managedEnvNames" -}}
{{- toJson (list "OUTPOST_DATA_DIR" "OUTPOST_DATABASE_KIND" "OUTPOST_JAVA_OPTS" "OUTPOST_INBOX_ENABLED" "OUTPOST_INBOX_DIRECTORY" "OUTPOST_INBOX_AFTER_IMPORT" "OUTPOST_INBOX_SCAN_INTERVAL" "OUTPOST_TRUST_ROOT_KEYS" "OUTPOST_TRUST_ROOT_THRESHOLD" "OUTPOST_OPERATOR_TOKENS" "OUTPOST_LOCAL_REFRESH_INTERVAL" "OUTPOST_DATASET_MAX_AGE" "OUTPOST_DATASET_WHEN_STALE" "OUTPOST_DNS_ENABLED" "OUTPOST_DNS_PORT" "QUARKUS_HTTP_PORT" "QUARKUS_HTTP_SSL_PORT" "QUARKUS_TLS_KEY_STORE_PEM__0__CERT" "QUARKUS_TLS_KEY_STORE_PEM__0__KEY" "QUARKUS_HTTP_INSECURE_REQUESTS" "QUARKUS_DATASOURCE_JDBC_URL" "QUARKUS_DATASOURCE_USERNAME" "QUARKUS_DATASOURCE_PASSWORD") }}
{{- end }}

{{/*
An IntOrString value: a whole number unquoted (5), anything else quoted ("25%").
*/}}
{{- define "outpost.intOrString" -}}
{{- if regexMatch "^[0-9]+$" (toString .) }}{{ . }}{{ else }}{{ quote . }}{{ end }}
{{- end }}
