import { formatNumber, t } from "../../src/platform/i18n";
import { CsrfField } from "../components/form";
import { LiveRegion } from "../components/live";
import { Pager } from "../components/pager";

/** A notification as the views show it. */
export interface NotificationItem {
  id: string;
  text: string;
  link: string | null;
  createdAt: string;
  createdLabel: string;
  read: boolean;
}

/** The bell's number: empty when nothing is unread, so the link reads just "Notifications". */
export function UnreadCount({ count }: { count: number }) {
  if (count === 0) return <span class="visually-hidden">{t("notifications.noneUnread")}</span>;
  return (
    <span class="badge">
      {count > 99 ? `${formatNumber(99)}+` : formatNumber(count)}
      <span class="visually-hidden"> {t("notifications.unreadSuffix")}</span>
    </span>
  );
}

export function NotificationEntry({ item, csrfToken }: { item: NotificationItem; csrfToken: string | null }) {
  return (
    <li class={item.read ? "notification" : "notification unread"} id={`notification-${item.id}`}>
      <p>{item.link ? <a href={item.link}>{item.text}</a> : item.text}</p>
      <p class="muted">
        <time datetime={item.createdAt}>{item.createdLabel}</time>
        {item.read ? ` · ${t("notifications.read")}` : ""}
      </p>
      {!item.read && csrfToken !== null && (
        <form method="post" action={`/notifications/${item.id}/read`} class="inline-form">
          <CsrfField token={csrfToken} />
          <button type="submit" class="link-button">
            {t("notifications.markRead")}
          </button>
        </form>
      )}
    </li>
  );
}

export interface NotificationsViewProps {
  items: NotificationItem[];
  unread: number;
  older: string | null;
  csrfToken: string;
  /** Whether this person receives email, so may choose which (students do not). */
  emailSettings: boolean;
}

export function NotificationsView({ items, unread, older, csrfToken, emailSettings }: NotificationsViewProps) {
  return (
    <section>
      <h1>{t("notifications.title")}</h1>
      {emailSettings && (
        <p>
          <a href="/notifications/email">{t("notifications.email.link")}</a>
        </p>
      )}
      <p>
        {t("notifications.unread")} <LiveRegion name="notification-unread">{formatNumber(unread)}</LiveRegion>
      </p>
      {unread > 0 && (
        <form method="post" action="/notifications/read-all">
          <CsrfField token={csrfToken} />
          <button type="submit">{t("notifications.markAllRead")}</button>
        </form>
      )}
      {/* New notifications arrive live at the top of this list. */}
      <ol id="live-notifications" class="notifications" aria-live="polite">
        {items.map((item) => (
          <NotificationEntry item={item} csrfToken={csrfToken} />
        ))}
      </ol>
      {items.length === 0 && <p class="muted">{t("notifications.empty")}</p>}
      <Pager previous={null} next={older && `/notifications?before=${older}`} nextLabel={t("notifications.older")} />
    </section>
  );
}
