import { formatNumber, t } from "../../src/platform/i18n";
import { CsrfField, Notice, Select, type SelectOption, TextArea } from "../components/form";
import { LiveRegion } from "../components/live";
import { LinksPager, type ListLinks } from "../components/pager";
import { Table } from "../components/table";

/** Limits the forms state; the server checks them again. */
export const SUBJECT_MAX = 150;
export const BODY_MAX = 4000;

export interface ThreadSummary {
  id: string;
  subject: string;
  studentName: string;
  lastMessageAt: string;
  lastMessageLabel: string;
  closed: boolean;
  unread: boolean;
}

export interface ThreadListProps {
  heading: string;
  intro: string;
  threads: ThreadSummary[];
  canOpen: boolean;
  /** The admins' list of every thread, when the reader may see it. */
  allHref: string | null;
  /** The pages either side. */
  links: ListLinks;
}

function ThreadLink({ thread }: { thread: ThreadSummary }) {
  return (
    <>
      <a href={`/messages/${thread.id}`}>{thread.subject}</a>
      {thread.unread && <span class="badge">{t("messages.list.unread")}</span>}
      {thread.closed && <span class="muted"> · {t("messages.list.closed")}</span>}
    </>
  );
}

export function ThreadListView(props: ThreadListProps) {
  return (
    <section class="stack">
      <h1>{props.heading}</h1>
      <p class="muted">{props.intro}</p>
      <p class="row">
        {props.canOpen && (
          <a class="button" href="/messages/new">
            {t("messages.list.new")}
          </a>
        )}
        {props.allHref && <a href={props.allHref}>{t("messages.list.all")}</a>}
      </p>
      <Table
        id="threads"
        rows={props.threads}
        caption={props.heading}
        empty={<p class="muted">{t("messages.list.empty")}</p>}
        columns={[
          { header: t("messages.list.subject"), cell: (thread) => <ThreadLink thread={thread} /> },
          { header: t("messages.list.student"), cell: (thread) => thread.studentName },
          {
            header: t("messages.list.lastMessage"),
            cell: (thread) => <time datetime={thread.lastMessageAt}>{thread.lastMessageLabel}</time>,
          },
        ]}
      />
      <LinksPager links={props.links} />
    </section>
  );
}

export interface NewThreadProps {
  /** A parent chooses one of their children; staff choose a student and one of their parents. */
  forParent: boolean;
  options: SelectOption[];
  values: Record<string, string>;
  errors: Record<string, string>;
  csrfToken: string;
}

export function NewThreadView({ forParent, options, values, errors, csrfToken }: NewThreadProps) {
  return (
    <section class="stack">
      <h1>{t("messages.new.title")}</h1>
      <p class="muted">{forParent ? t("messages.new.introParent") : t("messages.new.introStaff")}</p>
      {options.length === 0 ? (
        <Notice>{forParent ? t("messages.new.noChildren") : t("messages.new.noStudents")}</Notice>
      ) : (
        <form method="post" action="/messages" class="card stack">
          <CsrfField token={csrfToken} />
          {errors.form && <Notice kind="error">{errors.form}</Notice>}
          <Select
            name="about"
            label={forParent ? t("messages.new.child") : t("messages.new.studentAndParent")}
            options={options}
            value={values.about}
            error={errors.about}
          />
          <div class="field">
            <label for="field-subject">{t("messages.new.subject")}</label>
            <input
              id="field-subject"
              name="subject"
              type="text"
              required
              maxlength={SUBJECT_MAX}
              value={values.subject}
              aria-invalid={errors.subject ? "true" : undefined}
            />
            {errors.subject && <p class="field-error">{errors.subject}</p>}
          </div>
          <TextArea name="body" label={t("messages.new.body")} value={values.body} error={errors.body} required />
          <p class="muted">{t("messages.new.keptNotice")}</p>
          <button type="submit">{t("messages.new.send")}</button>
        </form>
      )}
    </section>
  );
}

export interface MessageItem {
  id: string;
  authorName: string;
  authorRoleLabel: string;
  body: string;
  createdAt: string;
  createdLabel: string;
  own: boolean;
}

