#!/usr/bin/env bash
# ./scripts/generate-env-production.sh — write the production environment with fresh secrets.
# Usage: generate-env-production.sh --public-url URL [options]
# Fills .env.production.template: every @secret:…@ gets a random value (session secret, column
# encryption key k<yyyymm>:<32 bytes>, blind-index key, database password, MinIO keys), and writes
# the owner role's MIGRATE_DATABASE_URL to a second file (migrations and restores only; the app
# never sees it). Both files are mode 600. Secrets are never printed unless --print-secrets asks,
# and then only the ones just generated, once.
# An existing file is never overwritten without --force; with --force it is rewritten from the
# template but keeps its secrets, except those named by --rotate.
#
# Options:
#   --public-url URL     the address people use, e.g. https://lms.example.org (kept from the
#                        existing file when rewriting)
#   --app-env ENV        production | staging (default production)
#   --database NAME      database name (default aetherlearn, or aetherlearn_staging for staging)
#   --smtp-url URL       the SMTP server mail goes out through, credentials in the URL, e.g.
#                        smtp://user:password@smtp.example.org:587 (STARTTLS) or smtps://…:465;
#                        kept from the existing file when rewriting. Without it mail waits queued.
#   --mail-from SENDER   e.g. "Northside Tutoring <no-reply@example.org>" (default: AetherLearn
#                        <no-reply@> the public URL's host; kept from the existing file when rewriting)
#   --output FILE        default .env.production
#   --migrate-output FILE  default: migrate.env beside --output
#   --template FILE      default .env.production.template
#   --force              rewrite existing files, keeping their secrets
#   --rotate NAME        with --force, replace this secret (repeatable): SESSION_SECRET, DATABASE_URL,
#                        MIGRATE_DATABASE_URL, S3_ACCESS_KEY, S3_SECRET_KEY, or ENCRYPTION_KEYS
#                        (a new key goes first, old ones stay to decrypt until rotate-encryption-key
#                        has re-encrypted; BLIND_INDEX_KEY cannot rotate without re-indexing)
#   --print-secrets      print the newly generated secrets (only when they are created)
set -euo pipefail
source "$(dirname "$0")/lib/ops.sh"

PUBLIC_URL="" SMTP_URL="" MAIL_FROM="" APP_ENV=production DATABASE="" OUTPUT="$ROOT/.env.production" MIGRATE_OUTPUT=""
TEMPLATE="$ROOT/.env.production.template" FORCE=no PRINT=no ROTATE=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage "$0"; exit 0 ;;
    --public-url) PUBLIC_URL="${2:?--public-url needs a URL}"; shift 2 ;;
    --app-env) APP_ENV="${2:?--app-env needs production or staging}"; shift 2 ;;
    --database) DATABASE="${2:?--database needs a name}"; shift 2 ;;
    --smtp-url) SMTP_URL="${2:?--smtp-url needs a URL}"; shift 2 ;;
    --mail-from) MAIL_FROM="${2:?--mail-from needs a sender}"; shift 2 ;;
    --output) OUTPUT="${2:?--output needs a file}"; shift 2 ;;
    --migrate-output) MIGRATE_OUTPUT="${2:?--migrate-output needs a file}"; shift 2 ;;
    --template) TEMPLATE="${2:?--template needs a file}"; shift 2 ;;
    --force) FORCE=yes; shift ;;
    --rotate) ROTATE+=("${2:?--rotate needs a variable name}"); shift 2 ;;
    --print-secrets) PRINT=yes; shift ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done
