import { type MessageKey, t } from "../../src/platform/i18n";
import { CsrfField, Field, Notice } from "../components/form";
import { messageAround } from "../components/message-parts";
import { LinksPager, type ListLinks } from "../components/pager";
import { type Column, Table } from "../components/table";
import { BadgeCard } from "./badges";

export type KioskState = "paired" | "waiting" | "expired" | "revoked";

export interface KioskItem {
  id: string;
  name: string;
  state: KioskState;
  lastSeen: string | null;
  enrolled: string;
}

const STATE_LABELS: Record<KioskState, MessageKey> = {
  paired: "kiosk.state.paired",
  waiting: "kiosk.state.waiting",
  expired: "kiosk.state.expired",
  revoked: "kiosk.state.revoked",
};

function kioskColumns(csrfToken: string, canRevoke: boolean): Column<KioskItem>[] {
  return [
    { header: t("kiosk.column.name"), cell: (kiosk) => kiosk.name },
    {
      header: t("kiosk.column.state"),
      cell: (kiosk) => (
        <span class={kiosk.state === "paired" ? "badge ok" : kiosk.state === "revoked" ? "badge bad" : "badge"}>
          {t(STATE_LABELS[kiosk.state])}
        </span>
      ),
    },
    { header: t("kiosk.column.lastSeen"), cell: (kiosk) => kiosk.lastSeen ?? "—" },
    { header: t("kiosk.column.enrolled"), cell: (kiosk) => kiosk.enrolled },
    {
      header: t("kiosk.column.actions"),
      hiddenHeader: true,
      cell: (kiosk) =>
        canRevoke &&
        kiosk.state !== "revoked" && (
          <form method="post" action={`/kiosks/${kiosk.id}/revoke`} class="inline-form" data-confirm>
            <CsrfField token={csrfToken} />
            <button type="submit" class="danger" aria-label={t("kiosk.revokeNamed", { name: kiosk.name })}>
              {t("kiosk.revoke")}
            </button>
          </form>
        ),
    },
  ];
}

export interface KiosksViewProps {
  kiosks: KioskItem[];
  csrfToken: string;
  canEnrol: boolean;
  canRevoke: boolean;
  /** The pages either side (newer, older). */
  links: ListLinks;
  notice: string | null;
  nameError?: string;
}

export function KiosksView(props: KiosksViewProps) {
  return (
    <div class="stack">
      {props.notice && <Notice kind="ok">{props.notice}</Notice>}
      <section class="card">
        <h1>{t("kiosk.title")}</h1>
        <p class="muted">{t("kiosk.intro")}</p>
        <Table
          rows={props.kiosks}
          columns={kioskColumns(props.csrfToken, props.canRevoke)}
          empty={<p>{t("kiosk.empty")}</p>}
          rowAttributes={(kiosk) => ({ id: `kiosk-${kiosk.id}` })}
        />
        <LinksPager links={props.links} previousLabel={t("common.pager.newer")} nextLabel={t("common.pager.older")} />
      </section>
      {props.canEnrol && (
        <section class="card">
          <h2>{t("kiosk.enrol.heading")}</h2>
          <form method="post" action="/kiosks">
            <CsrfField token={props.csrfToken} />
            <Field
              name="name"
              label={t("kiosk.enrol.name")}
              hint={t("kiosk.enrol.nameHint")}
              maxlength={100}
              error={props.nameError}
              required
            />
            <button type="submit">{t("kiosk.enrol.submit")}</button>
          </form>
        </section>
      )}
      <section class="card">
        <h2>{t("kiosk.badges.heading")}</h2>
        <form method="get" action="/kiosks/badges">
          <Field name="code" label={t("kiosk.studentCode")} hint={t("kiosk.badges.codeHint")} maxlength={20} required />
          <button type="submit" class="secondary">
            {t("kiosk.badges.show")}
          </button>
        </form>
      </section>
    </div>
  );
}

function PairingInstructions({ expiresAt }: { expiresAt: string }) {
  const [before, after] = messageAround("kiosk.enrolled.instructions", "path", { expiresAt });
  return (
    <p>
      {before}
      <strong>/kiosk/pair</strong>
      {after}
    </p>
  );
}

function CancelledBadge({ name }: { name: string }) {
  const [before, after] = messageAround("kiosk.badge.cancelled", "name");
  return (
    <p data-badge-state="revoked">
      {before}
      <strong>{name}</strong>
      {after}
    </p>
  );
}

/** Shown once, right after enrolling: the code is never stored in readable form. */
export function EnrolledView({
  name,
  pairingCode,
  expiresAt,
}: {
  name: string;
  pairingCode: string;
  expiresAt: string;
}) {
  return (
    <section class="card stack">
      <h1>{t("kiosk.enrolled.heading", { name })}</h1>
      <PairingInstructions expiresAt={expiresAt} />
      <p class="pairing-code">
        <span aria-hidden="true">{pairingCode}</span>
        <span class="visually-hidden">{t("kiosk.enrolled.spelled", { code: pairingCode.split("").join(" ") })}</span>
      </p>
      <p class="muted">{t("kiosk.enrolled.once")}</p>
      <p>
        <a href="/kiosks">{t("kiosk.backToKiosks")}</a>
      </p>
    </section>
  );
}

export interface BadgeViewProps {
  studentId: string;
  name: string;
  studentCode: string | null;
  centreName: string;
  /** SVG from the qrcode package: generated by us from our own token, so trusted. Null when cancelled. */
  qrSvg: string | null;
  version: number;
  canManage: boolean;
  notice: string | null;
  csrfToken: string;
}

/** A printable badge card: the QR code a kiosk's scanner reads, and who it belongs to. */
export function BadgeView(props: BadgeViewProps) {
  return (
    <div class="stack">
      {props.notice && <Notice kind="ok">{props.notice}</Notice>}
      {props.qrSvg ? (
        <BadgeCard
          name={props.name}
          studentCode={props.studentCode}
          centreName={props.centreName}
          qrSvg={props.qrSvg}
          version={props.version}
        />
      ) : (
        <CancelledBadge name={props.name} />
      )}
      <div class="no-print row">
        {props.qrSvg && <span>{t("kiosk.badge.print")}</span>}
        {props.canManage && (
          <form method="post" action={`/kiosks/badges/${props.studentId}/reissue`} class="inline-form">
            <CsrfField token={props.csrfToken} />
            <button type="submit" class="secondary">
              {t("kiosk.badge.reissue")}
            </button>
          </form>
        )}
        {props.canManage && props.qrSvg && (
          <a class="button danger" href={`/kiosks/badges/${props.studentId}/revoke`}>
            {t("kiosk.badge.cancel")}
          </a>
        )}
        <a href="/kiosks">{t("kiosk.backToKiosks")}</a>
      </div>
    </div>
  );
}
