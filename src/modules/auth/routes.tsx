import { type Cookie, Elysia } from "elysia";
import { z } from "zod";
import { FindCentreView } from "../../../views/auth/find-centre";
import { ForgotPasswordView, ResetLinkSentView } from "../../../views/auth/forgot-password";
import {
  PlatformSignInView,
  SetPasswordView,
  type SignInCentre,
  SignInView,
  WaitingForConsentView,
} from "../../../views/auth/sign-in";
import { config } from "../../config";
import { recordAudit } from "../../platform/audit";
import { db } from "../../platform/db";
import { TooManyRequestsError, ValidationError } from "../../platform/errors";
import { bindForm, formValues } from "../../platform/forms";
import { cookieOptions, SESSION_COOKIE } from "../../platform/http/authenticate";
import type { Confirmation } from "../../platform/http/confirmation";
import { redirectTo, safeNextPath } from "../../platform/http/redirect";
import { lazy, type MessageKey, t } from "../../platform/i18n";
import { PUBLIC } from "../../platform/permissions";
import type { AuditRequest, Principal } from "../../platform/principal";
import { redis } from "../../platform/redis";
import { revokeSession, revokeUserSessions } from "../../platform/session/store";
import { signSessionToken } from "../../platform/session/tokens";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import { centreById, centreBySlug, centrePath, logoPath, slugFromCode } from "../centres";
import { redeemToken, SELF_SERVICE_RESET_MINUTES, StudentPinLockedError, tokenHolderName, validToken } from "../people";
import { forgotPassword } from "./forgot-password";
import { SignInError, signInStudent, signInWithPassword } from "./service";

const emailAndPassword = {
  email: z.email({ error: lazy("auth.signIn.enterEmail") }).max(254),
  password: z
    .string()
    .min(1, { error: lazy("auth.signIn.enterPassword") })
    .max(200),
  next: z.string().max(500).optional(),
};

/**
 * Staff and parents sign in at their centre's address, whose form names the centre; the platform
 * admin at its own address (mode "platform"). No form falls back to platform administration.
 */
const signInForm = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("password"),
    centre: z
      .string()
      .trim()
      .min(1, { error: lazy("auth.signIn.chooseCentre") })
      .max(64),
    ...emailAndPassword,
  }),
  z.object({ mode: z.literal("platform"), ...emailAndPassword }),
  z.object({
    mode: z.literal("student"),
    centre: z
      .string()
      .min(1, { error: lazy("auth.signIn.chooseCentre") })
      .max(64),
    studentCode: z
      .string()
      .trim()
      .min(1, { error: lazy("auth.signIn.enterStudentCode") })
      .max(20),
    pin: z.string().regex(/^\d{4,8}$/, { error: lazy("auth.signIn.pinDigits") }),
    next: z.string().max(500).optional(),
  }),
]);

const forgotForm = z.object({
  centre: z.string().max(64).default(""),
  email: z.email({ error: lazy("auth.forgot.enterEmail") }).max(254),
});

const PASSWORD_MIN_LENGTH = 10;

const newPasswordForm = z
  .object({
    password: z
      .string()
      .min(PASSWORD_MIN_LENGTH, { error: lazy("auth.setPassword.tooShort", { minimum: PASSWORD_MIN_LENGTH }) })
      .max(200),
    confirm: z.string().max(200),
  })
  .refine((form) => form.password === form.confirm, {
    error: lazy("auth.setPassword.differ"),
    path: ["confirm"],
  });

const tokenParams = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, { error: lazy("auth.setPassword.badLink") }),
});

/** The centre a sign-in page or form names by its slug (its code), as the page shows it; null if none. */
async function signInCentre(slug: unknown): Promise<SignInCentre | null> {
  const clean = typeof slug === "string" ? slugFromCode(slug) : null;
  const centre = clean ? await centreBySlug(db, clean) : undefined;
  return centre ? { slug: centre.slug, name: centre.name, logoSrc: logoPath(centre) } : null;
}

const signInQuery = z.object({
  code: z.string().max(200).optional().catch(undefined),
  next: z.string().max(500).optional().catch(undefined),
  done: z.string().max(20).optional().catch(undefined),
});

const centreParams = z.object({ slug: z.string().max(100).catch("") });

/** After signing out: the sign-in page the person came in by. */
async function signInPageOf(principal: Principal): Promise<string> {
  if (principal.kind !== "user") return "/sign-in";
  if (principal.role === "platform_admin") return "/platform/sign-in";
  const own = principal.session.centreId ? await centreById(db, principal.session.centreId) : undefined;
  return own ? centrePath(own.slug) : "/sign-in";
}

/** A query string carrying `next` (and the "password set" notice) on to another sign-in page. */
function carried(query: { next?: string; done?: string }): string {
  const params = new URLSearchParams();
  if (query.next) params.set("next", query.next);
  if (query.done === "password") params.set("done", "password");
  const text = params.toString();
  return text ? `?${text}` : "";
}