MIGRATE_OUTPUT="${MIGRATE_OUTPUT:-$(dirname "$OUTPUT")/migrate.env}"
[ -f "$TEMPLATE" ] || die "template not found: $TEMPLATE"
[[ "$APP_ENV" =~ ^(production|staging)$ ]] || die "--app-env must be production or staging, not '$APP_ENV'"
if [ "$APP_ENV" = staging ]; then DATABASE="${DATABASE:-aetherlearn_staging}"; else DATABASE="${DATABASE:-aetherlearn}"; fi
[[ "$DATABASE" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "--database must be a plain lower-case PostgreSQL name"
for name in "${ROTATE[@]}"; do
  case "$name" in
    SESSION_SECRET | DATABASE_URL | MIGRATE_DATABASE_URL | S3_ACCESS_KEY | S3_SECRET_KEY | ENCRYPTION_KEYS) ;;
    BLIND_INDEX_KEY) die "BLIND_INDEX_KEY cannot be rotated here: every blind index would have to be recomputed" ;;
    *) die "--rotate: '$name' is not a secret this script manages" ;;
  esac
done
[ "${#ROTATE[@]}" -eq 0 ] || [ "$FORCE" = yes ] || die "--rotate rewrites an existing file: add --force"
if [ "$FORCE" != yes ]; then
  for file in "$OUTPUT" "$MIGRATE_OUTPUT"; do
    [ ! -e "$file" ] || die "$file already exists; nothing changed (--force rewrites it from the template, keeping its secrets)"
  done
fi

# existing FILE KEY: the value KEY has in FILE now (empty if the file or the key is missing).
existing() { [ -f "$1" ] && sed -n "s/^$2=//p" "$1" | tail -n 1 || true; }
rotating() { local name; for name in "${ROTATE[@]}"; do [ "$name" = "$1" ] && return 0; done; return 1; }

PUBLIC_URL="${PUBLIC_URL:-$(existing "$OUTPUT" PUBLIC_URL)}"
[ -n "$PUBLIC_URL" ] || die "--public-url is required, e.g. --public-url https://lms.example.org"
[[ "$PUBLIC_URL" =~ ^https?://[A-Za-z0-9.-]+(:[0-9]+)?(/.*)?$ ]] || die "--public-url is not an http(s) URL: $PUBLIC_URL"
SMTP_URL="${SMTP_URL:-$(existing "$OUTPUT" SMTP_URL)}"
[ -z "$SMTP_URL" ] || [[ "$SMTP_URL" =~ ^smtps?://[^[:space:]]+$ ]] || die "--smtp-url must start with smtp:// or smtps:// (and hold no spaces)"
PUBLIC_HOST="${PUBLIC_URL#*://}"; PUBLIC_HOST="${PUBLIC_HOST%%[:/]*}"
MAIL_FROM="${MAIL_FROM:-$(existing "$OUTPUT" MAIL_FROM | sed 's/^"\(.*\)"$/\1/')}"
MAIL_FROM="${MAIL_FROM:-AetherLearn <no-reply@$PUBLIC_HOST>}"
# No quotes, dollars, backslashes or backticks: the value is written inside double quotes.
SENDER_FORMAT='^[^<>"$\\`]*<?[^[:space:]<>@"$\\`]+@[^[:space:]<>@"$\\`]+>?$'
[[ "$MAIL_FROM" =~ $SENDER_FORMAT ]] || die "--mail-from must be an address, or a name and <address>: $MAIL_FROM"

random_secret() {
  case "$1" in
    token) head -c 48 /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d '=' ;;
    base64-32) head -c 32 /dev/urandom | base64 -w0 ;;
    encryption-key) printf 'k%s:%s' "$(date -u +%Y%m)" "$(head -c 32 /dev/urandom | base64 -w0)" ;;
    # Letters and digits only: they go inside URLs and MinIO's credentials unescaped.
    password) tr -dc 'A-Za-z0-9' </dev/urandom | head -c 40 ;;
    access-key) tr -dc 'A-Z0-9' </dev/urandom | head -c 20 ;;
    secret-key) tr -dc 'A-Za-z0-9' </dev/urandom | head -c 40 ;;
    *) die "the template asks for an unknown kind of secret: @secret:$1@" ;;
  esac
}

