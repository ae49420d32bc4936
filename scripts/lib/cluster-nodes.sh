# The nodes of scripts/cluster.sh: where each lives, how it starts, how it is reported.
# shellcheck shell=bash

CLUSTER_NAME="${CLUSTER_NAME:-cluster}"
CLUSTER_DIR="$ROOT/.data/$CLUSTER_NAME"
BASE="${CLUSTER_PORT_BASE:-47000}"
NGINX_PORT=$BASE WEB_PORTS=($((BASE + 1)) $((BASE + 2)))
PG_PRIMARY_PORT=$((BASE + 10)) PG_REPLICA_PORT=$((BASE + 11))
REDIS_PRIMARY_PORT=$((BASE + 20)) REDIS_REPLICA_PORT=$((BASE + 21))
SENTINEL_PORTS=($((BASE + 22)) $((BASE + 23)) $((BASE + 24)))
SMTP_PORT=$((BASE + 30))
PG_USER=aetherlearn PG_PASSWORD=aetherlearn-cluster PG_DB=aetherlearn_cluster
CLUSTER_ENV="$CLUSTER_DIR/cluster.env"
# Failover fast enough to watch; production uses the longer defaults in docs/scaling.md.
export SENTINEL_DOWN_MS="${SENTINEL_DOWN_MS:-2000}" SENTINEL_FAILOVER_MS="${SENTINEL_FAILOVER_MS:-10000}"

# The environment every app process of the cluster gets (Swift's ports change on every start).
write_cluster_env() {
  local sentinels="$1" storage_env="" secrets="$CLUSTER_DIR/secrets.env"
  # Secrets are made once and kept, so sessions and encrypted columns survive a restart.
  [ -f "$secrets" ] || (umask 077; cat >"$secrets" <<ENV
SESSION_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
ENCRYPTION_KEYS=c1:$(head -c 32 /dev/urandom | base64)
BLIND_INDEX_KEY=$(head -c 32 /dev/urandom | base64)
ENV
  )
  if [ "${CLUSTER_STORAGE:-swift}" = swift ]; then
    storage_env="STORAGE_DRIVER=s3
S3_ENDPOINT=$(swift_endpoint "$CLUSTER_DIR/swift-s3")
S3_ACCESS_KEY=$SWIFT_S3_ACCESS_KEY
S3_SECRET_KEY=$SWIFT_S3_SECRET_KEY
S3_USE_PATH_STYLE=true"
  fi
  (umask 077; cat >"$CLUSTER_ENV" <<ENV
NODE_ENV=production
APP_ENV=staging
LOG_LEVEL=warn
PUBLIC_URL=http://127.0.0.1:$NGINX_PORT
# libpq-style multi-host address: connections go to whichever node accepts writes, so promoting the
# replica needs no configuration change (docs/runbook.md).
DATABASE_URL=postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PRIMARY_PORT,127.0.0.1:$PG_REPLICA_PORT/$PG_DB?target_session_attrs=read-write
DATABASE_REPLICA_URL=postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_REPLICA_PORT/$PG_DB
REDIS_SENTINELS=$sentinels
REDIS_SENTINEL_NAME=$CLUSTER_SENTINEL_NAME
DATA_DIR=$CLUSTER_DIR
SMTP_URL=smtp://127.0.0.1:$SMTP_PORT
$(cat "$secrets")
FEATURE_GAMIFICATION=true
FEATURE_QR_SCANNING=true
$storage_env
ENV
  )
}

# start_app_process NAME ENTRY [PORT]: a web or worker process in the background, its PID on file.
start_app_process() {
  local name="$1" entry="$2" port="${3:-}"
  local pidfile="$CLUSTER_DIR/run/$name.pid"
  pid_alive "$pidfile" && { say "$name already running"; return 0; }
  say "starting $name${port:+ on 127.0.0.1:$port}"
  (
    set -a; source "$CLUSTER_ENV"; set +a
    [ -n "$port" ] && export PORT="$port" HOST=127.0.0.1
    cd "$ROOT" && exec bun "$entry" >>"$CLUSTER_DIR/log/$name.log" 2>&1
  ) &
  echo $! >"$pidfile"
}

wait_healthy() {
  local url="$1"
  for _ in $(seq 1 300); do curl -fs "$url/api/health" >/dev/null 2>&1 && return 0; sleep 0.2; done
  die "$url/api/health did not answer 200 (see $CLUSTER_DIR/log/)"
}

