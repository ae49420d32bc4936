import { Elysia } from "elysia";
import { z } from "zod";
import { type ProfileChange, ProfileView } from "../../../views/profile/profile";
import { AppError, ValidationError } from "../../platform/errors";
import { redirectTo } from "../../platform/http/redirect";
import { type StreamedFormBody, streamedFormBody } from "../../platform/http/streamed-form";
import { LOCALES, lazy, t } from "../../platform/i18n";
import type { AuditRequest, CentreContext, Principal } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { changeAvatar, changeLanguage, changePassword, changePin, profileOf, selfOf } from "./service";

const PASSWORD_MIN_LENGTH = 10;

const passwordForm = z
  .object({
    current: z
      .string()
      .min(1, { error: lazy("profile.validation.enterCurrentPassword") })
      .max(200, { error: lazy("profile.validation.passwordTooLongForAny") }),
    password: z
      .string()
      .min(PASSWORD_MIN_LENGTH, {
        error: lazy("profile.validation.passwordTooShort", { minimum: PASSWORD_MIN_LENGTH }),
      })
      .max(200, { error: lazy("profile.validation.keepUnder") }),
    confirm: z.string().max(200, { error: lazy("profile.validation.keepUnder") }),
  })
  .refine((form) => form.password === form.confirm, {
    error: lazy("profile.validation.passwordsDiffer"),
    path: ["confirm"],
  });

const pin = (message: () => string) => z.string().regex(/^\d{4,8}$/, { error: message });
const pinForm = z
  .object({
    current: pin(lazy("profile.validation.currentPinDigits")),
    pin: pin(lazy("profile.validation.pinDigits")),
    confirm: z.string().max(8, { error: lazy("profile.validation.pinDigits") }),
  })
  .refine((form) => form.pin === form.confirm, { error: lazy("profile.validation.pinsDiffer"), path: ["confirm"] });

/** A shipped language, or "" for the centre's. Anything else is refused with a field error. */
const languageForm = z.object({
  locale: z.union([z.literal(""), z.enum(LOCALES)], { error: lazy("profile.validation.language") }),
});

const profileQuery = z.object({
  changed: z.enum(["password", "pin", "language", "avatar"]).optional().catch(undefined),
});

interface ProfileRequest {
  request: Request;
  principal: Principal;
  centre: CentreContext | null;
  audit: AuditRequest;
  page: PageRenderer;
  csrfToken: string;
}

async function profilePage(
  { principal, centre, audit, page, csrfToken }: ProfileRequest,
  options: { errors?: Record<string, string>; changed?: ProfileChange; status?: number } = {},
): Promise<Response> {
  const self = selfOf(principal, audit);
  const acting = principal.kind === "user" ? principal.session.actingCentreId : null;
  const data = await profileOf(self, acting, centre?.locale ?? null);
  return page(
    <ProfileView {...data} csrfToken={csrfToken} errors={options.errors ?? {}} changed={options.changed ?? null} />,
    { title: t("profile.title"), status: options.status },
  );
}

/** Makes a change, then back to the profile; a bad form comes back with its messages (422). */
async function changeAndReturn(context: ProfileRequest, change: () => Promise<unknown>, changed: ProfileChange) {
  try {
    await change();
  } catch (error) {
    if (error instanceof ValidationError) return profilePage(context, { errors: error.fieldErrors, status: 422 });
    // A photo refused for its type or size: the message goes beside the file field.
    if (error instanceof AppError && [413, 415, 422].includes(error.status)) {
      return profilePage(context, { errors: { avatar: error.message }, status: error.status });
    }
    throw error;
  }
  return redirectTo(context.request, `/profile?changed=${changed}`);
}

export const profileRoutes = new Elysia({ name: "profile-routes" })
  .use(guard)
  .get("/profile", (context) => profilePage(context, { changed: parseInput(profileQuery, context.query).changed }), {
    permission: "profile.read",
  })
  .post(
    "/profile/password",
    (context) =>
      changeAndReturn(
        context,
        () => {
          const form = parseInput(passwordForm, context.body);
          return changePassword(selfOf(context.principal, context.audit), form.current, form.password);
        },
        "password",
      ),
    { permission: "profile.update" },
  )
  .post(
    "/profile/pin",
    (context) =>
      changeAndReturn(
        context,
        () => {
          const form = parseInput(pinForm, context.body);
          return changePin(selfOf(context.principal, context.audit), form.current, form.pin);
        },
        "pin",
      ),
    { permission: "profile.update" },
  )
  .post(
    "/profile/language",
    (context) =>
      changeAndReturn(
        context,
        async () => {
          const { locale } = parseInput(languageForm, context.body);
          return changeLanguage(selfOf(context.principal, context.audit), locale === "" ? null : locale);
        },
        "language",
      ),
    { permission: "profile.update" },
  )
  .post(
    "/profile/avatar",
    (context) =>
      changeAndReturn(
        context,
        async () => {
          const { file } = context.body as StreamedFormBody;
          if (!file || file.name === "") throw new ValidationError({ avatar: t("profile.avatar.choose") });
          return changeAvatar(selfOf(context.principal, context.audit), file);
        },
        "avatar",
      ),
    // Streamed: the CSRF token is read before the photo, which goes to storage as it arrives.
    { permission: "avatar.update", parse: streamedFormBody },
  );
