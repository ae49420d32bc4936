import { Elysia } from "elysia";
import { z } from "zod";
import {
  InviteView,
  NewStudentView,
  OneTimeSecretView,
  PeopleListView,
  PeopleTable,
} from "../../../views/people/people";
import { PersonView } from "../../../views/people/person";
import { roleLabel } from "../../../views/people/roles";
import { db } from "../../platform/db";
import { ROLES } from "../../platform/db/schema";
import { NotFoundError, ValidationError } from "../../platform/errors";
import { redirectTo } from "../../platform/http/redirect";
import { htmlResponse, isFragmentRequest } from "../../platform/http/render";
import { grantableRoles, outranks, roleHas } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import { pinStateOf } from "./pin-guard";
import { pinRoutes } from "./pin-routes";
import { toLinked, toListItem, toProfile } from "./present";
import { childrenOf, PEOPLE_PAGE_SIZE, parentsForLinking, parentsOf, peoplePage, personById } from "./queries";
import { emailLookup } from "./sensitive";
import {
  changeRole,
  createStudent,
  inviteUser,
  issuePasswordReset,
  linkParent,
  resetPin,
  setUserStatus,
  unlinkParent,
} from "./service";

const listQuery = z.object({
  q: z.string().trim().max(200).default(""),
  role: z.union([z.enum(ROLES), z.literal("")]).default(""),
  status: z.union([z.enum(["invited", "active", "disabled"]), z.literal("")]).default(""),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

const personParams = z.object({ id: z.uuid("That person could not be found") });
const linkParams = z.object({
  id: z.uuid("That person could not be found"),
  parentId: z.uuid("That parent could not be found"),
});

const studentForm = z.object({
  name: z.string().trim().min(1, "Enter the student's name").max(200, "Keep the name under 200 characters"),
  studentCode: z.union([
    z.literal(""),
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{2,20}$/, "Use 2 to 20 letters, digits or dashes, or leave it empty"),
  ]),
  dateOfBirth: z.iso
    .date("Enter the date of birth")
    .refine((date) => date > "1900-01-01" && date <= new Date().toISOString().slice(0, 10), {
      message: "Enter a real date of birth",
    }),
  pin: z.union([z.literal(""), z.string().regex(/^\d{4,8}$/, "A PIN is 4 to 8 digits")]).default(""),
});

const inviteForm = z.object({
  name: z.string().trim().min(1, "Enter their name").max(200, "Keep the name under 200 characters"),
  email: z.email("Enter a valid email address").max(254),
  role: z.enum(ROLES, "Choose a role"),
});

const roleForm = z.object({ role: z.enum(ROLES, "Choose a role") });
const linkForm = z.object({ parentId: z.uuid("Choose a parent") });

function roleOptions(actor: Actor) {
  return grantableRoles(actor.role)
    .filter((role) => role !== "student")
    .map((role) => ({ value: role, label: roleLabel(role) }));
}

function formValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (typeof value === "string" && key !== "_csrf" && key !== "pin") values[key] = value.slice(0, 300);
  }
  return values;
}

/** Re-renders a form with its errors (422) when validation fails; other errors go to the error handler. */
async function withFormErrors(work: () => Promise<Response>, onInvalid: (errors: Record<string, string>) => Response) {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ValidationError) return onInvalid(error.fieldErrors);
    throw error;
  }
}

