# A project-local OpenStack Swift with its S3 API (s3api + tempauth), on loopback, for testing the
# S3 storage driver against a real S3 implementation that checks signatures. MinIO's server is
# not packaged in Debian; Swift is. One replica, a plain folder as its only device, no systemd:
# config and rings are generated under the given folder and the four servers started directly.
# shellcheck shell=bash

SWIFT_PACKAGES=(swift swift-proxy swift-account swift-container swift-object)
# The S3 credentials of the tempauth user (access key is "<account>:<user>").
SWIFT_S3_ACCESS_KEY="aetherlearn:app"
SWIFT_S3_SECRET_KEY="aetherlearn-swift-test-secret"
# A second, separate Swift account: the off-site backup repository's "other provider" in tests.
SWIFT_OFFSITE_S3_ACCESS_KEY="offsite:backup"
SWIFT_OFFSITE_S3_SECRET_KEY="aetherlearn-offsite-test-secret"
SWIFT_SERVERS=(account container object proxy)

ensure_swift() {
  command -v swift-proxy-server >/dev/null && command -v swift-ring-builder >/dev/null && return 0
  say "installing OpenStack Swift: ${SWIFT_PACKAGES[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${SWIFT_PACKAGES[@]}" >/dev/null
}

swift_running() {
  local dir="$1" server
  for server in "${SWIFT_SERVERS[@]}"; do
    [ -f "$dir/run/$server.pid" ] && kill -0 "$(cat "$dir/run/$server.pid")" 2>/dev/null || return 1
  done
}

# The S3 endpoint of a Swift started by start_swift in DIR.
swift_endpoint() { echo "http://127.0.0.1:$(sed -n 's/^proxy=//p' "$1/etc/ports")"; }

# Four loopback ports the kernel reports free right now.
swift_free_ports() {
  /usr/bin/python3 - <<'PY'
import socket
sockets = [socket.socket() for _ in range(4)]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in sockets))
PY
}

swift_write_config() {
  local dir="$1" account="$2" container="$3" object="$4" proxy="$5" user
  user="$(id -un)"
  printf 'account=%s\ncontainer=%s\nobject=%s\nproxy=%s\n' "$account" "$container" "$object" "$proxy" >"$dir/etc/ports"
  cat >"$dir/etc/swift.conf" <<EOF
[swift-hash]
swift_hash_path_suffix = aetherlearn-test
swift_hash_path_prefix = aetherlearn-test

[storage-policy:0]
name = Policy-0
default = yes
EOF
  local server port
  for server in account container object; do
    case "$server" in account) port="$account" ;; container) port="$container" ;; object) port="$object" ;; esac
    cat >"$dir/etc/$server-server.conf" <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $port
workers = 0
user = $user
swift_dir = $dir/etc
devices = $dir/devices
mount_check = false
log_level = WARNING

[pipeline:main]
pipeline = healthcheck $server-server

[app:$server-server]
use = egg:swift#$server

[filter:healthcheck]
use = egg:swift#healthcheck
EOF
  done
  cat >"$dir/etc/proxy-server.conf" <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $proxy
workers = 0
user = $user
swift_dir = $dir/etc
log_level = WARNING

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:s3api]
use = egg:swift#s3api
location = us-east-1

[filter:tempauth]
use = egg:swift#tempauth
user_${SWIFT_S3_ACCESS_KEY%%:*}_${SWIFT_S3_ACCESS_KEY#*:} = $SWIFT_S3_SECRET_KEY .admin
user_${SWIFT_OFFSITE_S3_ACCESS_KEY%%:*}_${SWIFT_OFFSITE_S3_ACCESS_KEY#*:} = $SWIFT_OFFSITE_S3_SECRET_KEY .admin

[filter:cache]
use = egg:swift#memcache

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:healthcheck]
use = egg:swift#healthcheck

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:listing_formats]
use = egg:swift#listing_formats

[filter:copy]
use = egg:swift#copy
EOF
}

# Rings record the servers' ports, so they are rebuilt on every start: one Python process for all
# three (swift-ring-builder would take nine, several seconds). Debian's own Python: Swift is its package.
swift_build_rings() {
  local dir="$1"
  /usr/bin/python3 - "$dir/etc" <<'PY' || die "could not build the Swift rings"
import sys
from swift.common.ring import RingBuilder

etc = sys.argv[1]
ports = dict(line.strip().split("=") for line in open(f"{etc}/ports"))
for ring in ("account", "container", "object"):
    builder = RingBuilder(6, 1, 0)
    builder.add_dev({"region": 1, "zone": 1, "ip": "127.0.0.1", "port": int(ports[ring]), "device": "d1", "weight": 100})
    builder.rebalance()
    builder.save(f"{etc}/{ring}.builder")
    builder.get_ring().save(f"{etc}/{ring}.ring.gz")
PY
}

# start_swift DIR — returns 1 when a Swift of this folder is already running.
start_swift() {
  local dir="$1" ports server port
  mkdir -p "$dir/etc" "$dir/devices/d1" "$dir/run" "$dir/log"
  dir="$(cd "$dir" && pwd)"
  if swift_running "$dir"; then
    say "Swift already running at $(swift_endpoint "$dir")"
    return 1
  fi
  stop_swift "$dir"
  # A fresh, empty store each start, like the test database.
  rm -rf "$dir/devices" && mkdir -p "$dir/devices/d1"
  ensure_swift
  read -r -a ports <<<"$(swift_free_ports)"
  swift_write_config "$dir" "${ports[@]}"
  swift_build_rings "$dir"
  say "starting Swift (S3 API) at $(swift_endpoint "$dir")"
  for server in "${SWIFT_SERVERS[@]}"; do
    "swift-$server-server" "$dir/etc/$server-server.conf" >>"$dir/log/$server.log" 2>&1 &
    echo $! >"$dir/run/$server.pid"
  done
  for server in "${SWIFT_SERVERS[@]}"; do
    port="$(sed -n "s/^$server=//p" "$dir/etc/ports")"
    swift_wait_healthy "$dir" "$server" "$port" || { stop_swift "$dir"; die "Swift $server server did not start"; }
  done
}

swift_wait_healthy() {
  local dir="$1" server="$2" port="$3"
  for _ in $(seq 1 150); do
    curl -fsS "http://127.0.0.1:$port/healthcheck" >/dev/null 2>&1 && return 0
    kill -0 "$(cat "$dir/run/$server.pid")" 2>/dev/null || { tail -n 20 "$dir/log/$server.log" >&2; return 1; }
    sleep 0.1
  done
  tail -n 20 "$dir/log/$server.log" >&2
  return 1
}

stop_swift() {
  local dir="$1" server pid
  for server in "${SWIFT_SERVERS[@]}"; do
    [ -f "$dir/run/$server.pid" ] || continue
    pid="$(cat "$dir/run/$server.pid")"
    kill "$pid" 2>/dev/null || true
    rm -f "$dir/run/$server.pid"
  done
}
