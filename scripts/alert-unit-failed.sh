#!/usr/bin/env bash
# scripts/alert-unit-failed.sh UNIT — tells Alertmanager that a systemd unit failed for good.
# Started by aetherlearn-alert@.service, which every AetherLearn unit names in OnFailure=: systemd
# starts it when it gives up restarting a unit (StartLimitBurst) or a oneshot job (backup) fails.
# The alert is posted as Prometheus posts its own, so it is routed, grouped and emailed the same.
# ALERTMANAGER_URL (default http://127.0.0.1:9093) says where Alertmanager listens.
set -euo pipefail
source "$(dirname "$0")/lib/ops.sh"

UNIT="${1:-}"
case "$UNIT" in -h|--help|"") usage "$0"; [ -n "$UNIT" ]; exit $? ;; esac
require_cmd curl jq
URL="${ALERTMANAGER_URL:-http://127.0.0.1:9093}"
HOST="$(hostname -f 2>/dev/null || hostname)"
# Alertmanager resolves an alert whose endsAt has passed; a day keeps it open until someone acts.
NOW="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
ENDS="$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)"

jq -n --arg unit "$UNIT" --arg host "$HOST" --arg now "$NOW" --arg ends "$ENDS" '[{
  labels: { alertname: "SystemdUnitFailed", severity: "critical", unit: $unit, instance: $host, job: "systemd" },
  annotations: {
    summary: "\($unit) on \($host) failed and systemd stopped restarting it",
    description: "systemd gave up on \($unit) at \($now).",
    action: "journalctl -u \($unit) --since -30min; fix the cause, then systemctl reset-failed \($unit) && systemctl start \($unit)."
  },
  startsAt: $now,
  endsAt: $ends
}]' | curl -fsS --max-time 10 -X POST -H 'content-type: application/json' --data-binary @- "$URL/api/v2/alerts" >/dev/null ||
  die "could not reach Alertmanager at $URL to report $UNIT"
note "alerted: $UNIT failed"
