import { Elysia } from "elysia";
import { z } from "zod";
import { EmailSettingsView, UnsubscribedView, UnsubscribeView } from "../../../views/notifications/email";
import { ValidationError } from "../../platform/errors";
import { redirectTo } from "../../platform/http/redirect";
import { lazy, t } from "../../platform/i18n";
import { SIGNED_URL } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { emailSettingsOf, readUnsubscribeLink, saveEmailSettings, unsubscribe } from "./email-settings";
import { EMAIL_CHOICES, EMAIL_KINDS } from "./preferences";

const choice = z.enum(EMAIL_CHOICES, { error: lazy("notifications.email.invalidChoice") });
/** Every kind is optional: the page sends the kinds the person's role receives. */
const settingsForm = z.object(Object.fromEntries(EMAIL_KINDS.map((kind) => [kind, choice.optional()]))) as z.ZodType<
  Partial<Record<(typeof EMAIL_KINDS)[number], (typeof EMAIL_CHOICES)[number]>>
>;
const settingsQuery = z.object({ saved: z.literal("1").optional().catch(undefined) });
const tokenParams = z.object({ token: z.string().max(200) });

async function settingsPage(
  context: { actor: Actor; page: PageRenderer; csrfToken: string },
  options: { saved?: boolean; errors?: Record<string, string>; status?: number } = {},
) {
  const { choices } = await emailSettingsOf(context.actor);
  return context.page(
    <EmailSettingsView
      choices={choices}
      saved={options.saved ?? false}
      errors={options.errors ?? {}}
      csrfToken={context.csrfToken}
    />,
    { title: t("notifications.email.title"), status: options.status },
  );
}

/**
 * Email settings for the signed-in person, and the unsubscribe link for anyone holding one. The
 * link's POST is what RFC 8058 one-click sends (`List-Unsubscribe=One-Click`) from a mail client
 * with no cookie and no CSRF token: the signed token in the path is its whole authority
 * (SIGNED_URL), so nothing a forged cross-site request could borrow is used.
 */
export const emailRoutes = new Elysia({ name: "notification-email-routes" })
  .use(guard)
  .get(
    "/notifications/email",
    (context) => settingsPage(context, { saved: parseInput(settingsQuery, context.query).saved === "1" }),
    { permission: "email_preference.read" },
  )
  .post(
    "/notifications/email",
    async (context) => {
      try {
        await saveEmailSettings(context.actor, parseInput(settingsForm, context.body));
      } catch (error) {
        if (error instanceof ValidationError) return settingsPage(context, { errors: error.fieldErrors, status: 422 });
        throw error;
      }
      return redirectTo(context.request, "/notifications/email?saved=1");
    },
    { permission: "email_preference.update" },
  )
  .get(
    "/unsubscribe/:token",
    async ({ params, page }) => {
      const { token } = parseInput(tokenParams, params);
      const { kind } = await readUnsubscribeLink(token);
      return page(<UnsubscribeView kind={kind} action={`/unsubscribe/${token}`} />, {
        title: t("notifications.unsubscribe.title"),
      });
    },
    { permission: SIGNED_URL },
  )
  .post(
    "/unsubscribe/:token",
    async ({ params, page }) => {
      const { token } = parseInput(tokenParams, params);
      const unsubscription = await readUnsubscribeLink(token);
      await unsubscribe(unsubscription);
      return page(<UnsubscribedView kind={unsubscription.kind} />, { title: t("notifications.unsubscribe.doneTitle") });
    },
    { permission: SIGNED_URL },
  );
