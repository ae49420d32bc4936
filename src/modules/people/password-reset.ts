import { type Kysely, sql } from "kysely";
import { recordAudit } from "../../platform/audit";
import { db } from "../../platform/db";
import type { Database } from "../../platform/db/schema";
import { eventHandler, publishEvent, runOnce } from "../../platform/events";
import { queueMail } from "../../platform/mail";
import type { AuditRequest } from "../../platform/principal";
import { type CentreId, trustedCentreId } from "../../platform/tenancy";
import { passwordResetMail } from "./mail";
import { insertToken, resetLink } from "./service";
import { newToken, SELF_SERVICE_RESET_MINUTES, SELF_SERVICE_RESETS_PER_HOUR } from "./tokens";

/**
 * "Forgot password?": the page only records the request (one outbox row, whatever the address),
 * so its answer and its timing say nothing about whether an account exists. The worker then
 * finds the accounts and emails each a link of its own.
 */
export async function requestPasswordReset(input: {
  emailLookup: string;
  centreId: CentreId | null;
  request: AuditRequest;
}): Promise<void> {
  await db.transaction().execute((trx) =>
    publishEvent(trx, {
      type: "password_reset.requested",
      centreId: input.centreId,
      payload: { emailLookup: input.emailLookup, centreId: input.centreId, request: input.request },
    }),
  );
}

interface ResettableAccount {
  id: string;
  centreId: string;
}

/**
 * Active staff and parents with this address, at one centre or at every centre. Students have no
 * password (their PINs are reset by staff); the platform admin, who belongs to no centre, is
 * never sent a link: the account over every centre is not to be taken with a mailbox alone.
 */
function resettableAccounts(
  trx: Kysely<Database>,
  centreId: string | null,
  emailLookup: string,
): Promise<ResettableAccount[]> {
  let query = trx
    .selectFrom("users") // platform-wide: the address may have an account at several centres
    .where("email_lookup", "=", emailLookup)
    .where("status", "=", "active")
    .where("role", "not in", ["student", "platform_admin"])
    .where("centre_id", "is not", null);
  if (centreId) query = query.where("centre_id", "=", centreId);
  return query.select(["id", "centre_id as centreId"]).$narrowType<{ centreId: string }>().execute();
}

/** Reset links the person asked for in the last hour: past the limit, further requests send nothing. */
async function recentSelfServiceResets(trx: Kysely<Database>, account: ResettableAccount): Promise<number> {
  const row = await trx
    .selectFrom("user_tokens") // platform-wide: the account was found by its address; its own centre is on the row
    .where("centre_id", "=", account.centreId)
    .where("user_id", "=", account.id)
    .where("purpose", "=", "password_reset")
    .where("created_by", "is", null)
    .where("created_at", ">", sql<Date>`now() - interval '1 hour'`)
    .select(sql<string>`count(*)`.as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function emailResetLink(trx: Kysely<Database>, account: ResettableAccount, request: AuditRequest) {
  const centreId = trustedCentreId(account.centreId);
  // Silent when over the limit: a refusal only existing accounts could earn would give them away.
  const emailed = (await recentSelfServiceResets(trx, account)) < SELF_SERVICE_RESETS_PER_HOUR;
  if (emailed) {
    const { token, hash } = newToken();
    const expiresAt = new Date(Date.now() + SELF_SERVICE_RESET_MINUTES * 60_000);
    await insertToken(trx, {
      centreId,
      userId: account.id,
      purpose: "password_reset",
      hash,
      expiresAt,
      createdBy: null,
    });
    await queueMail(trx, passwordResetMail, {
      key: `password-reset:${hash}`,
      centreId,
      recipientId: account.id,
      params: { link: resetLink(token), expiresAt: expiresAt.toISOString(), requestedBy: "self" },
    });
  }
  await recordAudit(trx, {
    centreId,
    actor: { id: null, role: null },
    action: "auth.password_reset_request",
    target: { type: "user", id: account.id },
    after: { emailed },
    request,
  });
}

const RESET_REQUESTED = "people.password-reset-requested";

/** This module's event handlers; src/registry.ts lists them for the worker. */
export const peopleEventHandlers = [
  eventHandler("password_reset.requested", RESET_REQUESTED, async (event) => {
    const { emailLookup, centreId, request } = event.payload;
    await runOnce(event.id, RESET_REQUESTED, async (trx) => {
      for (const account of await resettableAccounts(trx, centreId, emailLookup))
        await emailResetLink(trx, account, request);
    });
  }),
];
