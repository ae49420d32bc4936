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
import { localDate } from "../../platform/calendar";
import { db } from "../../platform/db";
import { ROLES } from "../../platform/db/schema";
import { NotFoundError, ValidationError } from "../../platform/errors";
import { redirectTo } from "../../platform/http/redirect";
import { htmlResponse, isFragmentRequest } from "../../platform/http/render";
import { formatDate, formatDateTime, lazy, type MessageKey, t } from "../../platform/i18n";
import { grantableRoles, outranks, roleHas } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import { classHistoryOf } from "../classes";
import { confirmDisable, confirmUnlink } from "./confirmations";
import { consentStatusOf, requestConsent } from "./consent";
import { importRoutes } from "./import-routes";
import { pinStateOf } from "./pin-guard";
import { pinRoutes } from "./pin-routes";
import { toLinked, toListItem, toProfile } from "./present";
import { childrenOf, PEOPLE_COUNT_CAP, parentsForLinking, parentsOf, peoplePage, personById } from "./queries";
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
  after: z.string().optional(),
  before: z.string().optional(),
});

const personParams = z.object({ id: z.uuid({ error: lazy("people.validation.personNotFound") }) });
const linkParams = z.object({
  id: z.uuid({ error: lazy("people.validation.personNotFound") }),
  parentId: z.uuid({ error: lazy("people.validation.parentNotFound") }),
});

const personName = (required: MessageKey) =>
  z
    .string()
    .trim()
    .min(1, { error: lazy(required) })
    .max(200, { error: lazy("people.validation.nameTooLong") });

const studentForm = z.object({
  name: personName("people.validation.enterStudentName"),
  studentCode: z.union([
    z.literal(""),
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{2,20}$/, { error: lazy("people.validation.studentCode") }),
  ]),
  dateOfBirth: z.iso
    .date({ error: lazy("people.validation.enterDateOfBirth") })
    .refine((date) => date > "1900-01-01" && date <= new Date().toISOString().slice(0, 10), {
      error: lazy("people.validation.realDateOfBirth"),
    }),
  pin: z
    .union([z.literal(""), z.string().regex(/^\d{4,8}$/, { error: lazy("people.validation.pinDigits") })])
    .default(""),
});

const inviteForm = z.object({
  name: personName("people.validation.enterName"),
  email: z.email({ error: lazy("people.validation.email") }).max(254),
  role: z.enum(ROLES, { error: lazy("people.validation.chooseRole") }),
});

/** After asking a parent for consent: whether the email went, or had already gone today. */
const personQuery = z.object({ consent: z.enum(["asked", "already"]).optional().catch(undefined) });

