#!/usr/bin/env bash
# ./scripts/health-check.sh — is AetherLearn healthy? Exit 0 if so, 1 if not.
# Asks /api/health (database, Redis, object storage) of the local web processes, or of the public
# site with --public; with --wait, keeps asking until healthy or out of time (used after a restart).
#
# Options:
#   --url URL         the health endpoint (default: $HEALTH_URL or http://127.0.0.1:3001/api/health)
#   --public          check $PUBLIC_URL/api/health and its home page instead (through nginx and the tunnel)
#   --env-file FILE   load PUBLIC_URL and HEALTH_URL from FILE
#   --wait SECONDS    retry until healthy for up to SECONDS (default 0: ask once)
#   --timeout SECONDS time allowed for each request (default 5)
#   --verbose         print each check with its status and latency
set -euo pipefail
source "$(dirname "$0")/lib/ops.sh"

URL="" PUBLIC=no WAIT=0 TIMEOUT=5 VERBOSE=no
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage "$0"; exit 0 ;;
    --url) URL="${2:?--url needs a URL}"; shift 2 ;;
    --public) PUBLIC=yes; shift ;;
    --env-file) load_env_file "${2:?--env-file needs a file}"; shift 2 ;;
    --wait) WAIT="${2:?--wait needs seconds}"; shift 2 ;;
    --timeout) TIMEOUT="${2:?--timeout needs seconds}"; shift 2 ;;
    --verbose | -v) VERBOSE=yes; shift ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done
[[ "$WAIT" =~ ^[0-9]+$ ]] || die "--wait must be a whole number of seconds"
[[ "$TIMEOUT" =~ ^[0-9]+$ ]] && [ "$TIMEOUT" -gt 0 ] || die "--timeout must be a positive whole number of seconds"
require_cmd curl jq
if [ "$PUBLIC" = yes ]; then
  [ -n "${PUBLIC_URL:-}" ] || die "--public needs PUBLIC_URL (set it or pass --env-file)"
  URL="${PUBLIC_URL%/}/api/health"
fi
URL="${URL:-${HEALTH_URL:-http://127.0.0.1:3001/api/health}}"

BODY="$(mktemp)"
trap 'rm -f "$BODY"' EXIT

# check_once: 0 when the endpoint answers 200 with status "ok"; the reason is left in REASON.
check_once() {
  local status
  status="$(curl -sS -o "$BODY" -w '%{http_code}' --max-time "$TIMEOUT" "$URL" 2>&1)" || {
    REASON="no answer from $URL (${status##*curl: })"
    return 1
  }
  if ! jq -e . "$BODY" >/dev/null 2>&1; then REASON="HTTP $status from $URL, not a health report"; return 1; fi
  if [ "$status" != 200 ] || [ "$(jq -r .status "$BODY")" != ok ]; then
    REASON="HTTP $status: failing checks: $(jq -r '[.checks | to_entries[] | select(.value.status != "ok") | .key] | join(", ")' "$BODY")"
    return 1
  fi
  if [ "$PUBLIC" = yes ]; then
    status="$(curl -sS -o /dev/null -w '%{http_code}' --max-time "$TIMEOUT" "${PUBLIC_URL%/}/" 2>&1)" || status="no answer"
    [ "$status" = 200 ] || { REASON="the home page answered $status"; return 1; }
  fi
  return 0
}

print_checks() {
  jq -e . "$BODY" >/dev/null 2>&1 || return 0
  jq -r '"version \(.version), up \(.uptime) s",
    (.checks | to_entries[] | "  \(.key): \(.value.status) (\(.value.latency_ms) ms)\(if .value.error then " — " + .value.error else "" end)")' "$BODY"
}

REASON="" STARTED="$(date +%s)"
until check_once; do
  if [ $(($(date +%s) - STARTED)) -ge "$WAIT" ]; then
    [ "$VERBOSE" = yes ] && print_checks
    printf 'unhealthy: %s\n' "$REASON" >&2
    exit 1
  fi
  sleep 1
done
[ "$VERBOSE" = yes ] && print_checks
echo "healthy: $URL"