interface SignOutContext {
  request: Request;
  principal: Principal;
  cookie: Record<string, Cookie<unknown>>;
  audit: AuditRequest;
}

/** Ends this session, or every session of the person, with its audit row; then to the sign-in page. */
async function signOut(context: SignOutContext, action: "auth.sign_out" | "auth.sign_out_everywhere") {
  const { request, principal, cookie, audit } = context;
  const signInPage = await signInPageOf(principal);
  if (principal.kind === "user") {
    if (action === "auth.sign_out") await revokeSession(redis, principal.session);
    else await revokeUserSessions(redis, principal.userId);
    await recordAudit(db, {
      centreId: principal.session.centreId,
      actor: { id: principal.userId, role: principal.role },
      action,
      request: audit,
    });
  }
  cookie[SESSION_COOKIE]?.remove();
  return redirectTo(request, signInPage);
}

const signInRoutes = new Elysia({ name: "auth-routes" })
  .use(guard)
  .get(
    "/sign-in",
    async ({ request, principal, page, query }) => {
      if (principal.kind === "user") return redirectTo(request, "/home");
      const { code, ...rest } = parseInput(signInQuery, query);
      if (code === undefined) {
        return page(<FindCentreView next={rest.next} passwordSet={rest.done === "password"} />, {
          title: t("auth.signIn.title"),
        });
      }
      const centre = await signInCentre(code);
      if (centre) return redirectTo(request, `${centrePath(centre.slug)}${carried(rest)}`);
      // One answer for every code that names no centre: nothing is suggested or listed.
      return page(<FindCentreView code={code.slice(0, 63)} next={rest.next} error={t("auth.find.unknown")} />, {
        title: t("auth.signIn.title"),
        status: 404,
      });
    },
    { permission: PUBLIC },
  )
  .get(
    "/c/:slug",
    async ({ request, principal, page, csrfToken, params, query }) => {
      if (principal.kind === "user") return redirectTo(request, "/home");
      const centre = await signInCentre(parseInput(centreParams, params).slug);
      const { next, done } = parseInput(signInQuery, query);
      if (!centre) {
        return page(<FindCentreView next={next} error={t("auth.find.unknownAddress")} />, {
          title: t("auth.signIn.title"),
          status: 404,
        });
      }
      return page(
        <SignInView
          csrfToken={csrfToken}
          centre={centre}
          mode="password"
          next={next}
          passwordSet={done === "password"}
        />,
        { title: t("auth.signIn.titleAt", { centre: centre.name }) },
      );
    },
    { permission: PUBLIC },
  )
  .get(
    "/platform/sign-in",
    ({ request, principal, page, csrfToken, query }) => {
      if (principal.kind === "user") return redirectTo(request, "/home");
      const { next } = parseInput(signInQuery, query);
      return page(<PlatformSignInView csrfToken={csrfToken} next={next} />, { title: t("auth.signIn.platformTitle") });
    },
    { permission: PUBLIC },
  )
  .post(
    "/sign-in",
    async ({ request, body, page, csrfToken, cookie, audit }) => {
      const raw = (body ?? {}) as Record<string, unknown>;
      const text = (value: unknown) => (typeof value === "string" ? value : "");
      // A refusal shows the page the form came from: the centre's, the platform's, or "find your centre".
      const again = async (error: string, status: number) => {
        if (raw.mode === "platform") {
          return page(<PlatformSignInView csrfToken={csrfToken} email={text(raw.email)} error={error} />, {
            title: t("auth.signIn.platformTitle"),
            status,
          });
        }
        const centre = await signInCentre(raw.centre);
        if (!centre) return page(<FindCentreView error={error} />, { title: t("auth.signIn.title"), status });
        return page(
          <SignInView
            csrfToken={csrfToken}
            centre={centre}
            mode={raw.mode === "student" ? "student" : "password"}
            email={text(raw.email)}
            studentCode={text(raw.studentCode)}
            error={error}
          />,
          { title: t("auth.signIn.titleAt", { centre: centre.name }), status },
        );
      };
      try {
        const form = parseInput(signInForm, body);
        const result =
          form.mode === "student"
            ? await signInStudent({ centreSlug: form.centre, studentCode: form.studentCode, pin: form.pin }, audit)
            : await signInWithPassword(
                {
                  centreSlug: form.mode === "platform" ? null : (slugFromCode(form.centre) ?? form.centre),
                  email: form.email,
                  password: form.password,
                },
                audit,
              );
        if (result.kind === "waiting_for_consent") {
          const back = form.mode === "student" ? centrePath(form.centre) : "/sign-in";
          return page(
            <WaitingForConsentView studentName={result.studentName} centreName={result.centreName} back={back} />,
            { title: t("auth.waiting.title"), status: 403 },
          );
        }
        const token = await signSessionToken(result.session.id);
        cookie[SESSION_COOKIE]?.set({ value: token, ...cookieOptions, maxAge: config.SESSION_ABSOLUTE_HOURS * 3600 });
        return redirectTo(request, safeNextPath(form.next, "/home"));
      } catch (error) {
        if (error instanceof SignInError) return again(error.message, 401);
        if (error instanceof StudentPinLockedError) return again(error.message, 423);
        if (error instanceof ValidationError) return again(Object.values(error.fieldErrors).join(". "), 422);
        throw error;
      }
    },
    { permission: PUBLIC },
  )
  .post("/sign-out", (context) => signOut(context, "auth.sign_out"), { permission: PUBLIC })
  .post("/sign-out-everywhere", (context) => signOut(context, "auth.sign_out_everywhere"), {
    permission: "auth.sign_out_everywhere",
    confirm: confirmSignOutEverywhere,
  });