const roleForm = z.object({ role: z.enum(ROLES, { error: lazy("people.validation.chooseRole") }) });
const linkForm = z.object({ parentId: z.uuid({ error: lazy("people.validation.chooseParent") }) });

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
  .use(importRoutes)
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
        { after: filters.after, before: filters.before },
      );
      const props = {
        people: result.rows.map(toListItem),
        total: result.total,
        totalCap: PEOPLE_COUNT_CAP,
        previous: result.previous,
        next: result.next,
        paged: Boolean(filters.after || filters.before),
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
      return page(<PeopleListView {...props} />, { title: t("people.list.title") });
    },
    { permission: "user.read" },
  )
  .get(
    "/people/students/new",
    ({ page, csrfToken }) =>
      page(<NewStudentView csrfToken={csrfToken} values={{}} errors={{}} />, { title: t("people.newStudent.title") }),
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
              heading={t("people.newStudent.created")}
              name={form.name}
              label={t("people.newStudent.codeAndPin", { code: studentCode })}
              secret={pin}
              note={t("people.newStudent.note")}
            />,
            { title: t("people.newStudent.created"), status: 201 },
          );
        },
        (errors) =>
          page(<NewStudentView csrfToken={csrfToken} values={formValues(body)} errors={errors} />, {
            title: t("people.newStudent.title"),
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
        { title: t("people.invite.title") },
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
              heading={t("people.invite.ready")}
              name={t("people.invite.nameAndRole", { name: form.name, role: roleLabel(form.role) })}
              label={t("people.invite.label", { email: form.email })}
              secret={link}
              note={t("people.invite.note", { expires: formatDateTime(expiresAt, "long") })}
            />,
            { title: t("people.invite.ready"), status: 201 },
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
            { title: t("people.invite.title"), status: 422 },
          ),
      );
    },
    { permission: "user.invite" },
  )
  .get(
    "/people/:id",
    async ({ params, query, page, csrfToken, actor }) => {
      const { id } = parseInput(personParams, params);
      const person = await personById(db, actor.centreId, id);
      if (!person) throw new NotFoundError(t("people.error.notInCentre"));
      const today = localDate(new Date(), actor.centre.timeZone);
      const [parents, children, parentChoices, pinState, consent, stays] = await Promise.all([
        person.role === "student" ? parentsOf(db, actor.centreId, id) : Promise.resolve([]),
        person.role === "parent" ? childrenOf(db, actor.centreId, id) : Promise.resolve([]),
        person.role === "student" && roleHas(actor.role, "guardian.link")
          ? parentsForLinking(db, actor.centreId)
          : Promise.resolve([]),
        person.role === "student" ? pinStateOf(db, actor.centreId, id) : Promise.resolve(null),
        person.role === "student" ? consentStatusOf(actor.centreId, person, today) : Promise.resolve(null),
        person.role === "student" ? classHistoryOf(actor.centreId, id) : Promise.resolve([]),
      ]);
      const linked = new Set(parents.map((parent) => parent.id));
      return page(
        <PersonView
          person={toProfile(person)}
          pinLocked={pinState?.lockedAt != null}
          consent={consent}
          consentAsked={parseInput(personQuery, query).consent}
          csrfToken={csrfToken}
          canManage={outranks(actor.role, person.role)}
          roleOptions={roleOptions(actor)}
          parents={toLinked(parents)}
          children={toLinked(children)}
          classHistory={stays.map((stay) => ({
            href: `/classes/${stay.classId}`,
            className: stay.className,
            joined: formatDate(stay.joinedAt, "medium"),
            left: stay.leftAt ? formatDate(stay.leftAt, "medium") : null,
          }))}
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
            requestConsent: roleHas(actor.role, "consent.request"),
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
    { permission: "user.disable", confirm: confirmDisable },
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
      const email = person ? (toProfile(person).email ?? "") : "";
      return page(
        <OneTimeSecretView
          heading={t("people.reset.title")}
          name={person?.name ?? ""}
          label={t("people.reset.label", { email })}
          secret={link}
          note={t("people.reset.note", { expires: formatDateTime(expiresAt, "long") })}
        />,
        { title: t("people.reset.title"), status: 201 },
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
          heading={t("people.newPin.title")}
          name={person?.name ?? ""}
          label={t("people.newPin.codeAndPin", { code: person?.studentCode ?? "" })}
          secret={pin}
          note={t("people.newPin.note")}
        />,
        { title: t("people.newPin.title"), status: 201 },
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
    "/people/:id/parents/:parentId/consent-request",
    async ({ request, params, actor }) => {
      const { id, parentId } = parseInput(linkParams, params);
      const { queued } = await requestConsent(actor, id, parentId);
      return redirectTo(request, `/people/${id}?consent=${queued ? "asked" : "already"}`);
    },
    { permission: "consent.request" },
  )
  .post(
    "/people/:id/parents/:parentId/unlink",
    async ({ request, params, actor }) => {
      const { id, parentId } = parseInput(linkParams, params);
      await unlinkParent(actor, parentId, id);
      return redirectTo(request, `/people/${id}`);
    },
    { permission: "guardian.link", confirm: confirmUnlink },
  );
