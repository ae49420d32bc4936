# Sourced by scripts/test.sh when REDIS_MODE=sentinel: a replica of the test Redis and three
# Sentinels on ports beside it, and the app pointed at the Sentinels (REDIS_SENTINELS wins over
# REDIS_URL, which stays set for the few tests that talk to the primary directly).
# shellcheck shell=bash
source "$(dirname "${BASH_SOURCE[0]}")/cluster.sh"

# A previous run's Sentinels may have promoted the replica: start every Redis-HA node afresh.
stop_redis_ha "$TEST_DIR/redis-ha"
rm -rf "$TEST_DIR/redis-ha"
redis-cli -p "$REDIS_PORT" replicaof no one >/dev/null
export REDIS_SENTINELS
REDIS_SENTINELS="$(start_redis_ha "$TEST_DIR/redis-ha" "$REDIS_PORT" $((REDIS_PORT + 1000)) \
  $((REDIS_PORT + 1001)) $((REDIS_PORT + 1002)) $((REDIS_PORT + 1003)))"
export REDIS_SENTINEL_NAME="$CLUSTER_SENTINEL_NAME"
say "Redis through Sentinels: $REDIS_SENTINELS (primary on $REDIS_PORT)"
