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
      <h1>Set up this kiosk</h1>
      <p>Type the pairing code shown to your centre admin when they enrolled this device.</p>
      <KioskError message={error} />
      <form method="post" action="/kiosk/pair" class="kiosk-form">
        <CsrfField token={csrfToken} />
        <label for="pairing-code">Pairing code</label>
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
          Pair this kiosk
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
        <h1>Welcome! Please check in</h1>
        <p class="muted">{props.kioskName}</p>
      </header>
      <KioskError message={props.error} />
      <div class="kiosk-columns">
        <form method="post" action="/kiosk/sign-in" class="kiosk-panel kiosk-form">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="mode" value="badge" />
          <h2>Scan your badge</h2>
          <label for="badge">Hold your badge under the scanner</label>
          <input id="badge" name="badge" autocomplete="off" spellcheck="false" maxlength={200} autofocus />
          <button type="submit" class="kiosk-button secondary">
            Check in with badge
          </button>
        </form>
        <form method="post" action="/kiosk/sign-in" class="kiosk-panel kiosk-form">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="mode" value="pin" />
          <h2>Or type your code</h2>
          <label for="student-code">Student code</label>
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
          <label for="pin">PIN</label>
          <input id="pin" name="pin" type="password" inputmode="numeric" autocomplete="off" maxlength={8} required />
          <button type="submit" class="kiosk-button">
            Check in
          </button>
        </form>
      </div>
      <p class="kiosk-foot">
        <a href="/kiosk/leaderboard">Today's board</a>
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
      <h1>Hello, {student.name}!</h1>
      {xp && (
        <p class="kiosk-xp">
          Level {xp.level} · {xp.totalXp.toLocaleString("en-GB")} XP
          {xp.streak > 0 && <> · {xp.streak}-day streak</>}
        </p>
      )}
      {student.checkedIn.length > 0 ? (
        <ul class="kiosk-list">
          {student.checkedIn.map((item) => (
            <li class={item.status === "late" ? "late" : "ok"}>
              <strong>{item.className}</strong>: you are checked in{item.status === "late" ? " (late)" : ""}.
            </li>
          ))}
        </ul>
      ) : (
        <p class="kiosk-message">There is no class to check in to right now.</p>
      )}
      {student.later.length > 0 && (
        <>
          <h2>Later today</h2>
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
          Done
        </button>
      </form>
      <p class="muted">This screen clears itself in a minute.</p>
    </section>
  );
}

export function WaitingForConsentView({ name }: { name: string }) {
  return (
    <section class="kiosk-panel" role="alert">
      <h1>Hello, {name}</h1>
      <p class="kiosk-message">You can check in once a parent has given their consent. Please ask at the front desk.</p>
      <p>
        <a class="kiosk-button" href="/kiosk">
          Back
        </a>
      </p>
    </section>
  );
}
