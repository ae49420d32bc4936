import { describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { DUMMY_PIN_HASH, hashPin, pinHashIsCurrent, verifyPin } from "./pin-hash";

describe("student PIN hashes", () => {
  test("a PIN verifies against its own hash only; equal PINs get different hashes", async () => {
    const hash = hashPin("730514");
    expect(pinHashIsCurrent(hash)).toBe(true);
    expect(hash).not.toContain("730514");
    expect(await verifyPin("730514", hash)).toBe(true);
    expect(await verifyPin("730515", hash)).toBe(false);
    expect(await verifyPin("7305140", hash)).toBe(false);
    expect(hashPin("730514")).not.toBe(hash);
  });

  test("the hash depends on the server key: a copy of the database alone cannot check a guess", async () => {
    const key = randomBytes(32);
    const hash = hashPin("2468", key);
    expect(await verifyPin("2468", hash, key)).toBe(true);
    expect(await verifyPin("2468", hash, randomBytes(32))).toBe(false);
    expect(await verifyPin("2468", hash)).toBe(false);
  });

  test("older bcrypt PIN hashes still verify and are marked for rewriting", async () => {
    const legacy = await Bun.password.hash("1357", { algorithm: "bcrypt", cost: 4 });
    expect(pinHashIsCurrent(legacy)).toBe(false);
    expect(await verifyPin("1357", legacy)).toBe(true);
    expect(await verifyPin("1358", legacy)).toBe(false);
  });

  test("a damaged stored hash is a wrong PIN, not an error; the dummy never matches", async () => {
    expect(await verifyPin("1234", "$pin-hmac-sha256$$")).toBe(false);
    expect(await verifyPin("1234", "$pin-hmac-sha256$abc$de")).toBe(false);
    expect(await verifyPin("not-a-real-pin", DUMMY_PIN_HASH)).toBe(false);
  });
});
