import { t } from "../../src/platform/i18n";
import { Avatar, type AvatarImage } from "../components/avatar";
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

/** A refusal a child can read: a cross, red, and the words. */
export function KioskError({ message }: { message: string | null | undefined }) {
  return message ? (
    <p class="kiosk-message bad" role="alert">
      <span class="kiosk-icon" aria-hidden="true">
        ✗
      </span>{" "}
      {message}
    </p>
  ) : null;
}

/** Back to the pictures: a real button shape, with the arrow in the message (it turns in Arabic). */
export function BackButton() {
  return (
    <a class="kiosk-button kiosk-back" href="/kiosk">
      {t("kiosk.back")}
    </a>
  );
}

/** One expected student as the kiosk shows them: a picture and a first name. */
export interface RosterTile {
  studentId: string;
  firstName: string;
  avatar: AvatarImage | null;
  arrived: boolean;
}

function Tile({ tile }: { tile: RosterTile }) {
  return (
    <li>
      <a class={tile.arrived ? "kiosk-tile arrived" : "kiosk-tile"} href={`/kiosk/pin/${tile.studentId}`}>
        <Avatar name={tile.firstName} image={tile.avatar} />
        <span class="kiosk-tile-name">{tile.firstName}</span>
        {tile.arrived && <span class="kiosk-tile-here">{t("kiosk.tile.here")}</span>}
      </a>
    </li>
  );
}

/** Today's expected students, as big pictures to tap. */
export function RosterTiles({ tiles }: { tiles: RosterTile[] }) {
  if (tiles.length === 0) return <p class="kiosk-message">{t("kiosk.tile.nobody")}</p>;
  return (
    <ul class="kiosk-tiles" aria-label={t("kiosk.tile.label")}>
      {tiles.map((tile) => (
        <Tile tile={tile} />
      ))}
    </ul>
  );
}

const PAD_KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];

/** Ten big digit keys, an erase key and OK; kiosk.js types them into the PIN field. */
function NumberPad() {
  return (
    <div class="kiosk-pad" data-pad>
      {PAD_KEYS.map((key) => (
        <button type="button" class="pad-key" data-key={key}>
          {key}
        </button>
      ))}
      <button type="button" class="pad-key pad-erase" data-key="erase" aria-label={t("kiosk.pad.erase")}>
        ⌫
      </button>
      <button type="button" class="pad-key" data-key="0">
        0
      </button>
      <button type="submit" class="pad-key pad-ok" aria-label={t("kiosk.pad.ok")}>
        ✓
      </button>
    </div>
  );
}

export interface PinPadViewProps {
  csrfToken: string;
  tile: RosterTile;
  error?: string | null;
}

/** After a child taps their picture: their picture again, and the number pad for their PIN. */
export function PinPadView({ csrfToken, tile, error }: PinPadViewProps) {
  return (
    <div class="kiosk-idle">
      <BackButton />
      <section class="kiosk-panel kiosk-pin">
        <div class="kiosk-who">
          <Avatar name={tile.firstName} image={tile.avatar} />
          <h1>{t("kiosk.pad.heading", { name: tile.firstName })}</h1>
        </div>
        <KioskError message={error} />
        <form method="post" action="/kiosk/sign-in" class="kiosk-form" data-pin-form>
          <CsrfField token={csrfToken} />
          <input type="hidden" name="mode" value="picture" />
          <input type="hidden" name="studentId" value={tile.studentId} />
          <label for="pad-pin">{t("kiosk.pad.label")}</label>
          <input
            id="pad-pin"
            name="pin"
            type="password"
            inputmode="none"
            autocomplete="off"
            maxlength={8}
            pattern="[0-9]{4,8}"
            class="kiosk-pin-field"
            required
          />
          <NumberPad />
        </form>
      </section>
    </div>
  );
}

/** On the device, once: the code the centre admin was shown when enrolling it. */
export function PairView({ csrfToken, error, code }: { csrfToken: string; error?: string; code?: string }) {
  return (
    <section class="kiosk-panel">
      <h1>{t("kiosk.pair.heading")}</h1>
      <p>{t("kiosk.pair.intro")}</p>
      <ol class="kiosk-steps">
        <li>{t("kiosk.pair.step1")}</li>
        <li>{t("kiosk.pair.step2")}</li>
        <li>{t("kiosk.pair.step3")}</li>
      </ol>
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
  tiles: RosterTile[];
  error?: string | null;
  studentCode?: string;
}

/**
 * The waiting screen: today's expected students as pictures to tap; a badge field that a barcode
 * scanner types into (it has focus) or the camera fills; the code + PIN form for everyone else.
 */
export function IdleView(props: IdleViewProps) {
  return (
    <div class="kiosk-idle">
      <header class="kiosk-header">
        <h1>{t("kiosk.idle.heading")}</h1>
        <p class="muted">
          {t("kiosk.tile.tapYourPicture")} · {props.kioskName}
        </p>
      </header>
      <KioskError message={props.error} />
      <RosterTiles tiles={props.tiles} />
      <div class="kiosk-columns">
        <form method="post" action="/kiosk/sign-in" class="kiosk-panel kiosk-form" data-badge-form>
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="mode" value="badge" />
          <h2>{t("kiosk.idle.scan")}</h2>
          <label for="badge">{t("kiosk.idle.scanHint")}</label>
          <input id="badge" name="badge" autocomplete="off" spellcheck="false" maxlength={200} autofocus />
          <button type="submit" class="kiosk-button secondary">
            {t("kiosk.idle.scanSubmit")}
          </button>
          <button
            type="button"
            class="kiosk-button secondary"
            data-camera
            data-looking={t("kiosk.camera.looking")}
            data-unavailable={t("kiosk.camera.unavailable")}
            hidden
          >
            {t("kiosk.camera.start")}
          </button>
          <video class="kiosk-camera" data-camera-video muted playsinline hidden />
          <p class="muted" data-camera-status role="status" />
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
  const arrived = student.checkedIn.length > 0;
  return (
    <section class={arrived ? "kiosk-panel kiosk-welcome ok" : "kiosk-panel kiosk-welcome"} aria-live="polite">
      {arrived && (
        <p class="kiosk-success">
          <span class="kiosk-icon" aria-hidden="true">
            ✓
          </span>{" "}
          {t("kiosk.welcome.success")}
        </p>
      )}
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
      <div class="row">
        <form method="post" action="/kiosk/homework">
          <CsrfField token={csrfToken} />
          <button type="submit" class="kiosk-button secondary">
            <span aria-hidden="true">📚</span> {t("kiosk.welcome.homework")}
          </button>
        </form>
        <form method="post" action="/kiosk/sign-out">
          <CsrfField token={csrfToken} />
          <button type="submit" class="kiosk-button">
            {t("kiosk.welcome.done")}
          </button>
        </form>
      </div>
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
        <BackButton />
      </p>
    </section>
  );
}