# fill VALUE: VALUE with each @secret:KIND@ replaced by a new secret.
fill() {
  local value="$1" kind
  while [[ "$value" =~ @secret:([a-z0-9-]+)@ ]]; do
    kind="${BASH_REMATCH[1]}"
    value="${value/"@secret:$kind@"/$(random_secret "$kind")}"
  done
  printf '%s' "$value"
}

GENERATED=()
# secret_value KEY TEMPLATE_VALUE FILE: sets SECRET to the existing value (unless rotating or
# missing) or to a new one, which it records for --print-secrets.
secret_value() {
  local key="$1" template="$2" file="$3" old
  old="$(existing "$file" "$key")"
  if [ -n "$old" ] && ! rotating "$key"; then SECRET="$old"; return; fi
  SECRET="$(fill "$template")"
  # A new encryption key goes first; the old ones keep decrypting until everything is re-encrypted.
  if [ "$key" = ENCRYPTION_KEYS ] && [ -n "$old" ]; then
    # Key ids must stay unique: a second rotation in a month becomes k<yyyymm>-2, and so on.
    local id="${SECRET%%:*}" candidate="${SECRET%%:*}" n=1
    while [[ ",$old" == *",$candidate:"* ]]; do n=$((n + 1)); candidate="$id-$n"; done
    SECRET="$candidate:${SECRET#*:},$old"
  fi
  GENERATED+=("$key=$SECRET")
}

# Both render into TEXT (not through $(…), which would lose the record of generated secrets).
render_app_env() {
  local line
  TEXT=""
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line//@PUBLIC_URL@/$PUBLIC_URL}"
    line="${line//@APP_ENV@/$APP_ENV}"
    line="${line//@DATABASE@/$DATABASE}"
    # Quoted: a password in the URL may hold & or \, which a bare replacement would expand.
    line="${line//@SMTP_URL@/"$SMTP_URL"}"
    line="${line//@MAIL_FROM@/"$MAIL_FROM"}"
    if [[ "$line" =~ ^([A-Z0-9_]+)=(.*@secret:.*)$ ]]; then
      local key="${BASH_REMATCH[1]}"
      secret_value "$key" "${BASH_REMATCH[2]}" "$OUTPUT"
      line="$key=$SECRET"
    fi
    TEXT+="$line"$'\n'
  done <"$TEMPLATE"
}

# The owner role, on the same server and database as the app's DATABASE_URL.
render_migrate_env() {
  local app_url server
  app_url="$(printf '%s' "$1" | sed -n 's/^DATABASE_URL=//p')"
  [[ "$app_url" =~ @([^/@]+)/ ]] || die "the template has no DATABASE_URL with a host"
  server="${BASH_REMATCH[1]}"
  secret_value MIGRATE_DATABASE_URL "postgres://aetherlearn_owner:@secret:password@@$server/$DATABASE" "$MIGRATE_OUTPUT"
  TEXT="# The owner role: migrations and restores only (scripts/database-setup.sh); keep it from the app."$'\n'
  TEXT+="MIGRATE_DATABASE_URL=$SECRET"$'\n'
}

# write_atomically FILE CONTENT: mode 600 from the first byte, swapped in by one rename.
write_atomically() {
  local file="$1" tmp
  mkdir -p "$(dirname "$file")"
  tmp="$(umask 077 && mktemp "$(dirname "$file")/.env.XXXXXX")"
  printf '%s' "$2" >"$tmp"
  mv -f "$tmp" "$file"
}

render_app_env
APP_TEXT="$TEXT"
render_migrate_env "$APP_TEXT"
write_atomically "$OUTPUT" "$APP_TEXT"
write_atomically "$MIGRATE_OUTPUT" "$TEXT"
note "wrote $OUTPUT and $MIGRATE_OUTPUT (mode 600); secrets generated: ${#GENERATED[@]}, kept: the rest"
if [ "$PRINT" = yes ] && [ "${#GENERATED[@]}" -gt 0 ]; then
  note "the new secrets, shown this once:"
  printf '%s\n' "${GENERATED[@]}"
fi
