import { describe, expect, test } from "bun:test";
import { blindIndex } from "./blind-index";
import { DecryptionError, decryptField, encryptField, encryptionKeyIdOf } from "./field";
import { parseBlindIndexKey, parseKeyRing } from "./keys";

const KEY_A = Buffer.alloc(32, 1).toString("base64");
const KEY_B = Buffer.alloc(32, 2).toString("base64");
const field = { table: "users", column: "date_of_birth", rowId: "6f1c2a8e-0000-4000-8000-000000000001" };

describe("encryptField / decryptField", () => {
  test("round-trips any text under the current key, with a fresh IV each time", () => {
    for (const plaintext of ["2015-04-01", "", "Zoë 🦊 +44 20 7946 0958", "x".repeat(10_000)]) {
      const sealed = encryptField(plaintext, field);
      expect(decryptField(sealed, field)).toBe(plaintext);
    }
    const one = encryptField("same", field);
    expect(encryptField("same", field)).not.toBe(one);
    expect(one).toMatch(/^v1:test1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(encryptionKeyIdOf(one)).toBe("test1");
    expect(one).not.toContain("same");
  });

  test("a value copied to another row or column does not decrypt", () => {
    const sealed = encryptField("parent@example.test", field);
    expect(() => decryptField(sealed, { ...field, rowId: "another-row" })).toThrow(DecryptionError);
    expect(() => decryptField(sealed, { ...field, column: "email" })).toThrow(DecryptionError);
    expect(() => decryptField(sealed, { ...field, table: "guardians" })).toThrow(DecryptionError);
  });

  test("altered, malformed or foreign ciphertexts are refused", () => {
    const sealed = encryptField("2015-04-01", field);
    const parts = sealed.split(":");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0]! ^= 1;
    const altered = [...parts.slice(0, 3), body.toString("base64url")].join(":");
    for (const bad of [altered, "2015-04-01", "v1:test1:abc:def", "v2:test1:x:y", `${sealed}:extra`]) {
      expect(() => decryptField(bad, field)).toThrow(DecryptionError);
    }
    const otherRing = parseKeyRing(`other:${KEY_A}`);
    expect(() => decryptField(sealed, field, otherRing)).toThrow("Encryption key test1 is not in ENCRYPTION_KEYS");
  });

  test("decrypts with any key in the ring and encrypts with the first", () => {
    const old = parseKeyRing(`a:${KEY_A}`);
    const both = parseKeyRing(`b:${KEY_B},a:${KEY_A}`);
    const underA = encryptField("07700 900123", field, old);
    expect(decryptField(underA, field, both)).toBe("07700 900123");
    expect(encryptionKeyIdOf(encryptField("x", field, both))).toBe("b");
  });

  test("key rings reject short keys, repeated ids and malformed entries", () => {
    expect(() => parseKeyRing(`a:${Buffer.alloc(16).toString("base64")}`)).toThrow("32 bytes");
    expect(() => parseKeyRing(`a:${KEY_A},a:${KEY_B}`)).toThrow("appears twice");
    expect(() => parseKeyRing(`a b:${KEY_A}`)).toThrow("keyId:base64key");
    expect(() => parseBlindIndexKey("c2hvcnQ=")).toThrow("32 bytes");
  });
});

describe("blindIndex", () => {
  test("is a stable keyed hash, separated by purpose and key", () => {
    const index = blindIndex("parent@example.test", "users.email");
    expect(index).toMatch(/^[0-9a-f]{64}$/);
    expect(blindIndex("parent@example.test", "users.email")).toBe(index);
    expect(blindIndex("parent@example.test", "users.phone")).not.toBe(index);
    expect(blindIndex("Parent@example.test", "users.email")).not.toBe(index);
    expect(blindIndex("parent@example.test", "users.email", Buffer.alloc(32, 3))).not.toBe(index);
    // Composed and decomposed forms of the same text are the same value.
    expect(blindIndex("zo\u00eb@example.test", "users.email")).toBe(
      blindIndex("zoe\u0308@example.test", "users.email"),
    );
  });
});
