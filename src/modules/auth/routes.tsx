import { type Cookie, Elysia } from "elysia";
import { z } from "zod";
import { ForgotPasswordView, ResetLinkSentView } from "../../../views/auth/forgot-password";
import { SetPasswordView, SignInView, WaitingForConsentView } from "../../../views/auth/sign-in";
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
import { centresForLanding } from "../centres";
import { redeemToken, SELF_SERVICE_RESET_MINUTES, StudentPinLockedError, tokenHolderName, validToken } from "../people";
import { forgotPassword } from "./forgot-password";
import { SignInError, signInStudent, signInWithPassword } from "./service";

const signInForm = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("password"),
    centre: z.string().max(64).default(""),
    email: z.email({ error: lazy("auth.signIn.enterEmail") }).max(254),
    password: z
      .string()
      .min(1, { error: lazy("auth.signIn.enterPassword") })
      .max(200),
    next: z.string().max(500).optional(),
  }),
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

async function centreOptions() {
  return (await centresForLanding(db)).map((centre) => ({ value: centre.slug, label: centre.name }));
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
  return redirectTo(request, "/sign-in");
}

const signInRoutes = new Elysia({ name: "auth-routes" })
  .use(guard)
  .get(
    "/sign-in",
    async ({ request, principal, page, csrfToken, query }) => {
      if (principal.kind === "user") return redirectTo(request, "/home");
      const next = typeof query.next === "string" ? query.next : undefined;
      return page(
        <SignInView
          csrfToken={csrfToken}
          centres={await centreOptions()}
          mode="password"
          next={next}
          passwordSet={query.done === "password"}
        />,
        { title: t("auth.signIn.title") },
      );
    },
    { permission: PUBLIC },
  )
  .post(
    "/sign-in",
    async ({ request, body, page, csrfToken, cookie, audit }) => {
      const raw = (body ?? {}) as Record<string, unknown>;
      const mode = raw.mode === "student" ? "student" : "password";
      const again = (error: string, status: number) =>
        centreOptions().then((centres) =>
          page(
            <SignInView
              csrfToken={csrfToken}
              centres={centres}
              mode={mode}
              centre={String(raw.centre ?? "")}
              email={typeof raw.email === "string" ? raw.email : ""}
              studentCode={typeof raw.studentCode === "string" ? raw.studentCode : ""}
              error={error}
            />,
            { title: t("auth.signIn.title"), status },
          ),
        );
      try {
        const form = parseInput(signInForm, body);
        const result =
          form.mode === "password"
            ? await signInWithPassword(
                { centreSlug: form.centre || null, email: form.email, password: form.password },
                audit,
              )
            : await signInStudent({ centreSlug: form.centre, studentCode: form.studentCode, pin: form.pin }, audit);
        if (result.kind === "waiting_for_consent") {
          return page(<WaitingForConsentView studentName={result.studentName} centreName={result.centreName} />, {
            title: t("auth.waiting.title"),
            status: 403,
          });
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
    async ({ page, csrfToken }) =>
      page(<ForgotPasswordView csrfToken={csrfToken} centres={await centreOptions()} values={{}} errors={{}} />, {
        title: t("auth.forgot.title"),
      }),
    { permission: PUBLIC },
  )
  .post(
    "/forgot-password",
    async ({ body, page, csrfToken, audit }) => {
      const again = async (errors: Record<string, string>, status: number, headers?: Record<string, string>) =>
        page(
          <ForgotPasswordView
            csrfToken={csrfToken}
            centres={await centreOptions()}
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
        await redeemToken(token, parsed.data.password, audit);
        return redirectTo(request, "/sign-in?done=password");
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