/** Every session ends, this one too: asked first, like every other change that cannot be undone. */
function confirmSignOutEverywhere(): Confirmation {
  return {
    question: t("auth.confirm.everywhere.question"),
    consequence: t("auth.confirm.everywhere.consequence"),
    action: t("auth.confirm.everywhere.action"),
    back: "/profile",
    done: t("auth.confirm.everywhere.done"),
  };
}

/** "Forgot your password?": one answer for every well-formed request (see forgot-password.ts). */
const forgotPasswordRoutes = new Elysia({ name: "forgot-password" })
  .use(guard)
  .get(
    "/forgot-password",
    async ({ page, csrfToken, query }) => {
      const centre = await signInCentre((query as Record<string, unknown>).centre);
      return page(<ForgotPasswordView csrfToken={csrfToken} centre={centre} values={{}} errors={{}} />, {
        title: t("auth.forgot.title"),
      });
    },
    { permission: PUBLIC },
  )
  .post(
    "/forgot-password",
    async ({ body, page, csrfToken, audit }) => {
      const again = async (errors: Record<string, string>, status: number, headers?: Record<string, string>) =>
        page(
          <ForgotPasswordView
            csrfToken={csrfToken}
            centre={await signInCentre((body as Record<string, unknown> | null)?.centre)}
            values={formValues(body)}
            errors={errors}
          />,
          { title: t("auth.forgot.title"), status, headers },
        );
      try {
        return await bindForm(forgotForm, body, {
          valid: async (form) => {
            await forgotPassword({ centreSlug: form.centre || null, email: form.email }, audit);
            return page(<ResetLinkSentView email={form.email} minutes={SELF_SERVICE_RESET_MINUTES} />, {
              title: t("auth.forgot.sentTitle"),
            });
          },
          invalid: (failure) => again(failure.errors, failure.status),
        });
      } catch (error) {
        if (!(error instanceof TooManyRequestsError)) throw error;
        return again({ form: error.message }, 429, { "retry-after": String(error.retryAfterSeconds) });
      }
    },
    { permission: PUBLIC },
  );

/** Invitation and reset links: the token in the path is the credential; the centre comes from its row. */
function setPasswordRoutes(prefix: "/invite" | "/reset", headingKey: MessageKey) {
  return new Elysia({ name: `set-password-${prefix}` })
    .use(guard)
    .get(
      `${prefix}/:token`,
      async ({ params, page, csrfToken }) => {
        const { token } = parseInput(tokenParams, params);
        const redeemed = await validToken(token);
        const name = await tokenHolderName(redeemed);
        const heading = t(headingKey);
        return page(
          <SetPasswordView
            csrfToken={csrfToken}
            heading={heading}
            action={`${prefix}/${token}`}
            name={name}
            minimumLength={PASSWORD_MIN_LENGTH}
          />,
          { title: heading },
        );
      },
      { permission: PUBLIC },
    )
    .post(
      `${prefix}/:token`,
      async ({ request, params, body, page, csrfToken, audit }) => {
        const { token } = parseInput(tokenParams, params);
        const redeemed = await validToken(token);
        const parsed = newPasswordForm.safeParse(body ?? {});
        if (!parsed.success) {
          const name = await tokenHolderName(redeemed);
          const error = parsed.error.issues.map((issue) => issue.message).join(". ");
          const heading = t(headingKey);
          return page(
            <SetPasswordView
              csrfToken={csrfToken}
              heading={heading}
              action={`${prefix}/${token}`}
              name={name}
              minimumLength={PASSWORD_MIN_LENGTH}
              error={error}
            />,
            { title: heading, status: 422 },
          );
        }
        const { centreId } = await redeemToken(token, parsed.data.password, audit);
        const centre = centreId ? await centreById(db, centreId) : undefined;
        return redirectTo(request, `${centre ? centrePath(centre.slug) : "/sign-in"}?done=password`);
      },
      { permission: PUBLIC },
    );
}

const invitationRoutes = setPasswordRoutes("/invite", "auth.setPassword.welcome");
const passwordResetRoutes = setPasswordRoutes("/reset", "auth.setPassword.chooseNew");

/** Sign-in and sign-out, forgotten passwords, invitation links and password-reset links, one Elysia instance. */
export const authRoutes = new Elysia({ name: "auth" })
  .use(signInRoutes)
  .use(forgotPasswordRoutes)
  .use(invitationRoutes)
  .use(passwordResetRoutes);
