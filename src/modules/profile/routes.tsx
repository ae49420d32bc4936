import { Elysia } from "elysia";
import { z } from "zod";
import { type ProfileChange, ProfileView } from "../../../views/profile/profile";
import { ValidationError } from "../../platform/errors";
import { redirectTo } from "../../platform/http/redirect";
import type { AuditRequest, Principal } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { changePassword, changePin, profileOf, selfOf } from "./service";

const passwordForm = z
  .object({
    current: z.string().min(1, "Enter your current password").max(200, "That is longer than any password here"),
    password: z.string().min(10, "Use at least 10 characters").max(200, "Keep it under 200 characters"),
    confirm: z.string().max(200, "Keep it under 200 characters"),
  })
  .refine((form) => form.password === form.confirm, { message: "The two passwords differ", path: ["confirm"] });

const pin = (message: string) => z.string().regex(/^\d{4,8}$/, message);
const pinForm = z
  .object({
    current: pin("Your current PIN is 4 to 8 digits"),
    pin: pin("A PIN is 4 to 8 digits"),
    confirm: z.string().max(8, "A PIN is 4 to 8 digits"),
  })
  .refine((form) => form.pin === form.confirm, { message: "The two PINs differ", path: ["confirm"] });

const profileQuery = z.object({ changed: z.enum(["password", "pin"]).optional().catch(undefined) });

interface ProfileRequest {
  request: Request;
  principal: Principal;
  audit: AuditRequest;
  page: PageRenderer;
  csrfToken: string;
}

async function profilePage(
  { principal, audit, page, csrfToken }: ProfileRequest,
  options: { errors?: Record<string, string>; changed?: ProfileChange; status?: number } = {},
): Promise<Response> {
  const self = selfOf(principal, audit);
  const acting = principal.kind === "user" ? principal.session.actingCentreId : null;
  const data = await profileOf(self, acting);
  return page(
    <ProfileView {...data} csrfToken={csrfToken} errors={options.errors ?? {}} changed={options.changed ?? null} />,
    { title: "Your profile", status: options.status },
  );
}

/** Changes a secret, then back to the profile; a bad form comes back with its messages (422). */
async function changeSecret(context: ProfileRequest, change: () => Promise<void>, changed: ProfileChange) {
  try {
    await change();
  } catch (error) {
    if (error instanceof ValidationError) return profilePage(context, { errors: error.fieldErrors, status: 422 });
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
      changeSecret(
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
      changeSecret(
        context,
        () => {
          const form = parseInput(pinForm, context.body);
          return changePin(selfOf(context.principal, context.audit), form.current, form.pin);
        },
        "pin",
      ),
    { permission: "profile.update" },
  );
