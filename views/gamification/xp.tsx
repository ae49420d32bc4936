import { formatNumber, formatPercent, t } from "../../src/platform/i18n";
import { CsrfField, Field } from "../components/form";
import { Table } from "../components/table";

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
export function XpSection({ summary, heading }: { summary: XpSummary; heading?: string }) {
  const { level } = summary;
  return (
    <section class="card xp">
      <h2>{heading ?? t("gamification.myXp.heading")}</h2>
      <p>
        <strong>{t("gamification.level", { level: level.level })}</strong> ·{" "}
        {t("gamification.xpAmount", { xp: summary.totalXp })}
      </p>
      <p>
        <label for={`xp-progress-${summary.studentId}`}>
          {t("gamification.toNextLevel", { xp: level.toNext, level: level.level + 1 })}
        </label>{" "}
        <progress id={`xp-progress-${summary.studentId}`} max="100" value={String(level.percent)}>
          {formatPercent(level.percent / 100)}
        </progress>
      </p>
      <p>
        {summary.streak === 0 ? t("gamification.streak.none") : t("gamification.streak.days", { days: summary.streak })}
      </p>
      <h3>{t("gamification.badges")}</h3>
      {summary.badges.length === 0 ? (
        <p class="muted">{t("gamification.badges.none")}</p>
      ) : (
        <ul class="badges">
          {summary.badges.map((badge) => (
            <li>
              <strong>{badge.name}</strong>{" "}
              <span class="muted">
                {t("gamification.badge.earned", { description: badge.description, earnedOn: badge.earnedOn })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RecentXp({ summary }: { summary: XpSummary }) {
  if (summary.recent.length === 0) return <p class="muted">{t("gamification.recent.none")}</p>;
  return (
    <Table
      caption={<span class="visually-hidden">{t("gamification.recent.title")}</span>}
      rows={summary.recent}
      columns={[
        { header: t("gamification.recent.when"), cell: (item) => item.when },
        { header: t("gamification.recent.for"), cell: (item) => item.source },
        { header: t("gamification.recent.reason"), cell: (item) => item.reason },
        { header: t("gamification.xp"), cell: (item) => formatNumber(item.amount, { signDisplay: "always" }) },
      ]}
    />
  );
}

export function MyXpView({ sections }: { sections: { summary: XpSummary; heading: string }[] }) {
  return (
    <section>
      <h1>{t("gamification.myXp.title")}</h1>
      {sections.map((section) => (
        <>
          <XpSection summary={section.summary} heading={section.heading} />
          <h2>{t("gamification.recent.heading", { name: section.summary.name })}</h2>
          <RecentXp summary={section.summary} />
        </>
      ))}
      <p>
        <a href="/leaderboards">{t("gamification.leaderboards")}</a>
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
        label={t("gamification.xp")}
        type="number"
        inputmode="numeric"
        hint={t("gamification.award.range", { min: 1, max: props.max })}
        value={props.values?.amount}
        error={errors.amount}
        required
      />
      <Field
        name="reason"
        label={t("gamification.recent.reason")}
        hint={t("gamification.award.reasonHint")}
        maxlength={200}
        value={props.values?.reason}
        error={errors.reason}
        required
      />
      <button type="submit">{t("gamification.award.title")}</button>
    </form>
  );
}

export function StudentXpView(props: { summary: XpSummary; action: string; csrfToken: string; max: number }) {
  return (
    <section>
      <h1>{t("gamification.studentXp.title", { name: props.summary.name })}</h1>
      <XpSection summary={props.summary} heading={t("gamification.studentXp.levelAndBadges")} />
      <h2>{t("gamification.award.title")}</h2>
      <AwardForm action={props.action} csrfToken={props.csrfToken} max={props.max} />
      <h2>{t("gamification.recent.title")}</h2>
      <RecentXp summary={props.summary} />
    </section>
  );
}
