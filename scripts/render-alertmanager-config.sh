#!/usr/bin/env bash
# ./scripts/render-alertmanager-config.sh [--env-file FILE] [--out FILE]
# Writes Alertmanager's configuration from the operator's alerting settings: every alert goes by
# email (SMTP); critical and high ones also to a Slack-compatible webhook when one is given.
# Settings (from --env-file, default /etc/aetherlearn/alerting.env, or the environment):
#   ALERT_EMAIL_TO         who is told (required; several addresses comma-separated)
#   ALERT_SMTP_SMARTHOST   SMTP server as host:port (required)
#   ALERT_EMAIL_FROM       sender (default alertmanager@<hostname>)
#   ALERT_SMTP_USERNAME, ALERT_SMTP_PASSWORD   SMTP authentication (optional)
#   ALERT_SMTP_REQUIRE_TLS STARTTLS required: true (default) or false
#   ALERT_WEBHOOK_URL      Slack-compatible incoming webhook (optional)
#   ALERT_GROUP_WAIT       how long a new group of alerts waits for company before it is sent (30s)
# Check the result with: amtool check-config FILE
set -euo pipefail
source "$(dirname "$0")/lib/ops.sh"

ENV_FILE=/etc/aetherlearn/alerting.env
OUT=-
while [ $# -gt 0 ]; do
  case "$1" in
    --env-file) ENV_FILE="${2:?--env-file needs a file}"; shift 2 ;;
    --out) OUT="${2:?--out needs a file}"; shift 2 ;;
    -h|--help) usage "$0"; exit 0 ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done
[ -f "$ENV_FILE" ] && load_env_file "$ENV_FILE"

: "${ALERT_EMAIL_TO:?ALERT_EMAIL_TO is required (who receives alerts)}"
: "${ALERT_SMTP_SMARTHOST:?ALERT_SMTP_SMARTHOST is required (host:port of the SMTP server)}"
[[ "$ALERT_SMTP_SMARTHOST" =~ ^[^:[:space:]]+:[0-9]+$ ]] || die "ALERT_SMTP_SMARTHOST must be host:port, got '$ALERT_SMTP_SMARTHOST'"
FROM="${ALERT_EMAIL_FROM:-alertmanager@$(hostname -f 2>/dev/null || hostname)}"
REQUIRE_TLS="${ALERT_SMTP_REQUIRE_TLS:-true}"
[[ "$REQUIRE_TLS" =~ ^(true|false)$ ]] || die "ALERT_SMTP_REQUIRE_TLS must be true or false"
GROUP_WAIT="${ALERT_GROUP_WAIT:-30s}"
[[ "$GROUP_WAIT" =~ ^[0-9]+(ms|s|m|h)$ ]] || die "ALERT_GROUP_WAIT must be a duration such as 30s"

# yaml STRING: a double-quoted YAML scalar.
yaml() { local value="${1//\\/\\\\}"; printf '"%s"' "${value//\"/\\\"}"; }

email_config() {
  echo "      - to: $(yaml "$ALERT_EMAIL_TO")"
  echo "        send_resolved: true"
}

render() {
  cat <<YAML
# Rendered by scripts/render-alertmanager-config.sh from $ENV_FILE; edit that file, not this one.
global:
  smtp_smarthost: $(yaml "$ALERT_SMTP_SMARTHOST")
  smtp_from: $(yaml "$FROM")
  smtp_require_tls: $REQUIRE_TLS
YAML
  if [ -n "${ALERT_SMTP_USERNAME:-}" ]; then
    echo "  smtp_auth_username: $(yaml "$ALERT_SMTP_USERNAME")"
    echo "  smtp_auth_password: $(yaml "${ALERT_SMTP_PASSWORD:-}")"
  fi
  cat <<YAML

route:
  receiver: email
  group_by: [alertname, job, instance]
  group_wait: $GROUP_WAIT
  group_interval: 5m
  repeat_interval: 4h
YAML
  if [ -n "${ALERT_WEBHOOK_URL:-}" ]; then
    cat <<YAML
  routes:
    - matchers: ['severity=~"critical|high"']
      receiver: email-and-chat
YAML
  fi
  cat <<YAML

# A host that is down makes every other alert about it noise.
inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity=~"high|medium"']
    equal: [instance]

receivers:
  - name: email
    email_configs:
$(email_config)
YAML
  if [ -n "${ALERT_WEBHOOK_URL:-}" ]; then
    cat <<YAML
  - name: email-and-chat
    email_configs:
$(email_config)
    slack_configs:
      - api_url: $(yaml "$ALERT_WEBHOOK_URL")
        send_resolved: true
        title: '{{ .CommonLabels.alertname }} ({{ .Status }})'
        text: '{{ range .Alerts }}{{ .Annotations.summary }} {{ .Annotations.action }}{{ "\n" }}{{ end }}'
YAML
  fi
}

if [ "$OUT" = - ]; then render; else
  umask 027
  render >"$OUT.tmp" && mv "$OUT.tmp" "$OUT"
  note "wrote $OUT"
fi
