#!/usr/bin/env bash
# A PostgreSQL cluster of a test's own (database-setup.sh needs a whole server: roles, databases),
# using the same functions as dev.sh and test.sh.
# Usage: throwaway-postgres.sh start NAME PORT SUPERUSER PASSWORD   (prints the data folder)
#        throwaway-postgres.sh stop DATA_DIR                        (stops it and deletes the folder)
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"

case "${1:-}" in
  start)
    dir="$(pg_data_dir "$2")"
    rm -rf "$dir"
    PG_FSYNC=off start_postgres "$dir" "$3" "$4" "$5" >&2
    echo "$dir"
    ;;
  stop)
    [ -f "$2/PG_VERSION" ] || { echo "not a PostgreSQL data folder: $2" >&2; exit 2; }
    stop_postgres "$2"
    rm -rf "$2"
    ;;
  *) echo "usage: $0 start NAME PORT SUPERUSER PASSWORD | stop DATA_DIR" >&2; exit 2 ;;
esac
