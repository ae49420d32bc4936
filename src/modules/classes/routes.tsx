import { Elysia } from "elysia";
import { z } from "zod";
import { ClassView } from "../../../views/classes/class";
import { ClassFormView } from "../../../views/classes/class-form";
import { type ClassListProps, ClassListView, ClassTable } from "../../../views/classes/classes";
import { db } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import { bindForm } from "../../platform/forms";
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
import { classForm, memberForm } from "./forms";
import { toClassDetail, toClassListItem, toSessionItem } from "./present";
import {
  CLASSES_PAGE_SIZE,
  type ClassRecord,
  classesPage,
  classRecord,
  courseChoices,
  membersOf,
  peopleWithRoles,
  sessionsOfClass,
} from "./queries";
import {
  addMember,
  archiveClass,
  createClass,
  deleteClass,
  regenerateSessions,
  removeMember,
  updateClass,
} from "./service";

const listQuery = z.object({
  who: z.enum(["all", "mine"], { error: lazy("classes.filter.chooseWho") }).default("all"),
  status: z.enum(["active", "archived"], { error: lazy("classes.filter.chooseStatus") }).default("active"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
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
  archived: "classes.notice.archived",
  added: "classes.notice.added",
  removed: "classes.notice.removed",
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

async function renderClassForm(
  actor: Actor,
  page: PageRenderer,
  csrfToken: string,
  form: { classId: string | null; values: Record<string, string>; errors: Record<string, string>; status?: number },
): Promise<Response> {
  const [courses, tutors] = await Promise.all([
    courseChoices(db, actor.centreId),
    peopleWithRoles(db, actor.centreId, ["tutor", "head_tutor"]),
  ]);
  return page(
    <ClassFormView
      csrfToken={csrfToken}
      classId={form.classId}
      values={form.values}
      errors={form.errors}
      courseOptions={courses.map((course) => ({ value: course.id, label: course.title }))}
      tutorOptions={tutors.map((tutor) => ({ value: tutor.id, label: tutor.name }))}
    />,
    { title: t(form.classId ? "classes.title.edit" : "classes.title.new"), status: form.status },
  );
}

function valuesOf(klass: ClassRecord): Record<string, string> {
  return {
    name: klass.name,
    courseId: klass.courseId,
    tutorId: klass.tutorId,
    weekday: String(klass.weekday),
    startTime: klass.startTime,
    durationMinutes: String(klass.durationMinutes),
    room: klass.room,
    startsOn: klass.startsOn,
    endsOn: klass.endsOn ?? "",
  };
}

async function classPage(actor: Actor, klass: ClassRecord, csrfToken: string, notice: string | null) {
  const canUpdate = roleHas(actor.role, "class.update");
  const [members, students, sessions] = await Promise.all([
    membersOf(db, actor.centreId, klass.id),
    canUpdate ? peopleWithRoles(db, actor.centreId, ["student"]) : Promise.resolve([]),
    sessionsOfClass(db, actor.centreId, klass.id, new Date(Date.now() - 12 * 3600_000), 8),
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
      sessions={sessions.map((session) => toSessionItem(session, actor.centre.timeZone, canTake))}
      notice={notice}
      can={{
        update: canUpdate,
        delete: roleHas(actor.role, "class.delete"),
        regenerate: roleHas(actor.role, "timetable.manage"),
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
        filters.page,
      );
      const props: ClassListProps = {
        classes: result.rows.map((klass) => toClassListItem(klass, actor.userId)),
        total: result.total,
        page: filters.page,
        pageCount: Math.max(1, Math.ceil(result.total / CLASSES_PAGE_SIZE)),
        who: filters.who,
        status: filters.status,
        canCreate: roleHas(actor.role, "class.create"),
      };
      if (isFragmentRequest(request) && request.headers.get("hx-target") !== null)
        return htmlResponse(request, <ClassTable {...props} />);
      return page(<ClassListView {...props} />, { title: t("classes.title.list") });
    },
    { permission: "class.read" },
  )
  .get(
    "/classes/new",
    ({ actor, page, csrfToken }) => renderClassForm(actor, page, csrfToken, { classId: null, values: {}, errors: {} }),
    { permission: "class.create" },
  )
  .post(
    "/classes",
    ({ request, body, actor, page, csrfToken }) =>
      bindForm(classForm, body, {
        valid: async (input) => redirectTo(request, `/classes/${await createClass(actor, input)}?done=created`),
        invalid: (failure) => renderClassForm(actor, page, csrfToken, { classId: null, ...failure }),
      }),
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
      return renderClassForm(actor, page, csrfToken, { classId: klass.id, values: valuesOf(klass), errors: {} });
    },
    { permission: "class.update" },
  )
  .post(
    "/classes/:id",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const klass = await classOrNotFound(actor, parseInput(classParams, params).id);
      return bindForm(classForm, body, {
        valid: async (input) => {
          await updateClass(actor, klass.id, input);
          return redirectTo(request, `/classes/${klass.id}?done=saved`);
        },
        invalid: (failure) => renderClassForm(actor, page, csrfToken, { classId: klass.id, ...failure }),
      });
    },
    { permission: "class.update" },
  )
  .post(
    "/classes/:id/members",
    async ({ request, params, body, actor }) => {
      const { id } = parseInput(classParams, params);
      await addMember(actor, id, parseInput(memberForm, body).studentId);
      return redirectTo(request, `/classes/${id}?done=added`);
    },
    { permission: "class.update" },
  )
  .post(
    "/classes/:id/members/:studentId/remove",
    async ({ request, params, actor }) => {
      const { id, studentId } = parseInput(memberParams, params);
      await removeMember(actor, id, studentId);
      return redirectTo(request, `/classes/${id}?done=removed`);
    },
    { permission: "class.update" },
  )
  .post(
    "/classes/:id/archive",
    recordAction(classParams, archiveClass, (id) => `/classes/${id}?done=archived`),
    { permission: "class.update" },
  )
  .post(
    "/classes/:id/delete",
    async ({ request, params, actor }) => {
      await deleteClass(actor, parseInput(classParams, params).id);
      return redirectTo(request, "/classes");
    },
    { permission: "class.delete" },
  )
  .post(
    "/classes/:id/sessions",
    recordAction(classParams, regenerateSessions, (id) => `/classes/${id}?done=generated`),
    { permission: "timetable.manage" },
  );
