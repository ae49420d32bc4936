import { formatNumber, t } from "../../src/platform/i18n";
import { CsrfField, Field, Notice, Select, TextArea } from "../components/form";
import { LinksPager, type ListLinks } from "../components/pager";
import { type Column, Table } from "../components/table";

/** An announcement as a reader sees it. `read` is null for someone it did not reach (its author, an admin). */
export interface AnnouncementItem {
  id: string;
  title: string;
  /** The body's paragraphs, plain text (line breaks inside one are kept). */
  paragraphs: string[];
  audienceLabel: string;
  authorName: string | null;
  createdAt: string;
  createdLabel: string;
  read: boolean | null;
}

/** One of the announcements someone posted, with how far it has been read. */
export interface PostedItem {
  id: string;
  title: string;
  audienceLabel: string;
  authorName: string | null;
  createdAt: string;
  createdLabel: string;
  reached: number;
  read: number;
}

export interface ReaderItem {
  name: string;
  roleLabel: string;
  readLabel: string | null;
}

/** Where a "mark as read" form was sent from, so a plain form returns there. */
export type ReadFrom = "home" | "list";

function Meta({
  item,
}: {
  item: Pick<AnnouncementItem, "authorName" | "audienceLabel" | "createdAt" | "createdLabel">;
}) {
  return (
    <p class="muted">
      <time datetime={item.createdAt}>{item.createdLabel}</time>
      {" · "}
      {item.authorName
        ? t("announcements.byTo", { author: item.authorName, audience: item.audienceLabel })
        : t("announcements.to", { audience: item.audienceLabel })}
    </p>
  );
}

function Body({ paragraphs }: { paragraphs: string[] }) {
  return (
    <div class="announcement-body">
      {paragraphs.map((paragraph) => (
        <p>{paragraph}</p>
      ))}
    </div>
  );
}

function MarkReadForm({ id, from, csrfToken }: { id: string; from: ReadFrom; csrfToken: string }) {
  return (
    <form
      method="post"
      action={`/announcements/${id}/read`}
      hx-post={`/announcements/${id}/read`}
      hx-target={`#announcement-${id}`}
      hx-swap="outerHTML"
      class="inline-form"
    >
      <CsrfField token={csrfToken} />
      <input type="hidden" name="from" value={from} />
      <button type="submit" class="secondary">
        {t("announcements.markRead")}
      </button>
    </form>
  );
}

/**
 * One announcement in a list or on the home page. An unread one stands out (a bar, a "New"
 * badge) and carries the button that marks it read; the home page shows only its first paragraph.
 */
export function AnnouncementCard(props: { item: AnnouncementItem; from: ReadFrom; csrfToken: string }) {
  const { item } = props;
  const unread = item.read === false;
  const [first, ...more] = item.paragraphs;
  const shown = props.from === "home" ? (first ? [first] : []) : item.paragraphs;
  return (
    <article
      class={unread ? "card announcement unread" : "card announcement"}
      id={`announcement-${item.id}`}
      data-announcement-id={item.id}
    >
      <h3>
        <a href={`/announcements/${item.id}`}>{item.title}</a>
        {unread && (
          <>
            {" "}
            <span class="badge ok">{t("announcements.unreadBadge")}</span>
          </>
        )}
      </h3>
      <Meta item={item} />
      <Body paragraphs={shown} />
      {props.from === "home" && more.length > 0 && (
        <p>
          <a href={`/announcements/${item.id}`}>{t("announcements.readMore")}</a>
        </p>
      )}
      {unread && <MarkReadForm id={item.id} from={props.from} csrfToken={props.csrfToken} />}
    </article>
  );
}

/** The home page's section: what reached this person lately, unread first. */
export function HomeAnnouncements(props: { items: AnnouncementItem[]; csrfToken: string }) {
  if (props.items.length === 0) return null;
  return (
    <section aria-labelledby="announcements-heading" id="home-announcements" class="stack">
      <h2 id="announcements-heading">{t("announcements.title")}</h2>
      {props.items.map((item) => (
        <AnnouncementCard item={item} from="home" csrfToken={props.csrfToken} />
      ))}
      <p>
        <a href="/announcements">{t("announcements.all")}</a>
      </p>
    </section>
  );
}

function readFigure(item: Pick<PostedItem, "reached" | "read">): string {
  return t("announcements.readOf", { read: item.read, reached: item.reached });
}

function PostedTable({ items }: { items: PostedItem[] }) {
  const columns: Column<PostedItem>[] = [
    { header: t("announcements.column.title"), cell: (item) => <a href={`/announcements/${item.id}`}>{item.title}</a> },
    { header: t("announcements.column.audience"), cell: (item) => item.audienceLabel },
    { header: t("announcements.column.author"), cell: (item) => item.authorName ?? "" },
    {
      header: t("announcements.column.posted"),
      cell: (item) => <time datetime={item.createdAt}>{item.createdLabel}</time>,
    },
    { header: t("announcements.column.read"), cell: readFigure, class: "num" },
  ];
  return <Table rows={items} columns={columns} empty={<p class="muted">{t("announcements.posted.none")}</p>} />;
}

