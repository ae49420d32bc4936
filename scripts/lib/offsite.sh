# The off-site repository: restic on a second S3 endpoint, configured apart from the app's own
# storage (BACKUP_S3_*), so losing the server or its storage account does not lose the backups.
# shellcheck shell=bash

# offsite_env REPO_DIR: checks BACKUP_S3_* and points restic at a local copy of the repository in
# REPO_DIR, which offsite_pull / offsite_push mirror to and from the bucket (scripts/offsite-sync.ts).
# The repository is encrypted with the passphrase in BACKUP_PASSPHRASE_FILE (created by the
# installer, never in the repository), so the off-site provider only ever holds ciphertext.
offsite_env() {
  : "${BACKUP_S3_ENDPOINT:?BACKUP_S3_ENDPOINT is required (the off-site S3 endpoint, e.g. https://s3.eu-central-1.example.com)}"
  : "${BACKUP_S3_BUCKET:?BACKUP_S3_BUCKET is required (the off-site bucket; created on first use)}"
  : "${BACKUP_S3_ACCESS_KEY:?BACKUP_S3_ACCESS_KEY is required}"
  : "${BACKUP_S3_SECRET_KEY:?BACKUP_S3_SECRET_KEY is required}"
  : "${BACKUP_PASSPHRASE_FILE:?BACKUP_PASSPHRASE_FILE is required (the repository passphrase)}"
  [ -r "$BACKUP_PASSPHRASE_FILE" ] || die "cannot read the backup passphrase at $BACKUP_PASSPHRASE_FILE"
  require_cmd restic
  export BACKUP_S3_ENDPOINT BACKUP_S3_BUCKET BACKUP_S3_ACCESS_KEY BACKUP_S3_SECRET_KEY
  export RESTIC_REPOSITORY="$1" RESTIC_PASSWORD_FILE="$BACKUP_PASSPHRASE_FILE"
  export RESTIC_CACHE_DIR="${RESTIC_CACHE_DIR:-$1.cache}"
  OFFSITE_NAME="${BACKUP_S3_ENDPOINT%/}/$BACKUP_S3_BUCKET/${BACKUP_S3_PREFIX:-aetherlearn}"
}

offsite_pull() { (cd "$ROOT" && bun scripts/offsite-sync.ts pull "$RESTIC_REPOSITORY") >&2; }
offsite_push() { (cd "$ROOT" && bun scripts/offsite-sync.ts push "$RESTIC_REPOSITORY") >&2; }

# offsite_init: the local copy continues the off-site repository, or a new one is created on first use.
offsite_init() {
  restic cat config >/dev/null 2>&1 && return 0
  mkdir -p "$RESTIC_REPOSITORY"
  local pulled=0
  offsite_pull || pulled=$?
  if [ "$pulled" -eq 0 ]; then
    restic cat config >/dev/null || die "the off-site repository at $OFFSITE_NAME does not open with this passphrase"
    return 0
  fi
  # Only an empty bucket gets a new repository: one that could not be reached must never be replaced.
  [ "$pulled" -eq 3 ] || die "could not reach the off-site repository at $OFFSITE_NAME"
  note "creating the off-site repository at $OFFSITE_NAME"
  rm -rf "$RESTIC_REPOSITORY"
  restic init >&2 || die "could not create the repository in $RESTIC_REPOSITORY"
}

# ops_status KIND OK DETAIL: records a run for the metrics and the system health page
# (src/platform/ops-status.ts reads DATA_DIR/ops-status/KIND.json). The drill restores into a scratch
# DATA_DIR, so it names the app's folder in OPS_STATUS_DIR.
ops_status() {
  local kind="$1" ok="$2" detail="$3" dir="${OPS_STATUS_DIR:-${DATA_DIR:-.data/dev}/ops-status}" previous=null now
  mkdir -p "$dir"
  now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  [ -f "$dir/$kind.json" ] && previous="$(jq '.last_success_at' "$dir/$kind.json" 2>/dev/null || echo null)"
  jq -n --arg now "$now" --argjson ok "$ok" --arg detail "$detail" --argjson previous "$previous" \
    '{finished_at: $now, ok: $ok, detail: $detail, last_success_at: (if $ok then $now else $previous end)}' \
    >"$dir/$kind.json.tmp" && mv "$dir/$kind.json.tmp" "$dir/$kind.json"
}
