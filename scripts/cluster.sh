#!/usr/bin/env bash
# ./scripts/cluster.sh up|down|status — the multi-node topology on one machine (loopback only),
# for trying failover out and for the drills: nginx in front of 2 web processes and 1 worker,
# PostgreSQL primary + streaming replica, Redis primary + replica + 3 Sentinels, S3 storage (Swift;
# CLUSTER_STORAGE=disk for local disk), an SMTP server keeping mail as files. Data and PID files
# under .data/cluster/ (CLUSTER_NAME); ports from CLUSTER_PORT_BASE (default 47000). `down` stops
# only what `up` started.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/swift.sh"
source "$(dirname "$0")/lib/cluster.sh"
source "$(dirname "$0")/lib/cluster-nodes.sh"

case "${1:-}" in
  up) cluster_up ;;
  down) cluster_down ;;
  status) cluster_status ;;
  *) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; [ "${1:-}" = --help ] || [ "${1:-}" = -h ] ;;
esac
