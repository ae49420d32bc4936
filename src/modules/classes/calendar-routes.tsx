import { Elysia } from "elysia";
import { z } from "zod";
import { CalendarView, RangeFormView } from "../../../views/classes/calendar";
import { db } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import { bindForm } from "../../platform/forms";
import { redirectTo } from "../../platform/http/redirect";
import { lazy, t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { confirmDeleteRange } from "./confirmations";
import { datedRangeForm } from "./forms";
import { termLabel } from "./present";
import { datedRange, datedRanges } from "./queries";
import { type CalendarKind, deleteDatedRange, saveDatedRange } from "./terms";

const TABLE = { term: "centre_terms", holiday: "centre_holidays" } as const;
const kindParams = z.object({ kind: z.enum(["term", "holiday"], { error: lazy("classes.calendar.notFound") }) });
const rangeParams = kindParams.extend({ id: z.uuid({ error: lazy("classes.calendar.notFound") }) });

const NOTICES = { saved: "classes.calendar.saved" } as const;
const noticeQuery = z.object({ done: z.enum(["saved"]).optional().catch(undefined) });

interface RangeFormState {
  kind: CalendarKind;
  id: string | null;
  values: Record<string, string>;
  errors: Record<string, string>;
  status?: number;
}

function renderRangeForm(page: PageRenderer, csrfToken: string, form: RangeFormState) {
  const title = t(form.kind === "term" ? "classes.calendar.editTerm" : "classes.calendar.editHoliday");
  return page(<RangeFormView csrfToken={csrfToken} {...form} />, { title, status: form.status });
}

async function rangeOrNotFound(actor: Actor, kind: CalendarKind, id: string) {
  const range = await datedRange(db, actor.centreId, TABLE[kind], id);
  if (!range) throw new NotFoundError(t("classes.calendar.notFound"));
  return range;
}

/** The centre's terms and holidays (timetable.manage): every change re-plans the classes it touches. */
export const calendarRoutes = new Elysia({ name: "calendar-routes" })
  .use(guard)
  .get(
    "/timetable/calendar",
    async ({ query, actor, page, csrfToken }) => {
      const { done } = parseInput(noticeQuery, query);
      const [terms, holidays] = await Promise.all([
        datedRanges(db, actor.centreId, "centre_terms"),
        datedRanges(db, actor.centreId, "centre_holidays"),
      ]);
      const item = (range: (typeof terms)[number]) => ({ id: range.id, label: termLabel(range) });
      return page(
        <CalendarView
          csrfToken={csrfToken}
          terms={terms.map(item)}
          holidays={holidays.map(item)}
          notice={done ? t(NOTICES[done]) : null}
        />,
        { title: t("classes.title.calendar") },
      );
    },
    { permission: "timetable.manage" },
  )
  .post(
    "/timetable/calendar/:kind",
    ({ request, params, body, actor, page, csrfToken }) => {
      const { kind } = parseInput(kindParams, params);
      return bindForm(datedRangeForm, body, {
        valid: async (input) => {
          await saveDatedRange(actor, kind, null, input);
          return redirectTo(request, "/timetable/calendar?done=saved");
        },
        invalid: (failure) => renderRangeForm(page, csrfToken, { kind, id: null, ...failure }),
      });
    },
    { permission: "timetable.manage" },
  )
  .get(
    "/timetable/calendar/:kind/:id",
    async ({ params, actor, page, csrfToken }) => {
      const { kind, id } = parseInput(rangeParams, params);
      const range = await rangeOrNotFound(actor, kind, id);
      const values = { name: range.name, startsOn: range.startsOn, endsOn: range.endsOn };
      return renderRangeForm(page, csrfToken, { kind, id, values, errors: {} });
    },
    { permission: "timetable.manage" },
  )
  .post(
    "/timetable/calendar/:kind/:id",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const { kind, id } = parseInput(rangeParams, params);
      await rangeOrNotFound(actor, kind, id);
      return bindForm(datedRangeForm, body, {
        valid: async (input) => {
          await saveDatedRange(actor, kind, id, input);
          return redirectTo(request, "/timetable/calendar?done=saved");
        },
        invalid: (failure) => renderRangeForm(page, csrfToken, { kind, id, ...failure }),
      });
    },
    { permission: "timetable.manage" },
  )
  .post(
    "/timetable/calendar/:kind/:id/delete",
    async ({ request, params, actor }) => {
      const { kind, id } = parseInput(rangeParams, params);
      await deleteDatedRange(actor, kind, id);
      return redirectTo(request, "/timetable/calendar");
    },
    { permission: "timetable.manage", confirm: confirmDeleteRange },
  );