# The shipped site configuration with the cluster upstream and this checkout's ports and assets.
write_nginx_config() {
  local dir="$CLUSTER_DIR/nginx" servers="" port
  mkdir -p "$dir"/tmp/{body,proxy,fastcgi,uwsgi,scgi}
  for port in "${WEB_PORTS[@]}"; do servers+="    server 127.0.0.1:$port max_fails=1 fail_timeout=5s;\n"; done
  sed "s|^@WEB_SERVERS@$|${servers%\\n}|" "$ROOT/ops/nginx/cluster-upstream.conf.template" >"$dir/upstream.conf"
  awk -v upstream="$dir/upstream.conf" '
    /^upstream aetherlearn_web \{/ { skip = 1; while ((getline line < upstream) > 0) print line; next }
    skip && /^\}/ { skip = 0; next }
    !skip' "$ROOT/ops/nginx/aetherlearn.conf" |
    sed -e "s|listen 80;|listen 127.0.0.1:$NGINX_PORT;|" -e "/listen \[::\]:80;/d" \
      -e "s|/srv/aetherlearn/current/public|$ROOT/public|" >"$dir/aetherlearn.conf"
  cat >"$dir/nginx.conf" <<CONF
$([ "$(id -u)" -eq 0 ] && echo "user root;")
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  access_log $dir/access.log;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  include $dir/aetherlearn.conf;
}
CONF
}

start_nginx() {
  local dir="$CLUSTER_DIR/nginx"
  pid_alive "$dir/nginx.pid" && { say "nginx already running"; return 0; }
  write_nginx_config
  /usr/sbin/nginx -t -q -c "$dir/nginx.conf" -p "$dir" || die "nginx configuration rejected"
  say "starting nginx on 127.0.0.1:$NGINX_PORT"
  /usr/sbin/nginx -c "$dir/nginx.conf" -p "$dir" || die "nginx did not start"
}

cluster_up() {
  ensure_system_packages
  ensure_bun
  ensure_dependencies
  mkdir -p "$CLUSTER_DIR/run" "$CLUSTER_DIR/log"
  local pg_dir replica_dir; pg_dir="$(pg_data_dir "$CLUSTER_NAME/pg-primary")" replica_dir="$(pg_data_dir "$CLUSTER_NAME/pg-replica")"
  start_postgres "$pg_dir" "$PG_PRIMARY_PORT" "$PG_USER" "$PG_PASSWORD" || true
  create_database "$PG_PRIMARY_PORT" "$PG_USER" "$PG_PASSWORD" "$PG_DB"
  start_postgres_replica "$PG_PRIMARY_PORT" "$PG_USER" "$PG_PASSWORD" "$replica_dir" "$PG_REPLICA_PORT" || true
  start_redis_node "$CLUSTER_DIR/redis-primary" "$REDIS_PRIMARY_PORT" || true
  local sentinels
  sentinels="$(start_redis_ha "$CLUSTER_DIR/redis-replication" "$REDIS_PRIMARY_PORT" "$REDIS_REPLICA_PORT" "${SENTINEL_PORTS[@]}")"
  [ "${CLUSTER_STORAGE:-swift}" = swift ] && { start_swift "$CLUSTER_DIR/swift-s3" || true; }
  start_mail_sink "$CLUSTER_DIR/mail" "$SMTP_PORT" || true
  write_cluster_env "$sentinels"
  say "migrating and seeding demo data"
  (set -a; source "$CLUSTER_ENV"; set +a; cd "$ROOT" && bun run --silent migrate >/dev/null && bun run --silent seed >/dev/null) ||
    die "migrating or seeding failed"
  local i
  for i in 0 1; do start_app_process "web$((i + 1))" src/server.ts "${WEB_PORTS[$i]}"; done
  start_app_process worker src/worker.ts
  for i in 0 1; do wait_healthy "http://127.0.0.1:${WEB_PORTS[$i]}"; done
  start_nginx
  wait_healthy "http://127.0.0.1:$NGINX_PORT"
  cluster_status
  echo
  echo "  AetherLearn cluster at http://127.0.0.1:$NGINX_PORT (demo sign-ins as for ./scripts/dev.sh);"
  echo "  its environment is in ${CLUSTER_ENV#"$ROOT/"}; ./scripts/cluster.sh down stops it."
}

