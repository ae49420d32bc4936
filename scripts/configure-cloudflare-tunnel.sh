#!/usr/bin/env bash
# ./scripts/configure-cloudflare-tunnel.sh — point a Cloudflare Tunnel at the local nginx.
# Usage: configure-cloudflare-tunnel.sh --hostname HOST --tunnel-id UUID --credentials-file FILE [options]
# Writes the cloudflared config (each hostname → the local nginx, anything else → 404) and a
# systemd unit that runs the tunnel. The tunnel itself is made once with `cloudflared tunnel login`
# and `cloudflared tunnel create aetherlearn` (which writes the credentials file), and the DNS
# name with `cloudflared tunnel route dns aetherlearn HOST`. Files are rewritten only when their
# content changes. Then: systemctl daemon-reload && systemctl enable --now cloudflared-aetherlearn
#
# Options:
#   --hostname HOST          public name, e.g. lms.example.org (repeatable)
#   --tunnel-id UUID         the tunnel's id (`cloudflared tunnel list`)
#   --credentials-file FILE  the tunnel's credentials JSON (kept where it is; mode 600)
#   --origin URL             where the tunnel sends requests (default http://127.0.0.1:80, nginx)
#   --config-dir DIR         where config.yml goes (default /etc/cloudflared)
#   --unit-dir DIR           where the systemd unit goes (default /etc/systemd/system)
#   --cloudflared PATH       the cloudflared binary (default /usr/bin/cloudflared)
set -euo pipefail
source "$(dirname "$0")/lib/ops.sh"

HOSTNAMES=() TUNNEL_ID="" CREDENTIALS="" ORIGIN="http://127.0.0.1:80"
CONFIG_DIR=/etc/cloudflared UNIT_DIR=/etc/systemd/system CLOUDFLARED=/usr/bin/cloudflared
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage "$0"; exit 0 ;;
    --hostname) HOSTNAMES+=("${2:?--hostname needs a name}"); shift 2 ;;
    --tunnel-id) TUNNEL_ID="${2:?--tunnel-id needs a UUID}"; shift 2 ;;
    --credentials-file) CREDENTIALS="${2:?--credentials-file needs a file}"; shift 2 ;;
    --origin) ORIGIN="${2:?--origin needs a URL}"; shift 2 ;;
    --config-dir) CONFIG_DIR="${2:?--config-dir needs a folder}"; shift 2 ;;
    --unit-dir) UNIT_DIR="${2:?--unit-dir needs a folder}"; shift 2 ;;
    --cloudflared) CLOUDFLARED="${2:?--cloudflared needs a path}"; shift 2 ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done
[ "${#HOSTNAMES[@]}" -gt 0 ] || die "--hostname is required, e.g. --hostname lms.example.org"
for host in "${HOSTNAMES[@]}"; do
  [[ "$host" =~ ^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$ ]] ||
    die "not a DNS hostname (lower case, no scheme or path): $host"
done
TUNNEL_ID="${TUNNEL_ID,,}"
[[ "$TUNNEL_ID" =~ ^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$ ]] ||
  die "--tunnel-id must be the tunnel's UUID (see: cloudflared tunnel list)"
[ -n "$CREDENTIALS" ] || die "--credentials-file is required (cloudflared tunnel create writes it)"
[ -r "$CREDENTIALS" ] || die "credentials file not found or not readable: $CREDENTIALS"
CREDENTIALS="$(cd "$(dirname "$CREDENTIALS")" && pwd)/$(basename "$CREDENTIALS")"
[[ "$CREDENTIALS" =~ ^[A-Za-z0-9._/-]+$ ]] || die "keep the credentials file at a plain path (letters, digits, . _ - /): $CREDENTIALS"
if command -v jq >/dev/null; then
  file_tunnel="$(jq -r '.TunnelID // empty' "$CREDENTIALS" 2>/dev/null)" || die "$CREDENTIALS is not a credentials JSON file"
  [ -z "$file_tunnel" ] || [ "${file_tunnel,,}" = "$TUNNEL_ID" ] ||
    die "$CREDENTIALS belongs to tunnel $file_tunnel, not $TUNNEL_ID"
fi
[[ "$ORIGIN" =~ ^https?://[^/[:space:]]+$ ]] || die "--origin must be a URL without a path, e.g. http://127.0.0.1:80"

config_yaml() {
  echo "# Written by scripts/configure-cloudflare-tunnel.sh: run it again rather than editing this file."
  echo "tunnel: $TUNNEL_ID"
  echo "credentials-file: $CREDENTIALS"
  echo "no-autoupdate: true"
  echo "# nginx is the only origin: rate limits, static files and the SSE settings all live there."
  echo "ingress:"
  for host in "${HOSTNAMES[@]}"; do
    echo "  - hostname: $host"
    echo "    service: $ORIGIN"
    echo "    originRequest:"
    echo "      connectTimeout: 10s"
  done
  # Cloudflare closes a response idle for 100 s, so SSE streams must send a keep-alive comment sooner.
  echo "  - service: http_status:404"
}

service_unit() {
  cat <<EOF
# Written by scripts/configure-cloudflare-tunnel.sh.
[Unit]
Description=Cloudflare Tunnel to AetherLearn (${HOSTNAMES[*]})
After=network-online.target nginx.service
Wants=network-online.target

[Service]
Type=notify
ExecStart=$CLOUDFLARED --config $CONFIG_DIR/config.yml tunnel run
Restart=always
RestartSec=5s
TimeoutStartSec=60
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=read-only
PrivateTmp=yes
ProtectKernelTunables=yes
ProtectControlGroups=yes
RestrictSUIDSGID=yes

[Install]
WantedBy=multi-user.target
EOF
}

# install_file PATH MODE < CONTENT: replaces PATH only when the content differs.
install_file() {
  local path="$1" mode="$2" tmp
  mkdir -p "$(dirname "$path")"
  tmp="$(mktemp "$(dirname "$path")/.tunnel.XXXXXX")"
  cat >"$tmp"
  if [ -f "$path" ] && cmp -s "$tmp" "$path"; then
    rm -f "$tmp"
    echo "unchanged: $path"
  else
    chmod "$mode" "$tmp"
    mv -f "$tmp" "$path"
    echo "wrote: $path"
  fi
}

config_yaml | install_file "$CONFIG_DIR/config.yml" 644
service_unit | install_file "$UNIT_DIR/cloudflared-aetherlearn.service" 644
if [ -x "$CLOUDFLARED" ]; then
  "$CLOUDFLARED" tunnel --config "$CONFIG_DIR/config.yml" ingress validate >&2 || die "cloudflared rejects $CONFIG_DIR/config.yml"
fi
note "next: systemctl daemon-reload && systemctl enable --now cloudflared-aetherlearn"
