import { Elysia } from "elysia";
import { z } from "zod";
import {
  AnnouncementCard,
  AnnouncementFormView,
  AnnouncementsView,
  AnnouncementView,
} from "../../../views/announcements/announcements";
import { isLocalDate } from "../../platform/calendar";
import { type PageAt, pageLinks } from "../../platform/db/keyset";
import { ForbiddenError } from "../../platform/errors";
import { bindForm, type FormFailure } from "../../platform/forms";
import type { Confirmation } from "../../platform/http/confirmation";
import { redirectTo } from "../../platform/http/redirect";
import { htmlResponse, isFragmentRequest } from "../../platform/http/render";
import { lazy, t } from "../../platform/i18n";
import { roleHas } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { type ConfirmContext, guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { activeClasses } from "../classes";
import type { Audience } from "./audience";
import { toItem, toPosted, toReader } from "./present";
import { postedPage, readCounts, readersOf, receivedAnnouncement, receivedPage } from "./queries";
import { deleteAnnouncement, markRead, oversees, postAnnouncement, visibleAnnouncement } from "./service";

const MAX_TITLE = 200;
const MAX_BODY = 10_000;
const CLASS_AUDIENCE = /^class:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

const idParams = z.object({ id: z.uuid({ error: lazy("announcements.error.notFound") }) });
/** Two lists on one page, each with its own place: received (after/before), posted (postedAfter/postedBefore). */
const listQuery = z.object({
  after: z.string().optional(),
  before: z.string().optional(),
  postedAfter: z.string().optional(),
  postedBefore: z.string().optional(),
});
const POSTED_NAMES = { after: "postedAfter", before: "postedBefore" };
const detailQuery = z.object({ done: z.literal("posted").optional().catch(undefined) });
const readBody = z.object({ from: z.enum(["home", "list"]).catch("list").default("list") });

/** "centre", "parents" or "class:<id>": one choice on the form, the audience in the service. */
const audienceChoice = z
  .string({ error: lazy("announcements.error.audience") })
  .transform((value, context): Audience => {
    if (value === "centre" || value === "parents") return { kind: value };
    const classId = CLASS_AUDIENCE.exec(value)?.[1];
    if (classId) return { kind: "class", classId: classId.toLowerCase() };
    context.addIssue({ code: "custom", message: t("announcements.error.audience") });
    return z.NEVER;
  });
const announcementForm = z.object({
  title: z
    .string({ error: lazy("announcements.error.title") })
    .trim()
    .min(1, { error: lazy("announcements.error.title") })
    .max(MAX_TITLE, { error: lazy("announcements.error.titleLong", { max: MAX_TITLE }) }),
  body: z
    .string({ error: lazy("announcements.error.body") })
    .trim()
    .min(1, { error: lazy("announcements.error.body") })
    .max(MAX_BODY, { error: lazy("announcements.error.bodyLong", { max: MAX_BODY }) }),
  audience: audienceChoice,
  homeUntil: z
    .union([z.literal(""), z.string().refine(isLocalDate, { error: lazy("announcements.error.homeUntil") })], {
      error: lazy("announcements.error.homeUntil"),
    })
    .default("")
    .transform((value) => value || null),
});

async function formPage(actor: Actor, page: PageRenderer, csrfToken: string, failure?: FormFailure) {
  const classes = await activeClasses(actor.centreId);
  const audienceOptions = [
    { value: "centre", label: t("announcements.audience.centreChoice") },
    { value: "parents", label: t("announcements.audience.parentsChoice") },
    ...classes.map((klass) => ({
      value: `class:${klass.id}`,
      label: t("announcements.audience.classChoice", { name: klass.name, course: klass.courseTitle }),
    })),
  ];
  return page(
    <AnnouncementFormView
      csrfToken={csrfToken}
      values={failure?.values ?? { audience: "centre" }}
      errors={failure?.errors ?? {}}
      audienceOptions={audienceOptions}
      maxTitle={MAX_TITLE}
      maxBody={MAX_BODY}
    />,
    { title: t("announcements.form.title"), status: failure?.status },
  );
}

/** Head tutors follow up their own posts; admins every post of the centre. */
async function postedSection(actor: Actor, at: PageAt, received: PageAt) {
  if (!roleHas(actor.role, "announcement.post")) return null;
  const all = roleHas(actor.role, "announcement.manage");
  const list = await postedPage(actor.centreId, all ? null : actor.userId, at);
  return {
    items: list.rows.map(toPosted),
    links: pageLinks("/announcements", list, at, { names: POSTED_NAMES, keep: { ...received } }),
    all,
  };
}

/** Deleting takes the announcement off every reader's page at once. */
async function confirmDeleteAnnouncement({ params, actor }: ConfirmContext): Promise<Confirmation> {
  const { id } = parseInput(idParams, params);
  const { announcement } = await visibleAnnouncement(actor, id);
  if (!oversees(actor, announcement)) throw new ForbiddenError(lazy("announcements.error.notYours"));
  const { title } = announcement;
  return {
    question: t("announcements.confirm.delete.question", { title }),
    consequence: t("announcements.confirm.delete.consequence", { title }),
    action: t("announcements.confirm.delete.action"),
    back: `/announcements/${id}`,
    done: t("announcements.confirm.delete.done", { title }),
  };
}

export const announcementRoutes = new Elysia({ name: "announcement-routes" })
  .use(guard)
  .get(
    "/announcements",
    async ({ query, actor, page, csrfToken }) => {
      const places = parseInput(listQuery, query);
      const at = { after: places.after, before: places.before };
      const postedAt = { after: places.postedAfter, before: places.postedBefore };
      const [received, postedList] = await Promise.all([
        receivedPage(actor.centreId, actor.userId, at),
        postedSection(actor, postedAt, at),
      ]);
      return page(
        <AnnouncementsView
          received={received.rows.map((row) => toItem(row, row.readAt))}
          links={pageLinks("/announcements", received, at, {
            keep: { postedAfter: places.postedAfter, postedBefore: places.postedBefore },
          })}
          posted={postedList}
          csrfToken={csrfToken}
        />,
        { title: t("announcements.title") },
      );
    },
    { permission: "announcement.read" },
  )
  .get("/announcements/new", ({ actor, page, csrfToken }) => formPage(actor, page, csrfToken), {
    permission: "announcement.post",
  })
  .post(
    "/announcements",
    ({ body, request, actor, page, csrfToken }) =>
      bindForm(announcementForm, body, {
        valid: async (input) => {
          const id = await postAnnouncement(actor, input);
          return redirectTo(request, `/announcements/${id}?done=posted`);
        },
        invalid: (failure) => formPage(actor, page, csrfToken, failure),
      }),
    { permission: "announcement.post" },
  )
  .get(
    "/announcements/:id",
    async ({ params, query, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const { done } = parseInput(detailQuery, query);
      const { announcement, receipt } = await visibleAnnouncement(actor, id);
      // Opening it is reading it.
      if (receipt && !receipt.readAt) await markRead(actor, id);
      const follows = oversees(actor, announcement);
      const manages = roleHas(actor.role, "announcement.manage");
      const [counts, readers] = await Promise.all([
        follows ? readCounts(actor.centreId, id) : Promise.resolve(null),
        manages ? readersOf(actor.centreId, id) : Promise.resolve(null),
      ]);
      return page(
        <AnnouncementView
          item={toItem(announcement, receipt ? (receipt.readAt ?? new Date()) : undefined)}
          counts={counts}
          readers={readers?.map(toReader) ?? null}
          canDelete={follows && roleHas(actor.role, "announcement.post")}
          notice={done && counts ? t("announcements.notice.posted", { reached: counts.reached }) : null}
          csrfToken={csrfToken}
        />,
        { title: announcement.title },
      );
    },
    { permission: "announcement.read" },
  )
  .post(
    "/announcements/:id/read",
    async ({ params, body, request, actor, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const { from } = parseInput(readBody, body);
      await markRead(actor, id);
      if (!isFragmentRequest(request)) return redirectTo(request, from === "home" ? "/home" : "/announcements");
      const row = await receivedAnnouncement(actor.centreId, actor.userId, id);
      if (!row) return htmlResponse(request, "");
      return htmlResponse(
        request,
        <AnnouncementCard item={toItem(row, row.readAt)} from={from} csrfToken={csrfToken} />,
      );
    },
    { permission: "announcement.read", flash: false },
  )
  .post(
    "/announcements/:id/delete",
    async ({ params, request, actor }) => {
      const { id } = parseInput(idParams, params);
      await deleteAnnouncement(actor, id);
      return redirectTo(request, "/announcements");
    },
    { permission: "announcement.post", confirm: confirmDeleteAnnouncement },
  );