cluster_down() {
  local pg_dir replica_dir; pg_dir="$(pg_data_dir "$CLUSTER_NAME/pg-primary")" replica_dir="$(pg_data_dir "$CLUSTER_NAME/pg-replica")"
  [ -f "$CLUSTER_DIR/nginx/nginx.pid" ] && stop_pidfile "$CLUSTER_DIR/nginx/nginx.pid" QUIT
  local file
  for file in "$CLUSTER_DIR"/run/*.pid; do [ -f "$file" ] && say "stopping $(basename "$file" .pid)" && stop_pidfile "$file"; done
  stop_redis_ha "$CLUSTER_DIR/redis-replication"
  [ -f "$CLUSTER_DIR/redis-primary/redis.pid" ] && stop_pidfile "$CLUSTER_DIR/redis-primary/redis.pid"
  [ -d "$replica_dir" ] && stop_postgres "$replica_dir"
  [ -d "$pg_dir" ] && stop_postgres "$pg_dir"
  [ -d "$CLUSTER_DIR/swift-s3" ] && stop_swift "$CLUSTER_DIR/swift-s3"
  stop_mail_sink "$CLUSTER_DIR/mail"
  say "cluster stopped (data kept in ${CLUSTER_DIR#"$ROOT/"}; remove it for a fresh start)"
}

# node_line NAME ADDRESS STATE DETAIL
node_line() { printf '  %-14s %-22s %-6s %s\n' "$1" "$2" "$3" "$4"; }

pg_role() {
  local role
  role="$(PGPASSWORD="$PG_PASSWORD" psql -h 127.0.0.1 -p "$1" -U "$PG_USER" -d postgres -qtAc \
    "select case when pg_is_in_recovery() then 'replica' else 'primary' end" 2>/dev/null)"
  echo "${role:-down}"
}

redis_role() {
  local role; role="$(redis-cli -p "$1" role 2>/dev/null | head -n 1)"
  echo "${role:-down}"
}

up_or_down() { if "$@"; then echo up; else echo down; fi; }

cluster_status() {
  local port i
  echo "AetherLearn cluster ${CLUSTER_NAME} (.data/$CLUSTER_NAME):"
  node_line nginx "127.0.0.1:$NGINX_PORT" "$(up_or_down pid_alive "$CLUSTER_DIR/nginx/nginx.pid")" \
    "health $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$NGINX_PORT/api/health" 2>/dev/null)"
  for i in 0 1; do
    node_line "web$((i + 1))" "127.0.0.1:${WEB_PORTS[$i]}" "$(up_or_down pid_alive "$CLUSTER_DIR/run/web$((i + 1)).pid")" \
      "health $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${WEB_PORTS[$i]}/api/health" 2>/dev/null)"
  done
  node_line worker "-" "$(up_or_down pid_alive "$CLUSTER_DIR/run/worker.pid")" ""
  for port in "$PG_PRIMARY_PORT" "$PG_REPLICA_PORT"; do
    local role; role="$(pg_role "$port")"
    node_line postgresql "127.0.0.1:$port" "$([ "$role" = down ] && echo down || echo up)" "$role"
  done
  for port in "$REDIS_PRIMARY_PORT" "$REDIS_REPLICA_PORT"; do
    local role; role="$(redis_role "$port")"
    node_line redis "127.0.0.1:$port" "$([ "$role" = down ] && echo down || echo up)" "$role"
  done
  for port in "${SENTINEL_PORTS[@]}"; do
    local primary; primary="$(redis-cli -p "$port" sentinel get-master-addr-by-name "$CLUSTER_SENTINEL_NAME" 2>/dev/null | tr '\n' ':')"
    node_line sentinel "127.0.0.1:$port" "$([ -n "$primary" ] && echo up || echo down)" "${primary:+primary ${primary%:}}"
  done
  node_line smtp "127.0.0.1:$SMTP_PORT" "$(up_or_down pid_alive "$CLUSTER_DIR/mail/smtp-sink.pid")" \
    "mail in ${CLUSTER_DIR#"$ROOT/"}/mail"
  if [ "${CLUSTER_STORAGE:-swift}" = swift ] && [ -f "$CLUSTER_DIR/swift-s3/etc/ports" ]; then
    node_line "s3 (swift)" "$(swift_endpoint "$CLUSTER_DIR/swift-s3" | sed 's|http://||')" \
      "$(up_or_down swift_running "$CLUSTER_DIR/swift-s3")" ""
  else
    node_line storage "$CLUSTER_DIR/storage" disk ""
  fi
}
