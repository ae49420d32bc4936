import { Elysia } from "elysia";
import { z } from "zod";
import { SentMailView } from "../../../views/mail/sent-mail";
import { db } from "../../platform/db";
import { pageLinks } from "../../platform/db/keyset";
import { lazy, t } from "../../platform/i18n";
import { roleHas } from "../../platform/permissions";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import { statusLabel, toSentMailItem } from "./present";
import { centreMail, MAIL_STATUSES, UNDELIVERED_COUNT_CAP, undeliveredCounts } from "./queries";

const PAGE_SIZE = 50;

const listQuery = z.object({
  status: z.union([z.enum(MAIL_STATUSES), z.literal("")], { error: lazy("mail.filter.statusInvalid") }).default(""),
  after: z.string().optional(),
  before: z.string().optional(),
});

/** The centre's sent-email log for its admins. */
export const mailRoutes = new Elysia({ name: "mail-routes" }).use(guard).get(
  "/admin/mail",
  async ({ query, page, actor }) => {
    const filter = parseInput(listQuery, query);
    const at = { after: filter.after, before: filter.before };
    const [list, counts] = await Promise.all([
      centreMail(db, actor.centreId, { status: filter.status || null, at, pageSize: PAGE_SIZE }),
      undeliveredCounts(db, actor.centreId),
    ]);
    return page(
      <SentMailView
        items={list.rows.map(toSentMailItem)}
        status={filter.status}
        statusOptions={[
          { value: "", label: t("mail.filter.all") },
          ...MAIL_STATUSES.map((status) => ({ value: status, label: statusLabel(status) })),
        ]}
        links={pageLinks("/admin/mail", list, at, { keep: { status: filter.status } })}
        waiting={counts.waiting}
        failed={counts.failed}
        countCap={UNDELIVERED_COUNT_CAP}
        retryHref={roleHas(actor.role, "queue.retry") ? "/admin/queues" : null}
      />,
      { title: t("mail.log.heading") },
    );
  },
  { permission: "mail.read" },
);
