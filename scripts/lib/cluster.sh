# Several nodes on one machine, for scripts/cluster.sh, the drills (tests/drills) and
# `REDIS_MODE=sentinel ./scripts/test.sh`: Redis replicas and Sentinels, a PostgreSQL streaming
# replica, and stopping exactly what was started, by PID file. Loopback only.
# shellcheck shell=bash

CLUSTER_SENTINEL_NAME="${REDIS_SENTINEL_NAME:-aetherlearn}"

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# stop_pidfile FILE [SIGNAL]: stops the process the file names, and waits until it is gone.
stop_pidfile() {
  local file="$1" signal="${2:-TERM}" pid
  pid_alive "$file" || { rm -f "$file"; return 0; }
  pid="$(cat "$file")"
  kill "-$signal" "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  rm -f "$file"
}

wait_for_redis() {
  for _ in $(seq 1 100); do redis-cli -p "$1" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  die "Redis did not answer on port $1"
}

# start_redis_node DIR PORT [PRIMARY_PORT]: a persistent Redis, a replica of PRIMARY_PORT when given.
start_redis_node() {
  local dir="$1" port="$2" primary="${3:-}"
  mkdir -p "$dir"; dir="$(cd "$dir" && pwd)"
  pid_alive "$dir/redis.pid" && { say "Redis already running on port $port"; return 1; }
  say "starting Redis on 127.0.0.1:$port${primary:+ (replica of $primary)}"
  local replica_args=()
  [ -n "$primary" ] && replica_args=(--replicaof 127.0.0.1 "$primary")
  redis-server --port "$port" --bind 127.0.0.1 --daemonize yes --dir "$dir" \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --maxmemory 512mb --maxmemory-policy noeviction \
    --appendonly yes --appendfsync everysec --save "" "${replica_args[@]}" || die "Redis did not start"
  wait_for_redis "$port"
}

# start_sentinel DIR PORT PRIMARY_PORT: one Sentinel watching the primary. Failover timings come
# from SENTINEL_DOWN_MS and SENTINEL_FAILOVER_MS (short in drills, longer in production).
start_sentinel() {
  local dir="$1" port="$2" primary="$3"
  mkdir -p "$dir"; dir="$(cd "$dir" && pwd)"
  pid_alive "$dir/sentinel.pid" && { say "Sentinel already running on port $port"; return 1; }
  # Sentinel rewrites its own file with what it learns; a fresh start begins from the primary given.
  cat >"$dir/sentinel.conf" <<EOF
port $port
bind 127.0.0.1
daemonize yes
dir $dir
pidfile $dir/sentinel.pid
logfile $dir/sentinel.log
sentinel monitor $CLUSTER_SENTINEL_NAME 127.0.0.1 $primary 2
sentinel down-after-milliseconds $CLUSTER_SENTINEL_NAME ${SENTINEL_DOWN_MS:-5000}
sentinel failover-timeout $CLUSTER_SENTINEL_NAME ${SENTINEL_FAILOVER_MS:-60000}
sentinel parallel-syncs $CLUSTER_SENTINEL_NAME 1
EOF
  if command -v redis-sentinel >/dev/null; then redis-sentinel "$dir/sentinel.conf" >/dev/null
  else redis-server "$dir/sentinel.conf" --sentinel >/dev/null; fi || die "Sentinel did not start on port $port"
  wait_for_redis "$port"
}

# start_redis_ha DIR PRIMARY_PORT REPLICA_PORT SENTINEL_PORT...: a replica of the running primary
# and the Sentinels; prints REDIS_SENTINELS for them once they agree on the primary.
start_redis_ha() {
  local dir="$1" primary="$2" replica="$3"; shift 3
  start_redis_node "$dir/replica" "$replica" "$primary" >&2 || true
  # Ready only once the replica holds the primary's data: until its first sync (which Redis delays
  # by repl-diskless-sync-delay, 5 s) no write is acknowledged, and a failover then would lose them all.
  local synced=no
  for _ in $(seq 1 300); do
    redis-cli -p "$replica" info replication 2>/dev/null | grep -q '^master_link_status:up' && { synced=yes; break; }
    sleep 0.1
  done
  [ "$synced" = yes ] || say "warning: the Redis replica on $replica has not synced with $primary after 30 s" >&2
  local list="" port
  for port in "$@"; do
    start_sentinel "$dir/sentinel-$port" "$port" "$primary" >&2 || true
    list="${list:+$list,}127.0.0.1:$port"
  done
  for port in "$@"; do
    for _ in $(seq 1 100); do
      [ "$(redis-cli -p "$port" sentinel get-master-addr-by-name "$CLUSTER_SENTINEL_NAME" 2>/dev/null | tail -n 1)" != "" ] && break
      sleep 0.1
    done
  done
  echo "$list"
}

stop_redis_ha() {
  local dir="$1" file
  for file in "$dir"/sentinel-*/sentinel.pid "$dir/replica/redis.pid"; do [ -f "$file" ] && stop_pidfile "$file"; done
  return 0
}

# redis_primary_port SENTINEL_PORT: the primary the Sentinels name now.
redis_primary_port() {
  redis-cli -p "$1" sentinel get-master-addr-by-name "$CLUSTER_SENTINEL_NAME" 2>/dev/null | tail -n 1
}

# start_postgres_replica PRIMARY_PORT USER PASSWORD DIR PORT: a streaming replica (pg_basebackup -R).
start_postgres_replica() {
  local primary="$1" user="$2" password="$3" dir="$4" port="$5" bin
  bin="$(pg_bin)"
  if [ ! -f "$dir/standby.signal" ] && [ ! -f "$dir/PG_VERSION" ]; then
    say "cloning the PostgreSQL primary into $dir (pg_basebackup -R)"
    mkdir -p "$dir"; [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir" && chmod 700 "$dir"
    as_pg_owner env PGPASSWORD="$password" "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary" -U "$user" \
      -D "$dir" -R -X stream -c fast >/dev/null || die "pg_basebackup from port $primary failed"
  fi
  if as_pg_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then say "PostgreSQL replica already running on port $port"; return 1; fi
  say "starting the PostgreSQL replica on 127.0.0.1:$port"
  as_pg_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$dir' -c max_connections=200 -c hot_standby=on" \
    start >/dev/null || { tail -n 20 "$dir/server.log" >&2; die "PostgreSQL replica did not start"; }
}
