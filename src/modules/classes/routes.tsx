import { Elysia } from "elysia";
import { z } from "zod";
import { ClassView } from "../../../views/classes/class";
import { ClassFormView } from "../../../views/classes/class-form";
import { type ClassListProps, ClassListView, ClassTable } from "../../../views/classes/classes";
import { db } from "../../platform/db";
import { pageLinks } from "../../platform/db/keyset";
import { NotFoundError } from "../../platform/errors";
import { bindForm, formValues } from "../../platform/forms";
import { redirectTo } from "../../platform/http/redirect";
import { htmlResponse, isFragmentRequest } from "../../platform/http/render";
import { lazy, type MessageKey, t } from "../../platform/i18n";
import { roleHas } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { recordAction } from "../../web/record-action";
import { avatarThumbnail } from "../files";
import { assertTeaches, mayTeach } from "./access";
import { confirmArchiveClass, confirmDeleteClass, confirmRemoveMember } from "./confirmations";
import { classForm, membersForm, moveForm, type SlotRowValues, slotRowsOf } from "./forms";
import { termLabel, toClassDetail, toClassListItem, toSessionItem } from "./present";
import {
  activeSlots,
  CLASSES_COUNT_CAP,
  type ClassRecord,
  classesPage,
  classRecord,
  courseChoices,
  datedRanges,
  membersOf,
  peopleWithRoles,
  sessionsOfClass,
} from "./queries";
import {
  addMembers,
  archiveClass,
  type ClassInput,
  createClass,
  deleteClass,
  moveMember,
  regenerateSessions,
  removeMember,
  updateClass,
} from "./service";

const listQuery = z.object({
  who: z.enum(["all", "mine"], { error: lazy("classes.filter.chooseWho") }).default("all"),
  status: z.enum(["active", "archived"], { error: lazy("classes.filter.chooseStatus") }).default("active"),
  after: z.string().optional(),
  before: z.string().optional(),
});

const classId = z.uuid({ error: lazy("classes.error.classNotFound") });
const classParams = z.object({ id: classId });
const memberParams = z.object({
  id: classId,
  studentId: z.uuid({ error: lazy("classes.error.studentNotFound") }),
});

const NOTICES = {
  created: "classes.notice.created",
  saved: "classes.notice.saved",
  generated: "classes.notice.generated",
  added: "classes.notice.added",
  moved: "classes.notice.moved",
} as const satisfies Record<string, MessageKey>;
const noticeQuery = z.object({
  done: z
    .enum(Object.keys(NOTICES) as (keyof typeof NOTICES)[])
    .optional()
    .catch(undefined),
});

async function classOrNotFound(actor: Actor, id: string): Promise<ClassRecord> {
  const klass = await classRecord(db, actor.centreId, id);
  if (!klass) throw new NotFoundError(t("classes.error.classNotFound"));
  return klass;
}

const BLANK_SLOT: SlotRowValues = { weekday: "", startTime: "", durationMinutes: "60" };

interface ClassFormState {
  classId: string | null;
  values: Record<string, string>;
  errors: Record<string, string>;
  slotRows: SlotRowValues[];
  status?: number;
}

async function renderClassForm(actor: Actor, page: PageRenderer, csrfToken: string, form: ClassFormState) {
  const [courses, tutors, terms] = await Promise.all([
    courseChoices(db, actor.centreId),
    peopleWithRoles(db, actor.centreId, ["tutor", "head_tutor"]),
    datedRanges(db, actor.centreId, "centre_terms"),
  ]);
  return page(
    <ClassFormView
      csrfToken={csrfToken}
      classId={form.classId}
      values={form.values}
      errors={form.errors}
      slotRows={form.slotRows.length > 0 ? form.slotRows : [BLANK_SLOT]}
      courseOptions={courses.map((course) => ({ value: course.id, label: course.title }))}
      tutorOptions={tutors.map((tutor) => ({ value: tutor.id, label: tutor.name }))}
      termOptions={terms.map((term) => ({ value: term.id, label: termLabel(term) }))}
    />,
    { title: t(form.classId ? "classes.title.edit" : "classes.title.new"), status: form.status },
  );
}

