#!/usr/bin/env bash
# ./scripts/rollback.sh — go back to an earlier release.
# Usage: rollback.sh [--config FILE] [--with-database] [--yes] [latest | RELEASE]
# Without a release, lists the releases and asks which one. `latest` is the release before the
# current one. The database is left as it is (nothing written since the deploy is lost) unless
# --with-database: then the current release's pre-deploy backup is restored too, which undoes its
# migrations and everything written since it was deployed.
#
# Options:
#   --config FILE     deploy settings, as for build-and-deploy.sh (default /etc/aetherlearn/deploy.env)
#   --with-database   also restore the database from the current release's pre-deploy backup
#   --list            list the releases and exit
#   --yes             do not ask for confirmation
set -euo pipefail
source "$(dirname "$0")/lib/deploy.sh"

CONFIG="" TARGET="" WITH_DATABASE=no LIST=no YES=no
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage "$0"; exit 0 ;;
    --config) CONFIG="${2:?--config needs a file}"; shift 2 ;;
    --with-database) WITH_DATABASE=yes; shift ;;
    --list) LIST=yes; shift ;;
    --yes) YES=yes; shift ;;
    -*) die "unknown option: $1 (see --help)" ;;
    *) [ -z "$TARGET" ] || die "only one release at a time"; TARGET="$1"; shift ;;
  esac
done
load_deploy_config "$CONFIG"
CURRENT="$(current_release)"
mapfile -t ALL < <(list_releases)
[ "${#ALL[@]}" -gt 0 ] || die "no releases in $RELEASES"

show_releases() {
  local i=1 name mark
  for name in "${ALL[@]}"; do
    mark=" "; [ "$name" = "$CURRENT" ] && mark="*"
    printf '%3d %s %s  migrated: %s%s\n' "$i" "$mark" "$name" "$(release_field "$name" RELEASE_MIGRATED)" \
      "$([ "$(release_field "$name" RELEASE_FAILED)" = yes ] && echo ", failed its health check")"
    i=$((i + 1))
  done
}
if [ "$LIST" = yes ]; then show_releases; exit 0; fi

# The release before the current one: the one it was deployed over, else the next older folder.
previous_release() {
  local recorded name seen=no
  recorded="$(release_field "$CURRENT" RELEASE_PREVIOUS)"
  if [ -n "$recorded" ] && [ -d "$RELEASES/$recorded" ]; then echo "$recorded"; return; fi
  for name in "${ALL[@]}"; do
    [ "$seen" = yes ] && { echo "$name"; return; }
    [ "$name" = "$CURRENT" ] && seen=yes
  done
}

if [ -z "$TARGET" ]; then
  [ -t 0 ] || die "say which release (a name or latest) when not run from a terminal"
  show_releases
  read -r -p "Roll back to which number? " choice
  [[ "$choice" =~ ^[0-9]+$ ]] && [ "$choice" -ge 1 ] && [ "$choice" -le "${#ALL[@]}" ] || die "no release number $choice"
  TARGET="${ALL[$((choice - 1))]}"
elif [ "$TARGET" = latest ]; then
  TARGET="$(previous_release)"
  [ -n "$TARGET" ] || die "there is no release before $CURRENT"
fi
[ -d "$RELEASES/$TARGET" ] || die "no such release: $TARGET (see --list)"
[ "$TARGET" != "$CURRENT" ] || die "$TARGET is already the current release"

DUMP=""
if [ "$WITH_DATABASE" = yes ]; then
  DUMP="$(release_field "$CURRENT" RELEASE_BACKUP)"
  [ -n "$DUMP" ] && [ -f "$DUMP" ] || die "the pre-deploy backup of $CURRENT is missing (${DUMP:-none recorded})"
elif [ "$(release_field "$CURRENT" RELEASE_MIGRATED)" = yes ]; then
  note "$CURRENT migrated the database; keeping the data as it is (pass --with-database to restore the pre-deploy backup)"
fi
if [ "$YES" != yes ] && [ -t 0 ]; then
  read -r -p "Roll back from ${CURRENT:-nothing} to $TARGET${DUMP:+ and restore $DUMP}? [y/N] " answer
  [ "$answer" = y ] || [ "$answer" = Y ] || die "not confirmed; nothing changed"
fi

take_deploy_lock
STARTED="$(date +%s.%N)"
rollback_to "$TARGET" "$DUMP"
echo "rolled back from ${CURRENT:-nothing} to $TARGET in $(elapsed_since "$STARTED") s"
