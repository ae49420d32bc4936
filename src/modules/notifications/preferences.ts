import type { Kysely } from "kysely";
import type { Database, EmailChoice } from "../../platform/db/schema";
import { type CentreId, selectFromTenant } from "../../platform/tenancy";

/**
 * The kinds of email a person chooses about. Stored (preferences, digest lines) and numbered in
 * unsubscribe links by their place here: keep them stable, add new ones at the end.
 */
export const EMAIL_KINDS = [
  "homework_marked",
  "redo_requested",
  "absence",
  "homework_overdue",
  "badge_earned",
  "announcement",
  "message",
  "term_report",
] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

export const EMAIL_CHOICES = ["immediate", "digest", "off"] as const satisfies readonly EmailChoice[];
export type { EmailChoice };

/** Until a person chooses: everything at once, except badges, which are good news that can wait. */
export const DEFAULT_CHOICES: Readonly<Record<EmailKind, EmailChoice>> = {
  homework_marked: "immediate",
  redo_requested: "immediate",
  absence: "immediate",
  homework_overdue: "immediate",
  badge_earned: "digest",
  announcement: "immediate",
  message: "immediate",
  term_report: "immediate",
};

export function isEmailKind(value: string): value is EmailKind {
  return (EMAIL_KINDS as readonly string[]).includes(value);
}

/** A person's choice for every kind, their own where they made one, else the default. */
export async function emailChoices(
  executor: Kysely<Database>,
  centreId: CentreId,
  userId: string,
): Promise<Record<EmailKind, EmailChoice>> {
  const rows = await selectFromTenant(executor, "email_preferences", centreId)
    .where("user_id", "=", userId)
    .select(["kind", "choice"])
    .execute();
  const choices = { ...DEFAULT_CHOICES };
  for (const row of rows) if (isEmailKind(row.kind)) choices[row.kind] = row.choice;
  return choices;
}

export async function emailChoice(
  executor: Kysely<Database>,
  centreId: CentreId,
  userId: string,
  kind: EmailKind,
): Promise<EmailChoice> {
  const row = await selectFromTenant(executor, "email_preferences", centreId)
    .where("user_id", "=", userId)
    .where("kind", "=", kind)
    .select("choice")
    .executeTakeFirst();
  return row?.choice ?? DEFAULT_CHOICES[kind];
}

export async function saveEmailChoices(
  executor: Kysely<Database>,
  centreId: CentreId,
  userId: string,
  choices: Partial<Record<EmailKind, EmailChoice>>,
): Promise<void> {
  const rows = Object.entries(choices).map(([kind, choice]) => ({
    centre_id: centreId,
    user_id: userId,
    kind,
    choice: choice as EmailChoice,
  }));
  if (rows.length === 0) return;
  await executor
    .insertInto("email_preferences")
    .values(rows)
    .onConflict((conflict) =>
      conflict
        .columns(["centre_id", "user_id", "kind"])
        .doUpdateSet((eb) => ({ choice: eb.ref("excluded.choice"), updated_at: new Date() })),
    )
    .execute();
}
