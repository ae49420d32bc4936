import { beforeAll, describe, expect, test } from "bun:test";
import { ORIGIN } from "../../../tests/security/walk";
import {
  type Centre,
  type Credentials,
  createCentre,
  createPlatformAdmin,
  signedInAs,
} from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { requestMeta } from "../../platform/http/request-context";

const app = createApp();
let centre: Centre;
let platformAdmin: Credentials;

beforeAll(async () => {
  centre = await createCentre({ label: "health" });
  platformAdmin = await signedInAs(await createPlatformAdmin());
});

async function health(headers: Record<string, string> = {}, socketIp?: string) {
  const request = new Request(`${ORIGIN}/api/health`, { headers });
  // What Bun.serve reports as the socket peer (set in onRequest when really listening).
  if (socketIp) requestMeta(request, socketIp);
  const response = await app.handle(request);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const DETAILS = ["version", "uptime", "timestamp"];

describe("GET /api/health: status public, details only for this machine or the platform admin", () => {
  // Failed before the fix: anyone saw the version, uptime and every check's latency.
  test("a visitor sees the status and the check names, nothing more", async () => {
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body).toEqual({
      status: "ok",
      checks: { database: { status: "ok" }, redis: { status: "ok" }, storage: { status: "ok" } },
    });
  });

  test("a visitor claiming to be local through X-Real-IP, or signed in below platform admin, sees no more", async () => {
    const spoofed = await health({ "x-real-ip": "127.0.0.1", "x-forwarded-for": "127.0.0.1" }, "203.0.113.9");
    for (const key of DETAILS) expect(spoofed.body[key]).toBeUndefined();
    const owner = await signedInAs(centre.people.centre_owner);
    const asOwner = await health({ cookie: owner.cookie });
    for (const key of DETAILS) expect(asOwner.body[key]).toBeUndefined();
  });

  test("a request from loopback and a signed-in platform admin get the details", async () => {
    for (const { body } of [await health({}, "127.0.0.1"), await health({ cookie: platformAdmin.cookie })]) {
      expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(typeof body.uptime).toBe("number");
      const checks = body.checks as Record<string, { latency_ms?: number }>;
      expect(typeof checks.database?.latency_ms).toBe("number");
    }
  });

  test("a request nginx forwards from elsewhere is not local, even though it arrives on loopback", async () => {
    const { body } = await health({ "x-real-ip": "198.51.100.7" }, "127.0.0.1");
    for (const key of DETAILS) expect(body[key]).toBeUndefined();
  });
});
