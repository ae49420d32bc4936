import { t } from "../../src/platform/i18n";
import { Field, FilterForm, Select, type SelectOption } from "../components/form";
import { Table } from "../components/table";

/** One audit event as the viewer shows it: every value already a display string. */
export interface AuditRow {
  id: string;
  at: string;
  atIso: string;
  action: string;
  actionLabel: string;
  actor: string;
  actorRole: string | null;
  target: string | null;
  changes: { field: string; before: string; after: string }[];
  ip: string | null;
  requestId: string;
}

export interface AuditLogFilters {
  action: string;
  actor: string;
  actorId: string;
  targetType: string;
  target: string;
  from: string;
  to: string;
}

export interface AuditLogProps {
  rows: AuditRow[];
  filters: AuditLogFilters;
  actionOptions: SelectOption[];
  /** Cursor tokens of the neighbouring pages; null at either end. */
  older: string | null;
  newer: string | null;
  timeZone: string;
}

const PATH = "/audit";

function pageHref(filters: AuditLogFilters, cursor: { older: string } | { newer: string }): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...filters, ...cursor })) if (value) query.set(name, value);
  return `${PATH}?${query.toString()}`;
}

function PageLink({ href, label, rel }: { href: string; label: string; rel: string }) {
  return (
    <a
      href={href}
      rel={rel}
      hx-get={href}
      hx-target="#audit-results"
      hx-select="#audit-results"
      hx-swap="outerHTML"
      hx-push-url="true"
    >
      {label}
    </a>
  );
}

function Changes({ changes }: { changes: AuditRow["changes"] }) {
  if (changes.length === 0) return <span class="muted">—</span>;
  return (
    <ul class="plain-list">
      {changes.map((change) => (
        <li>
          <strong>{change.field}</strong>: {t("audit.changedTo", { before: change.before, after: change.after })}
        </li>
      ))}
    </ul>
  );
}

export function AuditResults({ rows, filters, older, newer, timeZone }: AuditLogProps) {
  return (
    <div id="audit-results">
      <Table
        rows={rows}
        empty={<p class="muted">{t("audit.empty")}</p>}
        caption={<span class="muted">{t("audit.timesIn", { timeZone })}</span>}
        rowAttributes={(row) => ({ "data-audit-id": row.id, "data-action": row.action })}
        columns={[
          { header: t("audit.column.when"), cell: (row) => <time datetime={row.atIso}>{row.at}</time> },
          { header: t("audit.column.what"), cell: (row) => row.actionLabel },
          {
            header: t("audit.column.who"),
            cell: (row) => (
              <>
                {row.actor}
                {row.actorRole && <span class="muted"> ({row.actorRole})</span>}
              </>
            ),
          },
          { header: t("audit.column.on"), cell: (row) => row.target ?? <span class="muted">—</span> },
          { header: t("audit.column.changes"), cell: (row) => <Changes changes={row.changes} /> },
          {
            header: t("audit.column.from"),
            cell: (row) => (
              <>
                {row.ip ?? "—"}
                <br />
                <span class="request-id" title={t("audit.requestId")}>
                  {row.requestId}
                </span>
              </>
            ),
          },
        ]}
      />
      <nav class="pagination" aria-label={t("common.pager.label")}>
        {newer && <PageLink href={pageHref(filters, { newer })} label={t("common.pager.newer")} rel="prev" />}
        {(newer || older) && <PageLink href={pageHref(filters, { older: "" })} label={t("audit.newest")} rel="first" />}
        {older && <PageLink href={pageHref(filters, { older })} label={t("common.pager.older")} rel="next" />}
      </nav>
    </div>
  );
}

export function AuditLogView(props: AuditLogProps) {
  const { filters } = props;
  return (
    <div class="stack">
      <h1>{t("audit.heading")}</h1>
      <FilterForm action={PATH} resultsId="audit-results">
        <Select
          name="action"
          label={t("audit.filter.action")}
          options={[{ value: "", label: t("audit.filter.anyAction") }, ...props.actionOptions]}
          value={filters.action}
        />
        <Field
          name="actor"
          label={t("audit.filter.who")}
          value={filters.actor}
          hint={t("audit.filter.whoHint")}
          maxlength={200}
        />
        <Field
          name="target"
          label={t("audit.filter.on")}
          value={filters.target}
          hint={t("audit.filter.onHint")}
          maxlength={200}
        />
        <Field name="from" label={t("audit.filter.from")} type="date" value={filters.from} />
        <Field name="to" label={t("audit.filter.to")} type="date" value={filters.to} />
        {filters.actorId && <input type="hidden" name="actorId" value={filters.actorId} />}
        {filters.targetType && <input type="hidden" name="targetType" value={filters.targetType} />}
        <button type="submit">{t("common.form.filter")}</button>
        <a href={PATH}>{t("common.form.clear")}</a>
      </FilterForm>
      <AuditResults {...props} />
    </div>
  );
}