function formOf(klass: ClassRecord): ClassFormState {
  const values = {
    name: klass.name,
    courseId: klass.courseId,
    tutorId: klass.tutorId,
    room: klass.room,
    termId: klass.termId ?? "",
    startsOn: klass.startsOn,
    endsOn: klass.endsOn ?? "",
  };
  const slotRows = klass.slots.map((slot) => ({
    weekday: String(slot.weekday),
    startTime: slot.startTime,
    durationMinutes: String(slot.durationMinutes),
  }));
  return { classId: klass.id, values, errors: {}, slotRows };
}

/**
 * Saves the class form, or shows it again: with one more slot row when "Add another slot" was
 * pressed (no JavaScript needed), or with its messages when refused.
 */
function submitClassForm(
  actor: Actor,
  page: PageRenderer,
  csrfToken: string,
  classId: string | null,
  body: unknown,
  save: (input: ClassInput) => Promise<Response>,
) {
  const slotRows = slotRowsOf(body);
  if ((body as { intent?: unknown } | null)?.intent === "addSlot")
    return renderClassForm(actor, page, csrfToken, {
      classId,
      values: formValues(body),
      errors: {},
      slotRows: [...slotRows, BLANK_SLOT],
    });
  return bindForm(classForm, body, {
    valid: save,
    invalid: (failure) => renderClassForm(actor, page, csrfToken, { classId, ...failure, slotRows }),
  });
}

async function classPage(actor: Actor, klass: ClassRecord, csrfToken: string, notice: string | null) {
  const canUpdate = roleHas(actor.role, "class.update");
  const [members, students, sessions, classes] = await Promise.all([
    membersOf(db, actor.centreId, klass.id),
    canUpdate ? peopleWithRoles(db, actor.centreId, ["student"]) : Promise.resolve([]),
    sessionsOfClass(db, actor.centreId, klass.id, new Date(Date.now() - 12 * 3600_000), 8),
    canUpdate ? activeSlots(db, actor.centreId) : Promise.resolve([]),
  ]);
  const memberIds = new Set(members.map((member) => member.id));
  const canTake = roleHas(actor.role, "attendance.take") && mayTeach(actor, klass.tutorId);
  return (
    <ClassView
      csrfToken={csrfToken}
      klass={toClassDetail(klass)}
      members={
        await Promise.all(
          members.map(async ({ id, name, avatarFileId }) => ({
            id,
            name,
            avatar: await avatarThumbnail(actor.centreId, avatarFileId),
          })),
        )
      }
      studentOptions={students
        .filter((student) => !memberIds.has(student.id))
        .map((student) => ({ value: student.id, label: student.name }))}
      moveOptions={classes
        .filter((other) => other.id !== klass.id)
        .map((other) => ({ value: other.id, label: other.name }))}
      sessions={sessions.map((session) => toSessionItem(session, actor.centre.timeZone, canTake))}
      notice={notice}
      can={{
        update: canUpdate,
        delete: roleHas(actor.role, "class.delete"),
        regenerate: roleHas(actor.role, "timetable.manage"),
        markbook: roleHas(actor.role, "submission.read"),
        printBadges: roleHas(actor.role, "kiosk.read"),
      }}
    />
  );
}

