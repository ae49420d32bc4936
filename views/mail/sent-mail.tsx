import { t } from "../../src/platform/i18n";
import { FilterForm, Notice, Select, type SelectOption } from "../components/form";
import { LinksPager, type ListLinks } from "../components/pager";
import { Table } from "../components/table";

/** One email as the log shows it: every value already a display string. */
export interface SentMailItem {
  id: string;
  kindLabel: string;
  recipient: string;
  statusLabel: string;
  status: string;
  attempts: number;
  /** Why the last attempt failed, for emails not delivered yet or given up on. */
  problem: string | null;
  queuedAt: string;
  sentAt: string | null;
}

export interface SentMailProps {
  items: SentMailItem[];
  status: string;
  statusOptions: SelectOption[];
  /** The pages either side, keeping the status filter. */
  links: ListLinks;
  /** Each counted up to countCap: at the cap the page says "more than" rather than a number it did not read. */
  waiting: number;
  failed: number;
  countCap: number;
  /** The background-jobs panel, where failed emails are tried again. */
  retryHref: string | null;
}

const PATH = "/admin/mail";

function MailResults(props: SentMailProps) {
  return (
    <div id="mail-results">
      <Table
        rows={props.items}
        caption={t("mail.log.caption")}
        empty={<p>{props.status ? t("mail.log.emptyFiltered") : t("mail.log.empty")}</p>}
        rowAttributes={(item) => ({ "data-mail": item.id, "data-status": item.status })}
        columns={[
          { header: t("mail.column.queued"), cell: (item) => item.queuedAt },
          { header: t("mail.column.to"), cell: (item) => item.recipient },
          { header: t("mail.column.kind"), cell: (item) => item.kindLabel },
          {
            header: t("mail.column.status"),
            cell: (item) => (
              <>
                {item.statusLabel}
                {item.sentAt ? <span class="muted"> · {item.sentAt}</span> : null}
                {item.attempts > 1 ? (
                  <span class="muted"> · {t("mail.attempts", { count: item.attempts })}</span>
                ) : null}
                {item.problem ? <p class="field-error">{item.problem}</p> : null}
              </>
            ),
          },
        ]}
      />
      <LinksPager links={props.links} />
    </div>
  );
}

/**
 * The centre's outgoing email: what was sent to whom and when, what is still waiting and what
 * gave up, so the front desk can answer "did the invitation go out?". No address or body is shown.
 */
export function SentMailView(props: SentMailProps) {
  return (
    <>
      <h1>{t("mail.log.heading")}</h1>
      <p>{t("mail.log.intro")}</p>
      {props.failed > 0 ? (
        <Notice kind="error">
          {props.failed >= props.countCap
            ? t("mail.log.failedNoticeMany", { count: props.countCap - 1 })
            : t("mail.log.failedNotice", { count: props.failed })}{" "}
          {props.retryHref ? <a href={props.retryHref}>{t("mail.log.retryLink")}</a> : null}
        </Notice>
      ) : null}
      {props.waiting > 0 ? (
        <Notice>
          {props.waiting >= props.countCap
            ? t("mail.log.waitingNoticeMany", { count: props.countCap - 1 })
            : t("mail.log.waitingNotice", { count: props.waiting })}
        </Notice>
      ) : null}
      <FilterForm action={PATH} resultsId="mail-results" liveFrom="change from:select">
        <Select name="status" label={t("mail.filter.status")} options={props.statusOptions} value={props.status} />
        <button type="submit">{t("mail.filter.apply")}</button>
      </FilterForm>
      <MailResults {...props} />
    </>
  );
}