export interface AnnouncementsViewProps {
  received: AnnouncementItem[];
  /** The received list's pages either side (each link keeps the posted list's place, and back). */
  links: ListLinks;
  /** The announcements this person may follow up (their own, or all for admins); null if they cannot post. */
  posted: { items: PostedItem[]; links: ListLinks; all: boolean } | null;
  csrfToken: string;
}

export function AnnouncementsView(props: AnnouncementsViewProps) {
  return (
    <div class="stack" id="announcements">
      <h1>{t("announcements.title")}</h1>
      {props.posted && (
        <section aria-labelledby="posted-heading" class="stack">
          <h2 id="posted-heading">
            {props.posted.all ? t("announcements.posted.all") : t("announcements.posted.own")}
          </h2>
          <p>
            <a class="button" href="/announcements/new">
              {t("announcements.newLink")}
            </a>
          </p>
          <PostedTable items={props.posted.items} />
          <LinksPager links={props.posted.links} label={t("announcements.posted.pager")} />
        </section>
      )}
      <section aria-labelledby="received-heading" class="stack">
        <h2 id="received-heading">{t("announcements.received")}</h2>
        {props.received.length === 0 ? (
          <p class="muted">{t("announcements.empty")}</p>
        ) : (
          props.received.map((item) => <AnnouncementCard item={item} from="list" csrfToken={props.csrfToken} />)
        )}
        <LinksPager links={props.links} label={t("announcements.pager")} />
      </section>
    </div>
  );
}

export interface AnnouncementViewProps {
  item: AnnouncementItem;
  /** For its author and admins: how many it reached, and how many have read it. */
  counts: { reached: number; read: number } | null;
  /** For admins: each person it reached. */
  readers: ReaderItem[] | null;
  canDelete: boolean;
  notice: string | null;
  csrfToken: string;
}

function Readers({ readers }: { readers: ReaderItem[] }) {
  const columns: Column<ReaderItem>[] = [
    { header: t("announcements.column.person"), cell: (reader) => reader.name },
    { header: t("announcements.column.role"), cell: (reader) => reader.roleLabel },
    { header: t("announcements.column.readAt"), cell: (reader) => reader.readLabel ?? t("announcements.notYet") },
  ];
  return <Table rows={readers} columns={columns} caption={t("announcements.readers")} />;
}

export function AnnouncementView(props: AnnouncementViewProps) {
  const { item } = props;
  return (
    <article class="stack" id={`announcement-${item.id}`} data-announcement-id={item.id}>
      <p>
        <a href="/announcements">{t("announcements.back")}</a>
      </p>
      {props.notice && <Notice kind="ok">{props.notice}</Notice>}
      <h1>{item.title}</h1>
      <Meta item={item} />
      <Body paragraphs={item.paragraphs} />
      {props.counts && (
        <p class="read-count" data-read={props.counts.read} data-reached={props.counts.reached}>
          {t("announcements.readCount", { read: props.counts.read, reached: props.counts.reached })}
        </p>
      )}
      {props.readers && <Readers readers={props.readers} />}
      {props.canDelete && (
        <form method="post" action={`/announcements/${item.id}/delete`} data-confirm>
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="danger">
            {t("announcements.delete")}
          </button>
        </form>
      )}
    </article>
  );
}

export interface AnnouncementFormProps {
  csrfToken: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  audienceOptions: { value: string; label: string }[];
  maxTitle: number;
  maxBody: number;
}

export function AnnouncementFormView(props: AnnouncementFormProps) {
  const { values, errors } = props;
  return (
    <section class="stack">
      <p>
        <a href="/announcements">{t("announcements.back")}</a>
      </p>
      <h1>{t("announcements.form.title")}</h1>
      <form method="post" action="/announcements" class="card stack" novalidate>
        <CsrfField token={props.csrfToken} />
        {errors.form && <Notice kind="error">{errors.form}</Notice>}
        <Field
          name="title"
          label={t("announcements.field.title")}
          value={values.title}
          error={errors.title}
          maxlength={props.maxTitle}
          required
        />
        <TextArea
          name="body"
          label={t("announcements.field.body")}
          hint={t("announcements.field.bodyHint", { max: formatNumber(props.maxBody) })}
          value={values.body}
          error={errors.body}
          rows={10}
          required
        />
        <Select
          name="audience"
          label={t("announcements.field.audience")}
          options={props.audienceOptions}
          value={values.audience}
          error={errors.audience}
        />
        <p class="muted">{t("announcements.field.audienceHint")}</p>
        <Field
          name="homeUntil"
          type="date"
          label={t("announcements.field.homeUntil")}
          hint={t("announcements.field.homeUntilHint")}
          value={values.homeUntil}
          error={errors.homeUntil}
        />
        <button type="submit">{t("announcements.form.submit")}</button>
      </form>
    </section>
  );
}