export function MessageEntry({ message }: { message: MessageItem }) {
  return (
    <li class={message.own ? "message own" : "message"} id={`message-${message.id}`}>
      <p>
        <strong>{message.authorName}</strong> <span class="muted">({message.authorRoleLabel})</span>{" "}
        <time class="muted" datetime={message.createdAt}>
          {message.createdLabel}
        </time>
      </p>
      <p class="message-body">{message.body}</p>
    </li>
  );
}

/**
 * What a live push leaves in the list for a new message: the page fetches the message itself, so
 * it arrives in the reader's own language and only if they may still read the thread.
 */
export function MessagePlaceholder({ threadId, messageId }: { threadId: string; messageId: string }) {
  return <li hx-get={`/messages/${threadId}/messages/${messageId}`} hx-trigger="load" hx-swap="outerHTML" />;
}

export interface ReplyAreaProps {
  threadId: string;
  closed: boolean;
  closedLabel: string | null;
  canClose: boolean;
  canReopen: boolean;
  csrfToken: string;
  values?: Record<string, string>;
  errors?: Record<string, string>;
}

/** The reply form of an open thread, or the notice that it is closed; with the close/reopen button. */
export function ReplyArea(props: ReplyAreaProps) {
  const action = `/messages/${props.threadId}`;
  const errors = props.errors ?? {};
  return (
    <div class="stack" id="reply-area">
      {props.closed ? (
        <Notice>{props.closedLabel ?? t("messages.thread.closed")}</Notice>
      ) : (
        <form method="post" action={`${action}/replies`} class="card stack">
          <CsrfField token={props.csrfToken} />
          {errors.form && <Notice kind="error">{errors.form}</Notice>}
          <TextArea
            name="body"
            label={t("messages.thread.reply")}
            value={props.values?.body}
            error={errors.body}
            rows={4}
            required
          />
          <button type="submit">{t("messages.thread.send")}</button>
        </form>
      )}
      {!props.closed && props.canClose && (
        <form method="post" action={`${action}/close`} class="inline-form">
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="link-button">
            {t("messages.thread.close")}
          </button>
        </form>
      )}
      {props.closed && props.canReopen && (
        <form method="post" action={`${action}/reopen`} class="inline-form">
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="link-button">
            {t("messages.thread.reopen")}
          </button>
        </form>
      )}
    </div>
  );
}

/** What a live push leaves in the reply area when the thread is closed or reopened: each page fetches its own. */
export function ReplyPlaceholder({ threadId }: { threadId: string }) {
  return <div hx-get={`/messages/${threadId}/reply`} hx-trigger="load" hx-swap="innerHTML" />;
}

export interface ThreadViewProps {
  id: string;
  subject: string;
  studentName: string;
  participants: { name: string; roleLabel: string }[];
  messages: MessageItem[];
  reply: ReplyAreaProps;
  /** Shown to readers who are not in the thread (an admin, a tutor of the student). */
  readingAsOversight: boolean;
}

export function ThreadView(props: ThreadViewProps) {
  return (
    <section class="stack">
      <p>
        <a href="/messages">{t("messages.thread.back")}</a>
      </p>
      <h1>{props.subject}</h1>
      <p class="muted">
        {t("messages.thread.about", { student: props.studentName })} ·{" "}
        {t("messages.thread.between", {
          people: props.participants.map((person) => `${person.name} (${person.roleLabel})`).join(", "),
        })}
      </p>
      {props.readingAsOversight && <Notice>{t("messages.thread.oversight")}</Notice>}
      {/* New messages arrive live at the end of this list. */}
      <ol id="live-thread-messages" class="plain-list messages" aria-live="polite">
        {props.messages.map((message) => (
          <MessageEntry message={message} />
        ))}
      </ol>
      <LiveRegion name="thread-reply" block>
        <ReplyArea {...props.reply} />
      </LiveRegion>
    </section>
  );
}

/** The number beside "Messages" in the navigation: threads with something unread. */
export function UnreadMessages({ count }: { count: number }) {
  if (count === 0) return <span class="visually-hidden">{t("messages.nav.noneUnread")}</span>;
  return (
    <span class="badge">
      {count > 99 ? `${formatNumber(99)}+` : formatNumber(count)}
      <span class="visually-hidden"> {t("messages.nav.unreadSuffix")}</span>
    </span>
  );
}

/** What a live push leaves in the navigation count: each page fetches its own, in its own language. */
export function UnreadPlaceholder() {
  return <span hx-get="/messages/unread" hx-trigger="load" hx-swap="outerHTML" />;
}
