import { CsrfField, Field } from "../components/form";
import { Table } from "../components/table";
import { CertificateLink } from "./certificate-link";

export interface BadgeItem {
  code: string;
  name: string;
  description: string;
  earnedOn: string;
}

export interface LedgerItem {
  amount: number;
  reason: string;
  source: string;
  when: string;
}

export interface XpSummary {
  studentId: string;
  name: string;
  totalXp: number;
  /** The level, XP still needed for the next, and how far through this one (0 to 100). */
  level: { level: number; toNext: number; percent: number };
  streak: number;
  badges: BadgeItem[];
  recent: LedgerItem[];
}

/** Level, progress, streak and badges: the student's own section (dashboard, /my-xp, a tutor's view). */
export function XpSection({ summary, heading = "My XP" }: { summary: XpSummary; heading?: string }) {
  const { level } = summary;
  return (
    <section class="card xp">
      <h2>{heading}</h2>
      <p>
        <strong>Level {String(level.level)}</strong> · {summary.totalXp.toLocaleString("en-GB")} XP
      </p>
      <p>
        <label for={`xp-progress-${summary.studentId}`}>
          {level.toNext.toLocaleString("en-GB")} XP to level {String(level.level + 1)}
        </label>{" "}
        <progress id={`xp-progress-${summary.studentId}`} max="100" value={String(level.percent)}>
          {String(level.percent)}%
        </progress>
      </p>
      <p>
        {summary.streak === 0
          ? "No streak yet: earn XP today to start one."
          : `Streak: ${summary.streak} ${summary.streak === 1 ? "day" : "days"} in a row`}
      </p>
      <h3>Badges</h3>
      {summary.badges.length === 0 ? (
        <p class="muted">No badges yet.</p>
      ) : (
        <ul class="badges">
          {summary.badges.map((badge) => (
            <li>
              <strong>{badge.name}</strong>{" "}
              <span class="muted">
                ({badge.description}, {badge.earnedOn})
              </span>{" "}
              <CertificateLink studentId={summary.studentId} code={badge.code} badgeName={badge.name} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RecentXp({ summary }: { summary: XpSummary }) {
  if (summary.recent.length === 0) return <p class="muted">No XP yet.</p>;
  return (
    <Table
      caption={<span class="visually-hidden">Recent XP</span>}
      rows={summary.recent}
      columns={[
        { header: "When", cell: (item) => item.when },
        { header: "For", cell: (item) => item.source },
        { header: "Reason", cell: (item) => item.reason },
        { header: "XP", cell: (item) => `+${item.amount}` },
      ]}
    />
  );
}

export function MyXpView({ sections }: { sections: { summary: XpSummary; heading: string }[] }) {
  return (
    <section>
      <h1>XP and badges</h1>
      {sections.map((section) => (
        <>
          <XpSection summary={section.summary} heading={section.heading} />
          <h2>Recent XP for {section.summary.name}</h2>
          <RecentXp summary={section.summary} />
        </>
      ))}
      <p>
        <a href="/leaderboards">Leaderboards</a>
      </p>
    </section>
  );
}

export interface AwardFormValues {
  amount?: string;
  reason?: string;
}

export function AwardForm(props: {
  action: string;
  csrfToken: string;
  max: number;
  values?: AwardFormValues;
  errors?: Record<string, string>;
  done?: string;
}) {
  const errors = props.errors ?? {};
  return (
    <form
      id="award-form"
      method="post"
      action={props.action}
      hx-post={props.action}
      hx-target="this"
      hx-swap="outerHTML"
    >
      <CsrfField token={props.csrfToken} />
      {props.done && (
        <p class="notice" role="status">
          {props.done}
        </p>
      )}
      <Field
        name="amount"
        label="XP"
        type="number"
        inputmode="numeric"
        hint={`1 to ${props.max}`}
        value={props.values?.amount}
        error={errors.amount}
        required
      />
      <Field
        name="reason"
        label="Reason"
        hint="The student sees this"
        maxlength={200}
        value={props.values?.reason}
        error={errors.reason}
        required
      />
      <button type="submit">Award XP</button>
    </form>
  );
}

export function StudentXpView(props: { summary: XpSummary; action: string; csrfToken: string; max: number }) {
  return (
    <section>
      <h1>XP for {props.summary.name}</h1>
      <XpSection summary={props.summary} heading="Level and badges" />
      <h2>Award XP</h2>
      <AwardForm action={props.action} csrfToken={props.csrfToken} max={props.max} />
      <h2>Recent XP</h2>
      <RecentXp summary={props.summary} />
    </section>
  );
}