export const classRoutes = new Elysia({ name: "class-routes" })
  .use(guard)
  .get(
    "/classes",
    async ({ request, query, actor, page }) => {
      const filters = parseInput(listQuery, query);
      const result = await classesPage(
        db,
        actor.centreId,
        {
          viewerId: actor.userId,
          tutorId: filters.who === "mine" ? actor.userId : undefined,
          status: filters.status,
        },
        { after: filters.after, before: filters.before },
      );
      const props: ClassListProps = {
        classes: result.rows.map((klass) => toClassListItem(klass, actor.userId)),
        total: result.total,
        totalCap: CLASSES_COUNT_CAP,
        links: pageLinks(
          "/classes",
          result,
          { after: filters.after, before: filters.before },
          { keep: { who: filters.who, status: filters.status } },
        ),
        who: filters.who,
        status: filters.status,
        canCreate: roleHas(actor.role, "class.create"),
        canPlan: roleHas(actor.role, "timetable.manage"),
      };
      if (isFragmentRequest(request) && request.headers.get("hx-target") !== null)
        return htmlResponse(request, <ClassTable {...props} />);
      return page(<ClassListView {...props} />, { title: t("classes.title.list") });
    },
    { permission: "class.read" },
  )
  .get(
    "/classes/new",
    ({ actor, page, csrfToken }) =>
      renderClassForm(actor, page, csrfToken, { classId: null, values: {}, errors: {}, slotRows: [] }),
    { permission: "class.create" },
  )
  .post(
    "/classes",
    ({ request, body, actor, page, csrfToken }) =>
      submitClassForm(actor, page, csrfToken, null, body, async (input) =>
        redirectTo(request, `/classes/${await createClass(actor, input)}?done=created`),
      ),
    { permission: "class.create" },
  )
  .get(
    "/classes/:id",
    async ({ params, query, actor, page, csrfToken }) => {
      const klass = await classOrNotFound(actor, parseInput(classParams, params).id);
      // The page lists the class's students: a tutor sees only their own classes' (issue 10).
      assertTeaches(actor, klass.tutorId);
      const { done } = parseInput(noticeQuery, query);
      return page(await classPage(actor, klass, csrfToken, done ? t(NOTICES[done]) : null), { title: klass.name });
    },
    { permission: "class.read" },
  )
  .get(
    "/classes/:id/edit",
    async ({ params, actor, page, csrfToken }) => {
      const klass = await classOrNotFound(actor, parseInput(classParams, params).id);
      return renderClassForm(actor, page, csrfToken, formOf(klass));
    },
    { permission: "class.update" },
  )
  .post(
    "/classes/:id",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const klass = await classOrNotFound(actor, parseInput(classParams, params).id);
      return submitClassForm(actor, page, csrfToken, klass.id, body, async (input) => {
        await updateClass(actor, klass.id, input);
        return redirectTo(request, `/classes/${klass.id}?done=saved`);
      });
    },
    { permission: "class.update" },
  )
  .post(
    "/classes/:id/members",
    async ({ request, params, body, actor }) => {
      const { id } = parseInput(classParams, params);
      await addMembers(actor, id, parseInput(membersForm, body).studentIds);
      return redirectTo(request, `/classes/${id}?done=added`);
    },
    { permission: "class.update" },
  )
  .post(
    "/classes/:id/members/:studentId/move",
    async ({ request, params, body, actor }) => {
      const { id, studentId } = parseInput(memberParams, params);
      const { toClassId } = parseInput(moveForm, body);
      await moveMember(actor, id, studentId, toClassId);
      return redirectTo(request, `/classes/${toClassId}?done=moved`);
    },
    { permission: "class.update" },
  )
  .post(
    "/classes/:id/members/:studentId/remove",
    async ({ request, params, actor }) => {
      const { id, studentId } = parseInput(memberParams, params);
      await removeMember(actor, id, studentId);
      return redirectTo(request, `/classes/${id}`);
    },
    { permission: "class.update", confirm: confirmRemoveMember },
  )
  .post(
    "/classes/:id/archive",
    recordAction(classParams, archiveClass, (id) => `/classes/${id}`),
    { permission: "class.update", confirm: confirmArchiveClass },
  )
  .post(
    "/classes/:id/delete",
    async ({ request, params, actor }) => {
      await deleteClass(actor, parseInput(classParams, params).id);
      return redirectTo(request, "/classes");
    },
    { permission: "class.delete", confirm: confirmDeleteClass },
  )
  .post(
    "/classes/:id/sessions",
    recordAction(classParams, regenerateSessions, (id) => `/classes/${id}?done=generated`),
    { permission: "timetable.manage" },
  );
