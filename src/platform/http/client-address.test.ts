import { describe, expect, test } from "bun:test";
import { clientAddress, trustedProxySet } from "./client-address";

const loopback = trustedProxySet(["127.0.0.1", "::1"]);
const headers = (entries: Record<string, string>) => new Headers(entries);

describe("the client address behind trusted proxies", () => {
  test("a trusted proxy names the client in X-Real-IP, else in X-Forwarded-For (nearest untrusted hop)", () => {
    expect(clientAddress(headers({ "x-real-ip": "198.51.100.7" }), "127.0.0.1", loopback)).toBe("198.51.100.7");
    expect(clientAddress(headers({ "x-real-ip": "198.51.100.7" }), "::ffff:127.0.0.1", loopback)).toBe("198.51.100.7");
    const chain = headers({ "x-forwarded-for": "203.0.113.1, 198.51.100.9, 127.0.0.1" });
    expect(clientAddress(chain, "::1", loopback)).toBe("198.51.100.9");
  });

  test("a forged header from an address that is not a trusted proxy changes nothing", () => {
    const forged = headers({ "x-real-ip": "10.9.9.9", "x-forwarded-for": "10.8.8.8, 127.0.0.1" });
    expect(clientAddress(forged, "203.0.113.50", loopback)).toBe("203.0.113.50");
    // With no proxy trusted at all, not even loopback's headers count.
    expect(clientAddress(forged, "127.0.0.1", trustedProxySet([]))).toBe("127.0.0.1");
  });

  test("a range (CIDR) of proxies, as behind a load balancer or an ingress", () => {
    const ingress = trustedProxySet(["10.0.0.0/8", "fd00::/8"]);
    expect(clientAddress(headers({ "x-real-ip": "198.51.100.7" }), "10.4.5.6", ingress)).toBe("198.51.100.7");
    expect(clientAddress(headers({ "x-real-ip": "198.51.100.7" }), "fd00::1", ingress)).toBe("198.51.100.7");
    expect(clientAddress(headers({ "x-real-ip": "198.51.100.7" }), "11.0.0.1", ingress)).toBe("11.0.0.1");
  });

  test("headers that are not addresses are ignored; no socket at all is 'unknown'", () => {
    expect(clientAddress(headers({ "x-real-ip": "evil" }), "127.0.0.1", loopback)).toBe("127.0.0.1");
    expect(clientAddress(headers({ "x-forwarded-for": "not-an-ip" }), "127.0.0.1", loopback)).toBe("127.0.0.1");
    expect(clientAddress(headers({ "x-real-ip": "10.1.1.1" }), undefined, loopback)).toBe("unknown");
  });
});