export const peopleRoutes = new Elysia({ name: "people-routes" })
  .use(guard)
  .use(pinRoutes)
  .get(
    "/people",
    async ({ request, query, page, actor }) => {
      const filters = parseInput(listQuery, query);
      const lookup = filters.q.includes("@") ? emailLookup(filters.q) : undefined;
      const result = await peoplePage(
        db,
        actor.centreId,
        {
          q: filters.q || undefined,
          role: filters.role || undefined,
          status: filters.status || undefined,
          emailLookup: lookup,
        },
        filters.page,
      );
      const props = {
        people: result.rows.map(toListItem),
        total: result.total,
        page: filters.page,
        pageCount: Math.max(1, Math.ceil(result.total / PEOPLE_PAGE_SIZE)),
        q: filters.q,
        role: filters.role,
        status: filters.status,
        roleOptions: ROLES.filter((role) => role !== "platform_admin").map((role) => ({
          value: role,
          label: roleLabel(role),
        })),
        canCreateStudent: roleHas(actor.role, "user.create_student"),
        canInvite: roleHas(actor.role, "user.invite"),
      };
      if (isFragmentRequest(request) && request.headers.get("hx-target") !== null) {
        return htmlResponse(request, <PeopleTable {...props} />);
      }
      return page(<PeopleListView {...props} />, { title: "People" });
    },
    { permission: "user.read" },
  )
  .get(
    "/people/students/new",
    ({ page, csrfToken }) =>
      page(<NewStudentView csrfToken={csrfToken} values={{}} errors={{}} />, { title: "Add a student" }),
    { permission: "user.create_student" },
  )
  .post(
    "/people/students",
    ({ body, page, csrfToken, actor }) =>
      withFormErrors(
        async () => {
          const form = parseInput(studentForm, body);
          const { pin, studentCode } = await createStudent(actor, {
            ...form,
            studentCode: form.studentCode || undefined,
            pin: form.pin || undefined,
          });
          return page(
            <OneTimeSecretView
              heading="Student created"
              name={form.name}
              label={`Student code ${studentCode} · PIN:`}
              secret={pin}
              note="Write the PIN down or print this page now: it is not shown again. Staff can reset it later."
            />,
            { title: "Student created", status: 201 },
          );
        },
        (errors) =>
          page(<NewStudentView csrfToken={csrfToken} values={formValues(body)} errors={errors} />, {
            title: "Add a student",
            status: 422,
          }),
      ),
    { permission: "user.create_student" },
  )
  .get(
    "/people/invite",
    ({ page, csrfToken, actor }) =>
      page(
        <InviteView csrfToken={csrfToken} roleOptions={roleOptions(actor)} values={{ role: "parent" }} errors={{}} />,
        {
          title: "Invite",
        },
      ),
    { permission: "user.invite" },
  )
  .post(
    "/people/invite",
    ({ body, page, csrfToken, actor }) => {
      return withFormErrors(
        async () => {
          const form = parseInput(inviteForm, body);
          const { link, expiresAt } = await inviteUser(actor, form);
          return page(
            <OneTimeSecretView
              heading="Invitation ready"
              name={`${form.name} (${roleLabel(form.role)})`}
              label="Give them this one-time link to choose their password:"
              secret={link}
              note={`The link works once, until ${expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC. Print or send it now: it is not shown again.`}
            />,
            { title: "Invitation ready", status: 201 },
          );
        },
        (errors) =>
          page(
            <InviteView
              csrfToken={csrfToken}
              roleOptions={roleOptions(actor)}
              values={formValues(body)}
              errors={errors}
            />,
            {
              title: "Invite",
              status: 422,
            },
          ),
      );
    },
    { permission: "user.invite" },
  )
  .get(
    "/people/:id",
    async ({ params, page, csrfToken, actor }) => {
      const { id } = parseInput(personParams, params);
      const person = await personById(db, actor.centreId, id);
      if (!person) throw new NotFoundError("That person is not part of this centre.");
      const [parents, children, parentChoices, pinState] = await Promise.all([
        person.role === "student" ? parentsOf(db, actor.centreId, id) : Promise.resolve([]),
        person.role === "parent" ? childrenOf(db, actor.centreId, id) : Promise.resolve([]),
        person.role === "student" && roleHas(actor.role, "guardian.link")
          ? parentsForLinking(db, actor.centreId)
          : Promise.resolve([]),
        person.role === "student" ? pinStateOf(db, actor.centreId, id) : Promise.resolve(null),
      ]);
      const linked = new Set(parents.map((parent) => parent.id));
      return page(
        <PersonView
          person={toProfile(person)}
          pinLocked={pinState?.lockedAt != null}
          csrfToken={csrfToken}
          canManage={outranks(actor.role, person.role)}
          roleOptions={roleOptions(actor)}
          parents={toLinked(parents)}
          children={toLinked(children)}
          parentOptions={parentChoices
            .filter((parent) => !linked.has(parent.id))
            .map((parent) => ({ value: parent.id, label: parent.name }))}
          can={{
            changeRole: roleHas(actor.role, "user.role_change"),
            disable: roleHas(actor.role, "user.disable"),
            resetPassword: roleHas(actor.role, "user.reset_password"),
            resetPin: roleHas(actor.role, "user.reset_pin"),
            unlockPin: roleHas(actor.role, "user.unlock_pin"),
            linkParent: roleHas(actor.role, "guardian.link"),
          }}
        />,
        { title: person.name },
      );
    },
    { permission: "user.read" },
  )
  .post(
    "/people/:id/role",
    async ({ request, params, body, actor }) => {
      const { id } = parseInput(personParams, params);
      await changeRole(actor, id, parseInput(roleForm, body).role);
      return redirectTo(request, `/people/${id}`);
    },
    { permission: "user.role_change" },
  )
  .post(
    "/people/:id/disable",
    async ({ request, params, actor }) => {
      const { id } = parseInput(personParams, params);
      await setUserStatus(actor, id, "disabled");
      return redirectTo(request, `/people/${id}`);
    },
    { permission: "user.disable" },
  )
  .post(
    "/people/:id/enable",
    async ({ request, params, actor }) => {
      const { id } = parseInput(personParams, params);
      await setUserStatus(actor, id, "active");
      return redirectTo(request, `/people/${id}`);
    },
    { permission: "user.disable" },
  )
  .post(
    "/people/:id/password-reset",
    async ({ params, page, actor }) => {
      const { id } = parseInput(personParams, params);
      const { link, expiresAt } = await issuePasswordReset(actor, id);
      const person = await personById(db, actor.centreId, id);
      return page(
        <OneTimeSecretView
          heading="Password reset link"
          name={person?.name ?? ""}
          label="Give them this one-time link to choose a new password:"
          secret={link}
          note={`The link works once, until ${expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC.`}
        />,
        { title: "Password reset link", status: 201 },
      );
    },
    { permission: "user.reset_password" },
  )
  .post(
    "/people/:id/pin",
    async ({ params, page, actor }) => {
      const { id } = parseInput(personParams, params);
      const { pin } = await resetPin(actor, id);
      const person = await personById(db, actor.centreId, id);
      return page(
        <OneTimeSecretView
          heading="New PIN"
          name={person?.name ?? ""}
          label={`Student code ${person?.studentCode ?? ""} · new PIN:`}
          secret={pin}
          note="The old PIN no longer works. This PIN is not shown again."
        />,
        { title: "New PIN", status: 201 },
      );
    },
    { permission: "user.reset_pin" },
  )
  .post(
    "/people/:id/parents",
    async ({ request, params, body, actor }) => {
      const { id } = parseInput(personParams, params);
      await linkParent(actor, parseInput(linkForm, body).parentId, id);
      return redirectTo(request, `/people/${id}`);
    },
    { permission: "guardian.link" },
  )
  .post(
    "/people/:id/parents/:parentId/unlink",
    async ({ request, params, actor }) => {
      const { id, parentId } = parseInput(linkParams, params);
      await unlinkParent(actor, parentId, id);
      return redirectTo(request, `/people/${id}`);
    },
    { permission: "guardian.link" },
  );
