import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "kysely";
import { addPerson, type Centre, createCentre, createPlatformAdmin } from "../../../tests/support/fixtures";
import { db } from "../../platform/db";
import type { DomainEvent } from "../../platform/events";
import { redis } from "../../platform/redis";
import { createSession, loadSession } from "../../platform/session/store";
import type { CentreId } from "../../platform/tenancy";
import { peopleEventHandlers, requestPasswordReset } from "./password-reset";
import { emailLookup, sealEmail } from "./sensitive";
import { redeemToken } from "./service";
import { hashToken, newToken, SELF_SERVICE_RESET_MINUTES, SELF_SERVICE_RESETS_PER_HOUR } from "./tokens";

const request = { ip: "203.0.113.7", userAgent: "reset-test", requestId: "reset-test" };
let north: Centre;
let south: Centre;

beforeAll(async () => {
  [north, south] = await Promise.all([createCentre({ label: "reset-north" }), createCentre({ label: "reset-south" })]);
});

/** Gives these people one address between them, as one family member with accounts at two centres. */
async function shareAddress(people: { id: string }[]): Promise<string> {
  const address = `shared-${crypto.randomUUID().slice(0, 8)}@example.test`;
  for (const person of people)
    await db
      .updateTable("users")
      .set({ email_lookup: emailLookup(address), email_encrypted: sealEmail(person.id, address) })
      .where("id", "=", person.id)
      .execute();
  return address;
}

/** The latest request recorded for this address, as the worker's handler receives it. */
async function recordedRequest(lookup: string): Promise<DomainEvent<"password_reset.requested">> {
  const row = await db
    .selectFrom("outbox_events")
    .selectAll()
    .where("type", "=", "password_reset.requested")
    .where(sql<string>`payload->>'emailLookup'`, "=", lookup)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  return {
    id: String(row.id),
    type: "password_reset.requested",
    centreId: row.centre_id,
    payload: row.payload,
    createdAt: row.created_at.toISOString(),
  } as DomainEvent<"password_reset.requested">;
}

async function handle(event: DomainEvent<"password_reset.requested">): Promise<void> {
  for (const handler of peopleEventHandlers) await handler.handle(event);
}

/** What the page records, then what the worker does with it. */
async function askAndHandle(address: string, centreId: CentreId | null): Promise<void> {
  const lookup = emailLookup(address);
  await requestPasswordReset({ emailLookup: lookup, centreId, request });
  await handle(await recordedRequest(lookup));
}

async function selfServiceTokens(userId: string) {
  return db
    .selectFrom("user_tokens")
    .select(["token_hash", "expires_at", "created_at", "created_by", "purpose", "used_at"])
    .where("user_id", "=", userId)
    .where("purpose", "=", "password_reset")
    .where("created_by", "is", null)
    .execute();
}

async function resetMailsTo(userId: string) {
  return db
    .selectFrom("mail_messages")
    .select(["key", "template", "centre_id"])
    .where("recipient_id", "=", userId)
    .where("template", "=", "people.password_reset")
    .execute();
}

async function resetRequestAudits(userId: string) {
  return db
    .selectFrom("audit_events")
    .select(["after", "ip", "actor_id"])
    .where("action", "=", "auth.password_reset_request")
    .where("target_id", "=", userId)
    .orderBy("id")
    .execute();
}

