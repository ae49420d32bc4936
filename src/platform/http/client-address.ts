import { BlockList, isIP } from "node:net";

/**
 * The client address of a request. Headers naming an address are believed only when the socket
 * peer is one of the trusted proxies (TRUSTED_PROXIES: nginx on the same host by default); from
 * anyone else they are ignored, so an outsider cannot pick the address their limits count under.
 */

/** An IPv4 address written as IPv6 (::ffff:10.0.0.1) is the IPv4 address. */
function normalised(address: string): string {
  const trimmed = address.trim();
  return trimmed.toLowerCase().startsWith("::ffff:") && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
}

/** The trusted proxies: addresses, or ranges written as CIDR (10.0.0.0/8, fd00::/8). */
export interface TrustedProxies {
  has(address: string): boolean;
}

export function trustedProxySet(entries: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = normalised(entry).split("/");
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  // Every request asks about its socket peer (in production nginx, one address): the answers are
  // kept, since parsing an address for the check was ~0.6 % of the web process's CPU.
  const known = new Map<string, boolean>();
  return {
    has(address) {
      let answer = known.get(address);
      if (answer === undefined) {
        answer = isIP(address) !== 0 && list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
        if (known.size >= 1_024) known.clear();
        known.set(address, answer);
      }
      return answer;
    },
  };
}

/**
 * From a trusted proxy: its X-Real-IP, else the nearest X-Forwarded-For hop that is not itself a
 * trusted proxy. Otherwise, and whenever those are missing or not addresses, the socket peer.
 */
export function clientAddress(headers: Headers, socketIp: string | undefined, trusted: TrustedProxies): string {
  const peer = socketIp ? normalised(socketIp) : undefined;
  if (!peer || !trusted.has(peer)) return peer || "unknown";
  const real = normalised(headers.get("x-real-ip") ?? "");
  if (isIP(real)) return real;
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").map(normalised).filter(Boolean);
  for (const hop of hops.reverse()) {
    if (!isIP(hop)) break;
    if (!trusted.has(hop)) return hop;
  }
  return peer;
}
