import { t } from "../../src/platform/i18n";
import { CsrfField } from "../components/form";

/** The student a kiosk has just identified, and what their arrival did. */
export interface KioskStudent {
  studentId: string;
  name: string;
  /** What the student did on arriving, shown once on the welcome screen. */
  checkedIn: { className: string; status: "present" | "late" }[];
  /** Their sessions later today, not open for check-in yet. */
  later: { className: string; time: string }[];
}

export function KioskError({ message }: { message: string | null | undefined }) {
  return message ? (
    <p class="kiosk-message bad" role="alert">
      {message}
    </p>
  ) : null;
}

/** On the device, once: the code the centre admin was shown when enrolling it. */
export function PairView({ csrfToken, error, code }: { csrfToken: string; error?: string; code?: string }) {
  return (
    <section class="kiosk-panel">
      <h1>{t("kiosk.pair.heading")}</h1>
      <p>{t("kiosk.pair.intro")}</p>
      <KioskError message={error} />
      <form method="post" action="/kiosk/pair" class="kiosk-form">
        <CsrfField token={csrfToken} />
        <label for="pairing-code">{t("kiosk.pair.code")}</label>
        <input
          id="pairing-code"
          name="code"
          class="kiosk-code"
          value={code}
          autocomplete="off"
          autocapitalize="characters"
          spellcheck="false"
          maxlength={20}
          required
          autofocus
        />
        <button type="submit" class="kiosk-button">
          {t("kiosk.pair.submit")}
        </button>
      </form>
    </section>
  );
}

export interface IdleViewProps {
  csrfToken: string;
  kioskName: string;
  error?: string | null;
  studentCode?: string;
}

/**
 * The waiting screen: a badge field that a barcode scanner types into (it has focus), and the
 * code + PIN form for students without a badge.
 */
export function IdleView(props: IdleViewProps) {
  return (
    <div class="kiosk-idle">
      <header class="kiosk-header">
        <h1>{t("kiosk.idle.heading")}</h1>
        <p class="muted">{props.kioskName}</p>
      </header>
      <KioskError message={props.error} />
      <div class="kiosk-columns">
        <form method="post" action="/kiosk/sign-in" class="kiosk-panel kiosk-form">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="mode" value="badge" />
          <h2>{t("kiosk.idle.scan")}</h2>
          <label for="badge">{t("kiosk.idle.scanHint")}</label>
          <input id="badge" name="badge" autocomplete="off" spellcheck="false" maxlength={200} autofocus />
          <button type="submit" class="kiosk-button secondary">
            {t("kiosk.idle.scanSubmit")}
          </button>
        </form>
        <form method="post" action="/kiosk/sign-in" class="kiosk-panel kiosk-form">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="mode" value="pin" />
          <h2>{t("kiosk.idle.typeCode")}</h2>
          <label for="student-code">{t("kiosk.studentCode")}</label>
          <input
            id="student-code"
            name="studentCode"
            value={props.studentCode}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck="false"
            maxlength={20}
            required
          />
          <label for="pin">{t("kiosk.pin")}</label>
          <input id="pin" name="pin" type="password" inputmode="numeric" autocomplete="off" maxlength={8} required />
          <button type="submit" class="kiosk-button">
            {t("kiosk.checkIn")}
          </button>
        </form>
      </div>
      <p class="kiosk-foot">
        <a href="/kiosk/leaderboard">{t("kiosk.board.title")}</a>
      </p>
    </div>
  );
}

export interface XpGlance {
  level: number;
  totalXp: number;
  streak: number;
}

/** After a student is identified: what happened, for a minute at most. */
export function WelcomeView(props: { student: KioskStudent; xp: XpGlance | null; csrfToken: string }) {
  const { student, xp, csrfToken } = props;
  return (
    <section class="kiosk-panel kiosk-welcome" aria-live="polite">
      <h1>{t("kiosk.welcome.heading", { name: student.name })}</h1>
      {xp && (
        <p class="kiosk-xp">
          {t("kiosk.welcome.level", { level: xp.level })} · {t("kiosk.welcome.xp", { xp: xp.totalXp })}
          {xp.streak > 0 && <> · {t("kiosk.welcome.streak", { days: xp.streak })}</>}
        </p>
      )}
      {student.checkedIn.length > 0 ? (
        <ul class="kiosk-list">
          {student.checkedIn.map((item) => (
            <li class={item.status === "late" ? "late" : "ok"}>
              <strong>{item.className}</strong>:{" "}
              {t(item.status === "late" ? "kiosk.welcome.checkedInLate" : "kiosk.welcome.checkedIn")}
            </li>
          ))}
        </ul>
      ) : (
        <p class="kiosk-message">{t("kiosk.welcome.noClass")}</p>
      )}
      {student.later.length > 0 && (
        <>
          <h2>{t("kiosk.welcome.later")}</h2>
          <ul class="kiosk-list">
            {student.later.map((item) => (
              <li>
                {item.time} {item.className}
              </li>
            ))}
          </ul>
        </>
      )}
      <form method="post" action="/kiosk/sign-out">
        <CsrfField token={csrfToken} />
        <button type="submit" class="kiosk-button">
          {t("kiosk.welcome.done")}
        </button>
      </form>
      <p class="muted">{t("kiosk.welcome.clears")}</p>
    </section>
  );
}

export function WaitingForConsentView({ name }: { name: string }) {
  return (
    <section class="kiosk-panel" role="alert">
      <h1>{t("kiosk.hello", { name })}</h1>
      <p class="kiosk-message">{t("kiosk.consent.message")}</p>
      <p>
        <a class="kiosk-button" href="/kiosk">
          {t("kiosk.back")}
        </a>
      </p>
    </section>
  );
}