describe("forgot password: who receives a link", () => {
  test("without a centre, every active staff or parent account with the address gets its own link", async () => {
    const parent = await addPerson(north, "parent");
    const tutor = await addPerson(south, "tutor");
    // One account per address in a centre: the disabled one is at a third centre.
    const disabled = await addPerson(await createCentre({ label: "reset-west" }), "head_tutor");
    await db.updateTable("users").set({ status: "disabled" }).where("id", "=", disabled.id).execute();
    const platformAdmin = await createPlatformAdmin();
    const address = await shareAddress([parent, tutor, disabled, platformAdmin]);

    await askAndHandle(address, null);

    for (const person of [parent, tutor]) {
      const [token, ...more] = await selfServiceTokens(person.id);
      expect(more).toEqual([]);
      expect(token?.used_at).toBeNull();
      // 30 minutes from when it was made, and only its hash kept (64 hex characters).
      const minutes = ((token?.expires_at.getTime() ?? 0) - (token?.created_at.getTime() ?? 0)) / 60_000;
      expect(Math.abs(minutes - SELF_SERVICE_RESET_MINUTES)).toBeLessThan(0.1);
      expect(token?.token_hash).toMatch(/^[0-9a-f]{64}$/);
      const mails = await resetMailsTo(person.id);
      expect(mails).toEqual([
        { key: `password-reset:${token?.token_hash}`, template: "people.password_reset", centre_id: person.centreId },
      ]);
      const audits = await resetRequestAudits(person.id);
      expect(audits).toMatchObject([{ after: { emailed: true }, ip: request.ip, actor_id: null }]);
    }
    // Disabled accounts and the platform admin (recovered from the command line) get nothing.
    for (const person of [disabled, platformAdmin]) {
      expect(await selfServiceTokens(person.id)).toEqual([]);
      expect(await resetMailsTo(person.id)).toEqual([]);
    }
  });

  test("with a centre chosen, only that centre's account gets a link", async () => {
    const [parent, tutor] = [await addPerson(north, "parent"), await addPerson(south, "tutor")];
    const address = await shareAddress([parent, tutor]);
    await askAndHandle(address, south.id);
    expect(await selfServiceTokens(parent.id)).toEqual([]);
    expect(await selfServiceTokens(tutor.id)).toHaveLength(1);
  });

  test("students never: their PINs are reset by staff", async () => {
    const student = await addPerson(north, "student");
    const address = await shareAddress([student]);
    await askAndHandle(address, north.id);
    expect(await selfServiceTokens(student.id)).toEqual([]);
  });

  test("an address with no account leaves no token, no email and no audit row", async () => {
    const counts = () =>
      Promise.all(
        (["mail_messages", "user_tokens", "audit_events"] as const).map(async (table) =>
          Number((await db.selectFrom(table).select(db.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n),
        ),
      );
    const before = await counts();
    await askAndHandle(`nobody-${crypto.randomUUID()}@example.test`, null);
    expect(await counts()).toEqual(before);
  });
});

describe("forgot password: limits and redemption", () => {
  test(`an account is emailed at most ${SELF_SERVICE_RESETS_PER_HOUR} links an hour; further requests are audited, not sent`, async () => {
    const parent = await addPerson(north, "parent");
    for (let i = 0; i <= SELF_SERVICE_RESETS_PER_HOUR; i++) await askAndHandle(parent.email, north.id);
    expect(await selfServiceTokens(parent.id)).toHaveLength(SELF_SERVICE_RESETS_PER_HOUR);
    expect(await resetMailsTo(parent.id)).toHaveLength(SELF_SERVICE_RESETS_PER_HOUR);
    const emailed = (await resetRequestAudits(parent.id)).map((row) => (row.after as { emailed: boolean }).emailed);
    expect(emailed).toEqual([true, true, true, false]);
  });

  test("the same request handled twice (a retried job) sends one link", async () => {
    const parent = await addPerson(north, "parent");
    await askAndHandle(parent.email, north.id);
    await handle(await recordedRequest(emailLookup(parent.email)));
    expect(await selfServiceTokens(parent.id)).toHaveLength(1);
  });

  test("redeeming a link signs every session out and retires the person's other reset links", async () => {
    const parent = await addPerson(north, "parent");
    const session = await createSession(redis, {
      userId: parent.id,
      centreId: north.id,
      actingCentreId: null,
      role: "parent",
      name: parent.name,
      locale: null,
      ip: request.ip,
      userAgent: "old device",
    });
    const [first, second] = [newToken(), newToken()];
    for (const { hash } of [first, second])
      await db
        .insertInto("user_tokens")
        .values({
          centre_id: north.id,
          user_id: parent.id,
          purpose: "password_reset",
          token_hash: hash,
          created_by: null,
          expires_at: new Date(Date.now() + 30 * 60_000),
        })
        .execute();
    await redeemToken(first.token, "a brand new password 2026", request);
    expect(await loadSession(redis, session.id)).toBeNull();
    const rows = await db
      .selectFrom("user_tokens")
      .select(["token_hash", "used_at"])
      .where("token_hash", "in", [hashToken(first.token), hashToken(second.token)])
      .execute();
    expect(rows.every((row) => row.used_at !== null)).toBe(true);
    await expect(redeemToken(second.token, "another new password 2026", request)).rejects.toThrow(
      /expired or was already used/,
    );
  });
});
