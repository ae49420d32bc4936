import { beforeAll, describe, expect, test } from "bun:test";
import { addPerson, type Centre, createCentre } from "../../../tests/support/fixtures";
import { pinHashIsCurrent, verifyPin } from "../../platform/crypto";
import { db } from "../../platform/db";
import { TooManyRequestsError } from "../../platform/errors";
import { redis } from "../../platform/redis";
import { loadSession } from "../../platform/session/store";
import { emailLookup, sealEmail } from "../people/sensitive";
import { SignInError, signInStudent, signInWithPassword } from "./service";

const request = { ip: "127.0.0.1", userAgent: "test", requestId: "test-request" };
let centre: Centre;
let email: string;

/** A staff member with a known password, since the shared fixtures hold no credentials. */
async function staffWithPassword(password: string): Promise<{ id: string; email: string }> {
  const id = crypto.randomUUID();
  const address = `auth-${id.slice(0, 8)}@example.test`;
  await db
    .insertInto("users")
    .values({
      id,
      centre_id: centre.id,
      role: "tutor",
      name: "Auth Tester",
      email_lookup: emailLookup(address),
      email_encrypted: sealEmail(id, address),
      password_hash: await Bun.password.hash(password, { algorithm: "bcrypt", cost: 10 }),
    })
    .execute();
  return { id, email: address };
}

beforeAll(async () => {
  centre = await createCentre({ label: "auth" });
  email = (await staffWithPassword("correct horse battery")).email;
});

describe("password sign-in", () => {
  test("the right password starts a Redis session; email case does not matter", async () => {
    const result = await signInWithPassword(
      { centreSlug: centre.slug, email: email.toUpperCase(), password: "correct horse battery" },
      request,
    );
    expect(result.kind).toBe("signed_in");
    if (result.kind !== "signed_in") return;
    expect((await loadSession(redis, result.session.id))?.role).toBe("tutor");
  });

  test("a wrong password, an unknown email and another centre all get the same message", async () => {
    const attempts = [
      { centreSlug: centre.slug, email, password: "wrong" },
      { centreSlug: centre.slug, email: "nobody@example.test", password: "correct horse battery" },
      { centreSlug: "no-such-centre", email, password: "correct horse battery" },
    ];
    const messages = new Set<string>();
    for (const attempt of attempts) {
      const error = await signInWithPassword(attempt, request).catch((caught) => caught);
      expect(error).toBeInstanceOf(SignInError);
      messages.add((error as Error).message);
    }
    expect(messages.size).toBe(1);
  });

  test("a disabled account cannot sign in", async () => {
    const { id, email: address } = await staffWithPassword("another long password");
    await db.updateTable("users").set({ status: "disabled" }).where("id", "=", id).execute();
    await expect(
      signInWithPassword({ centreSlug: centre.slug, email: address, password: "another long password" }, request),
    ).rejects.toBeInstanceOf(SignInError);
  });

  test("repeated failures lock the account with a growing wait, even for the right password", async () => {
    const { email: address } = await staffWithPassword("locked out password");
    for (let i = 0; i < 5; i++) {
      await signInWithPassword({ centreSlug: centre.slug, email: address, password: `wrong ${i}` }, request).catch(
        () => {},
      );
    }
    const error = await signInWithPassword(
      { centreSlug: centre.slug, email: address, password: "locked out password" },
      request,
    ).catch((caught) => caught);
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect((error as TooManyRequestsError).retryAfterSeconds).toBeGreaterThanOrEqual(25);
    const failures = await db
      .selectFrom("audit_events")
      .where("centre_id", "=", centre.id)
      .where("action", "in", ["auth.sign_in_failed", "auth.lockout"])
      .select("action")
      .execute();
    expect(failures.some((row) => row.action === "auth.lockout")).toBe(true);
  });
});

describe("student sign-in", () => {
  test("an under-13 without consent is told to wait for a parent, and gets no session", async () => {
    const pinHash = await Bun.password.hash("1357", { algorithm: "bcrypt", cost: 10 });
    await db.updateTable("users").set({ pin_hash: pinHash }).where("id", "=", centre.youngStudent.id).execute();
    const code = (
      await db
        .selectFrom("users")
        .where("id", "=", centre.youngStudent.id)
        .select("student_code")
        .executeTakeFirstOrThrow()
    ).student_code as string;
    const result = await signInStudent(
      { centreSlug: centre.slug, studentCode: code.toLowerCase(), pin: "1357" },
      request,
    );
    expect(result.kind).toBe("waiting_for_consent");
    await expect(
      signInStudent({ centreSlug: centre.slug, studentCode: code, pin: "0000" }, request),
    ).rejects.toBeInstanceOf(SignInError);
  });
});

describe("student PIN hashes", () => {
  test("a PIN still stored as bcrypt signs in and is rewritten in the keyed form; a wrong PIN leaves it", async () => {
    const student = await addPerson(centre, "student");
    const legacy = await Bun.password.hash("246813", { algorithm: "bcrypt", cost: 4 });
    await db.updateTable("users").set({ pin_hash: legacy }).where("id", "=", student.id).execute();
    const code = student.studentCode;
    await expect(
      signInStudent({ centreSlug: centre.slug, studentCode: code, pin: "246810" }, request),
    ).rejects.toBeInstanceOf(SignInError);
    const stored = async () =>
      (await db.selectFrom("users").where("id", "=", student.id).select("pin_hash").executeTakeFirstOrThrow())
        .pin_hash ?? "";
    expect(await stored()).toBe(legacy);

    const result = await signInStudent({ centreSlug: centre.slug, studentCode: code, pin: "246813" }, request);
    expect(result.kind).toBe("signed_in");
    const rewritten = await stored();
    expect(pinHashIsCurrent(rewritten)).toBe(true);
    expect(await verifyPin("246813", rewritten)).toBe(true);
    const again = await signInStudent({ centreSlug: centre.slug, studentCode: code, pin: "246813" }, request);
    expect(again.kind).toBe("signed_in");
    expect(await stored()).toBe(rewritten);
  });
});
