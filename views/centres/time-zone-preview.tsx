import { formatNumber, t } from "../../src/platform/i18n";
import { CsrfField } from "../components/form";

/** One session in the preview, its dates and times already written for the reader. */
export interface MovingSessionRow {
  className: string;
  date: string;
  /** The local time it keeps. */
  time: string;
  /** The same moment it was at, read on the new zone's clock. */
  wasOnNewClock: string;
  cancelled: boolean;
  duplicate: boolean;
}

export interface StayingSessionRow {
  className: string;
  before: string;
  after: string;
}

export interface TimeZonePreviewProps {
  centreName: string;
  from: string;
  to: string;
  moving: MovingSessionRow[];
  /** How many moving sessions are not listed (the list stops at a page's worth). */
  movingNotShown: number;
  staying: StayingSessionRow[];
  pastCount: number;
  /** Where the confirmation goes and where "cancel" leads. */
  actionBase: string;
  csrfToken: string;
}

function MovingTable({ rows }: { rows: MovingSessionRow[] }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t("centres.timeZone.class")}</th>
          <th scope="col">{t("centres.timeZone.date")}</th>
          <th scope="col">{t("centres.timeZone.keepsTime")}</th>
          <th scope="col">{t("centres.timeZone.wasOnNewClock")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr>
            <td>
              {row.className}
              {row.cancelled && <span class="muted"> {t("centres.timeZone.cancelled")}</span>}
              {row.duplicate && <span class="muted"> {t("centres.timeZone.duplicate")}</span>}
            </td>
            <td>{row.date}</td>
            <td>{row.time}</td>
            <td>{row.wasOnNewClock}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What a change of time zone does, before it is made: the sessions that move and those that stay. */
export function TimeZonePreviewView(props: TimeZonePreviewProps) {
  return (
    <div class="stack" id="time-zone-preview">
      <section class="card stack">
        <h1>{t("centres.timeZone.heading", { centre: props.centreName })}</h1>
        <p>{t("centres.timeZone.summary", { from: props.from, to: props.to })}</p>
        <p>{t("centres.timeZone.rule")}</p>
      </section>
      <section class="card stack" aria-labelledby="moving-heading">
        <h2 id="moving-heading">
          {t("centres.timeZone.movingHeading", { count: props.moving.length + props.movingNotShown })}
        </h2>
        {props.moving.length === 0 ? (
          <p class="muted">{t("centres.timeZone.noneMoving")}</p>
        ) : (
          <MovingTable rows={props.moving} />
        )}
        {props.movingNotShown > 0 && (
          <p class="muted">{t("centres.timeZone.moreMoving", { count: props.movingNotShown })}</p>
        )}
      </section>
      <section class="card stack" aria-labelledby="staying-heading">
        <h2 id="staying-heading">{t("centres.timeZone.stayingHeading")}</h2>
        <p>{t("centres.timeZone.past", { count: props.pastCount, countShown: formatNumber(props.pastCount) })}</p>
        {props.staying.length > 0 && (
          <>
            <p>{t("centres.timeZone.attended")}</p>
            <ul>
              {props.staying.map((row) => (
                <li>
                  {t("centres.timeZone.stayingRow", { className: row.className, before: row.before, after: row.after })}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <form method="post" action={`${props.actionBase}/time-zone/confirm`} class="row">
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="timeZone" value={props.to} />
        <button type="submit">{t("centres.timeZone.confirm", { zone: props.to })}</button>
        <a href={props.actionBase}>{t("centres.timeZone.cancel")}</a>
      </form>
    </div>
  );
}
