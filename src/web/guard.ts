import { Elysia } from "elysia";
import { ConfirmView } from "../../views/components/confirm";
import { formValues } from "../platform/forms";
import {
  CONFIRM_FIELD,
  type Confirmation,
  confirmationToken,
  consumeConfirmation,
  submittedConfirmation,
} from "../platform/http/confirmation";
import { isStateChanging } from "../platform/http/csrf";
import { type FlashSlot, isRedirect, withFlash } from "../platform/http/flash";
import { type RequestAccess, resolveRequestAccess } from "../platform/http/request-access";
import { t } from "../platform/i18n";
import { PUBLIC, type RoutePermission, SIGNED_URL } from "../platform/permissions";
import { sessionTokens, tokenPlugin } from "../platform/session/tokens";
import { type PageRenderer, pageRenderer } from "./page";

/** What a destructive route's `confirm` is given to say what will happen (names looked up). */
export interface ConfirmContext extends RequestAccess {
  request: Request;
  params: Record<string, string>;
  body: unknown;
  page: PageRenderer;
  flash: FlashSlot;
}

interface FlashContext {
  request: Request;
  response: unknown;
  principal?: RequestAccess["principal"];
  flash: FlashSlot;
}

export type DescribeConfirmation = (context: ConfirmContext) => Promise<Confirmation> | Confirmation;

/** Pages that show their own notice from the address they are sent to (`?done=removed`). */
const NAMES_ITS_NOTICE = /[?&](done|changed|consent|created|assigned|retried|saved|added)=/;

/**
 * A post by a signed-in person that succeeded and redirects (post/redirect/get) leaves a flash
 * for the next page: the route's own sentence (`flash.message = …`, or the confirmation's "done"),
 * else "Saved.". `{ flash: false }` in the route table says nothing (entering a centre, reading).
 * A redirect to an address that names its own notice (`?done=…`) gets no second one.
 */
function flashAfterSave(permission: RoutePermission, context: FlashContext): Response | undefined {
  const { request, response, principal, flash } = context;
  if (!isStateChanging(request.method) || permission === PUBLIC || permission === SIGNED_URL) return;
  if (principal?.kind !== "user" || !(response instanceof Response) || !isRedirect(response)) return;
  if (flash.message === false) return;
  const location = response.headers.get("location") ?? response.headers.get("hx-redirect") ?? "";
  if (flash.message === null && NAMES_ITS_NOTICE.test(location)) return;
  return withFlash(response, flash.message ?? t("common.flash.saved"));
}

/**
 * The confirm page of the destructive route at this request's path: answered to a post that came
 * without its token, or to a GET of the same path (a link that asks before posting there). The
 * question, and a form that posts again with a fresh token and the fields the first post carried.
 */
export function confirmPage(context: ConfirmContext, confirmation: Confirmation): Response {
  const path = new URL(context.request.url).pathname;
  const { [CONFIRM_FIELD]: _used, ...carried } = formValues(context.body);
  const view = ConfirmView({
    ...confirmation,
    url: path,
    token: confirmationToken(context.principal, "POST", path),
    csrfToken: context.csrfToken,
    carried,
  });
  return context.page(view, { title: confirmation.question });
}

/**
 * Every route declares `{ permission }` beside its path. The guard resolves the request once
 * (platform/http/request-access.ts) and hands the handler the principal, the acting `actor` with
 * their centre, the request's audit data, the CSRF token, `page` to render in the layout, and
 * `flash` for the message the next page shows.
 *
 * A destructive or irreversible route also declares `confirm` (what the confirm page says): a post
 * without a valid confirmation token does nothing and answers with the confirm page instead
 * (platform/http/confirmation.ts, views/components/confirm.tsx; with JavaScript, in a dialog).
 */
export const guard = new Elysia({ name: "guard" }).use(tokenPlugin).macro({
  permission: (permission: RoutePermission) => ({
    detail: { permission } as Record<string, unknown>,
    async resolve({ request, cookie, body, query, params }) {
      // Cookie tokens are checked with a synchronous HMAC (sessionTokens), not the JWT plugin's WebCrypto path.
      const access = await resolveRequestAccess(permission, {
        request,
        tokens: sessionTokens,
        cookie,
        body,
        query,
        params,
      });
      const flash: FlashSlot = { message: null };
      return { ...access, page: pageRenderer(request, access.principal, access.centre), flash };
    },
    afterHandle(context) {
      return flashAfterSave(permission, context as unknown as FlashContext);
    },
  }),
  // `flash: false` beside the permission: this post is no save (entering a centre, reading).
  flash: (say: false) => ({
    beforeHandle(context) {
      (context as unknown as { flash: FlashSlot }).flash.message = say;
    },
  }),
  // Absent (undefined) in a table of routes where only some ask: then nothing is added.
  confirm: (describe: DescribeConfirmation | undefined) => {
    if (!describe) return;
    return {
      detail: { confirm: true } as Record<string, unknown>,
      async beforeHandle(context) {
        const confirm = context as unknown as ConfirmContext;
        // The permission's resolve runs first; without it there is nobody to ask.
        if (!confirm.principal) throw new Error("a confirmed route needs a permission");
        const path = new URL(confirm.request.url).pathname;
        const method = confirm.request.method;
        const confirmation = await describe(confirm);
        const token = submittedConfirmation(confirm.body);
        if (token && (await consumeConfirmation(confirm.principal, method, path, token))) {
          confirm.flash.message = confirmation.done;
          return;
        }
        return confirmPage(confirm, confirmation);
      },
    };
  },
});
