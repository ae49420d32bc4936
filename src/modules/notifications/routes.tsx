import { Elysia } from "elysia";
import { z } from "zod";
import { NotificationsView } from "../../../views/notifications/notifications";
import { redirectTo } from "../../platform/http/redirect";
import { lazy, t } from "../../platform/i18n";
import { roleHas } from "../../platform/permissions";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import { recordAction } from "../../web/record-action";
import { emailRoutes } from "./email-routes";
import { toNotificationItem } from "./present";
import { notificationsPage } from "./queries";
import { markAllRead, markRead } from "./service";

const notificationId = z.string().regex(/^[1-9][0-9]{0,17}$/, { error: lazy("notifications.notFound") });
const listQuery = z.object({ before: z.union([notificationId, z.literal("")]).default("") });
const idParams = z.object({ id: notificationId });

export const notificationRoutes = new Elysia({ name: "notification-routes" })
  .use(guard)
  .use(emailRoutes)
  .get(
    "/notifications",
    async ({ query, actor, page, csrfToken }) => {
      const { before } = parseInput(listQuery, query);
      const { rows, older, unread } = await notificationsPage(actor.centreId, actor.userId, before || null);
      return page(
        <NotificationsView
          items={rows.map(toNotificationItem)}
          unread={unread}
          older={older}
          csrfToken={csrfToken}
          emailSettings={roleHas(actor.role, "email_preference.read")}
        />,
        { title: t("notifications.title") },
      );
    },
    { permission: "notification.read" },
  )
  .post(
    "/notifications/:id/read",
    recordAction(idParams, markRead, () => "/notifications"),
    { permission: "notification.update", flash: false },
  )
  .post(
    "/notifications/read-all",
    async ({ request, actor }) => {
      await markAllRead(actor);
      return redirectTo(request, "/notifications");
    },
    { permission: "notification.update" },
  );
