import { describe, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import { jwt } from "@elysiajs/jwt";
import { Elysia } from "elysia";
import { config } from "../../config";
import { signKioskToken, signSessionToken, verifyToken } from "./tokens";

const plugin = new Elysia().use(jwt({ name: "tokens", secret: config.SESSION_SECRET, alg: "HS256" })).decorator.tokens;

/** A token made by hand: any header, any claims, signed with any secret. */
function handMade(header: object, claims: object, secret = config.SESSION_SECRET): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const signed = `${encode(header)}.${encode(claims)}`;
  return `${signed}.${createHmac("sha256", secret).update(signed).digest("base64url")}`;
}

describe("cookie token verification (HMAC on the request path)", () => {
  test("accepts what we sign, with the claims the JWT plugin reads", async () => {
    for (const token of [await signSessionToken("a-session-id"), await signKioskToken(crypto.randomUUID())]) {
      const claims = verifyToken(token);
      expect(claims).toEqual((await plugin.verify(token)) as Record<string, unknown>);
      expect(claims && typeof claims.typ).toBe("string");
    }
  });

  test("refuses, as the plugin does, anything tampered with, expired, not yet valid or not HS256", async () => {
    const token = await signSessionToken("a-session-id");
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const now = Math.floor(Date.now() / 1000);
    const otherPayload = Buffer.from(JSON.stringify({ typ: "session", sid: "someone-else" })).toString("base64url");
    const refused = [
      `${header}.${otherPayload}.${signature}`,
      `${header}.${payload}.${signature.slice(0, -2)}AA`,
      `${header}.${payload}`,
      "",
      "not a token",
      handMade({ alg: "HS256", typ: "JWT" }, { typ: "session", sid: "x", exp: now - 1 }),
      handMade({ alg: "HS256", typ: "JWT" }, { typ: "session", sid: "x", nbf: now + 60 }),
      handMade(
        { alg: "HS256", typ: "JWT" },
        { typ: "session", sid: "x" },
        "another-secret-of-enough-length-0123456789",
      ),
      handMade({ alg: "HS512", typ: "JWT" }, { typ: "session", sid: "x" }),
      handMade({ alg: "none" }, { typ: "session", sid: "x" }),
      handMade({ alg: "HS256", crit: ["b64"], b64: false }, { typ: "session", sid: "x" }),
    ];
    for (const bad of refused) {
      expect(verifyToken(bad)).toBe(false);
      expect(await plugin.verify(bad)).toBe(false);
    }
    const fine = handMade({ alg: "HS256", typ: "JWT" }, { typ: "session", sid: "x", exp: now + 60 });
    expect(verifyToken(fine)).toEqual((await plugin.verify(fine)) as Record<string, unknown>);
  });
});
