import { Elysia } from "elysia";
import { z } from "zod";
import type { SafeHtml } from "#html/jsx-runtime";
import { BoardView } from "../../../views/kiosk/board";
import { KioskLayout, type KioskLayoutProps } from "../../../views/kiosk/layout";
import {
  IdleView,
  PairView,
  PinPadView,
  WaitingForConsentView,
  WelcomeView,
  type XpGlance,
} from "../../../views/kiosk/screen";
import { AppError, ForbiddenError, NotFoundError, TooManyRequestsError, ValidationError } from "../../platform/errors";
import { cookieOptions, KIOSK_COOKIE } from "../../platform/http/authenticate";
import { redirectTo } from "../../platform/http/redirect";
import { htmlResponse, isFragmentRequest } from "../../platform/http/render";
import { lazy, t } from "../../platform/i18n";
import { acceptsEventStream, liveChannel, openLiveStream } from "../../platform/live";
import { streamCredential } from "../../platform/live/ends";
import { PUBLIC } from "../../platform/permissions";
import type { AuditRequest, CentreContext, KioskPrincipal, Principal } from "../../platform/principal";
import { activeKiosk, pairKioskDevice } from "../../platform/session/kiosk-devices";
import { signKioskToken } from "../../platform/session/tokens";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import { SignInError, StudentPinLockedError } from "../auth";
import type { BoardData } from "../gamification";
import { boardData, type Period, xpSummary } from "../gamification";
import { RevokedBadgeError } from "./badges";
import { expectedNow, studentTile, todaysBoard } from "./board";
import { endKioskHomework } from "./homework-session";
import {
  BadgeError,
  checkInArrival,
  type Identified,
  identifyByBadge,
  identifyByPicture,
  identifyByPin,
  type KioskAt,
  touchKiosk,
} from "./service";
import {
  currentKioskStudent,
  endKioskStudent,
  KIOSK_STUDENT_SECONDS,
  kioskStudentSecondsLeft,
  startKioskStudent,
} from "./student-session";

/** The student a picture sign-in was for, to show their number pad again with the refusal. */
async function pickedStudent(kiosk: KioskPrincipal, body: unknown) {
  const id = (body as { mode?: unknown; studentId?: unknown })?.studentId;
  if ((body as { mode?: unknown })?.mode !== "picture" || typeof id !== "string") return null;
  return z.uuid().safeParse(id).success ? studentTile(kiosk.centreId, id) : null;
}

const pairForm = z.object({
  code: z
    .string()
    .max(40)
    .transform((code) => code.replace(/[\s-]/g, "").toUpperCase())
    .pipe(z.string().regex(/^[A-Z0-9]{8}$/, { error: lazy("kiosk.error.pairingFormat", { length: 8 }) })),
});

const signInForm = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("pin"),
    studentCode: z
      .string()
      .trim()
      .min(1, { error: lazy("kiosk.error.codeRequired") })
      .max(20, { error: lazy("kiosk.error.codeTooLong") }),
    pin: z.string().regex(/^\d{4,8}$/, { error: lazy("kiosk.error.pinFormat", { min: 4, max: 8 }) }),
  }),
  z.object({
    mode: z.literal("picture"),
    studentId: z.uuid({ error: lazy("kiosk.studentNotFound") }),
    pin: z.string().regex(/^\d{4,8}$/, { error: lazy("kiosk.error.pinFormat", { min: 4, max: 8 }) }),
  }),
  z.object({
    mode: z.literal("badge"),
    badge: z
      .string()
      .trim()
      .min(1, { error: lazy("kiosk.error.badgeRequired") })
      .max(200),
  }),
]);

const studentParams = z.object({ id: z.uuid({ error: lazy("kiosk.studentNotFound") }) });

const YEAR_SECONDS = 365 * 24 * 3600;
const CONSENT_MESSAGE_SECONDS = 15;

type KioskPageOptions = Omit<KioskLayoutProps, "children" | "csrfToken"> & { status?: number };

/** A kiosk page: the whole kiosk document, or only the view for an htmx request. */
function kioskPage(request: Request, csrfToken: string, view: SafeHtml, options: KioskPageOptions): Response {
  const { status, ...layout } = options;
  if (isFragmentRequest(request)) return htmlResponse(request, view, { status });
  const document = KioskLayout({ ...layout, csrfToken, children: view });
  return htmlResponse(request, `<!doctype html>${document.html}`, { status });
}

export function kioskOf(principal: Principal): KioskPrincipal {
  if (principal.kind !== "kiosk") throw new ForbiddenError(t("kiosk.forKiosksOnly"));
  return principal;
}

/** The kiosk asking, with the centre the guard resolved for it. */
function kioskAt(principal: Principal, centre: CentreContext | null): KioskAt {
  const kiosk = kioskOf(principal);
  if (!centre) throw new NotFoundError(t("kiosk.centreGone"));
  return { kiosk, centre };
}

const PERIODS: Period[] = ["week", "all"];

/** The student's level, XP and streak, when the centre runs points and badges. */
async function xpGlance(centre: CentreContext | null, studentId: string): Promise<XpGlance | null> {
  if (!centre?.features.gamification) return null;
  const summary = await xpSummary(centre.id, studentId);
  return summary && { level: summary.level.level, totalXp: summary.totalXp, streak: summary.streak };
}

/** The centre's leaderboards, when it runs points and badges. */
async function leaderboardsOf(centre: CentreContext): Promise<BoardData[]> {
  if (!centre.features.gamification) return [];
  return Promise.all(PERIODS.map((period) => boardData(centre.id, null, period)));
}

/** A staff screen showing the board follows the same channels as a kiosk, as topics of its own stream. */
function staffBoardStream(centreId: string, withLeaderboards: boolean): string {
  const topics = [`arrivals:${centreId}`, ...(withLeaderboards ? [`leaderboard:${centreId}`] : [])];
  return `/events/live?${topics.map((topic) => `topic=${encodeURIComponent(topic)}`).join("&")}`;
}

/** What a failed identification tells the student; anything else is not the student's doing. */
function refusalOf(error: unknown): { message: string; status: number } | null {
  if (
    error instanceof SignInError ||
    error instanceof BadgeError ||
    error instanceof RevokedBadgeError ||
    error instanceof StudentPinLockedError ||
    error instanceof TooManyRequestsError ||
    error instanceof NotFoundError
  )
    return { message: error.message, status: error.status };
  if (error instanceof ValidationError) return { message: Object.values(error.fieldErrors).join(". "), status: 422 };
  return null;
}

/** Who is at the kiosk, and how they said so (attendance records a badge scan as "qr"). */
async function identify(
  at: KioskAt,
  body: unknown,
  audit: AuditRequest,
): Promise<{ identified: Identified; method: "kiosk" | "qr" }> {
  const form = parseInput(signInForm, body);
  if (form.mode === "badge") return { identified: await identifyByBadge(at, form.badge), method: "qr" };
  if (form.mode === "picture") {
    const input = { studentId: form.studentId, pin: form.pin };
    return { identified: await identifyByPicture(at, input, audit), method: "kiosk" };
  }
  const input = { studentCode: form.studentCode, pin: form.pin };
  return { identified: await identifyByPin(at, input, audit), method: "kiosk" };
}

export const kioskDeviceRoutes = new Elysia({ name: "kiosk-device-routes" })
  .use(guard)
  .get(
    "/kiosk/pair",
    async ({ request, principal, csrfToken }) => {
      if (principal.kind === "kiosk") return redirectTo(request, "/kiosk");
      return kioskPage(request, csrfToken, <PairView csrfToken={csrfToken} />, { title: t("kiosk.pair.title") });
    },
    { permission: PUBLIC },
  )
  .post(
    "/kiosk/pair",
    async ({ request, body, cookie, csrfToken }) => {
      const parsed = pairForm.safeParse(body ?? {});
      const kioskId = parsed.success ? await pairKioskDevice(parsed.data.code) : null;
      if (!kioskId) {
        const error = parsed.success
          ? t("kiosk.error.pairingWrong", { minutes: 10 })
          : (parsed.error.issues[0]?.message ?? t("kiosk.error.pairingRequired"));
        const typed = typeof (body as { code?: unknown })?.code === "string" ? (body as { code: string }).code : "";
        return kioskPage(
          request,
          csrfToken,
          <PairView csrfToken={csrfToken} error={error} code={typed.slice(0, 20)} />,
          {
            title: t("kiosk.pair.title"),
            status: parsed.success ? 401 : 422,
          },
        );
      }
      cookie[KIOSK_COOKIE]?.set({ value: await signKioskToken(kioskId), ...cookieOptions, maxAge: YEAR_SECONDS });
      return redirectTo(request, "/kiosk");
    },
    { permission: PUBLIC },
  )
  .get(
    "/kiosk",
    async ({ request, principal, centre, csrfToken }) => {
      const kiosk = kioskOf(principal);
      await touchKiosk(kiosk.kioskId);
      const student = await currentKioskStudent(kiosk.kioskId);
      if (!student) {
        const tiles = await expectedNow(kiosk.centreId);
        return kioskPage(request, csrfToken, <IdleView csrfToken={csrfToken} kioskName={kiosk.name} tiles={tiles} />, {
          title: t("kiosk.checkIn"),
          scanner: true,
        });
      }
      const [secondsLeft, xp] = await Promise.all([
        kioskStudentSecondsLeft(kiosk.kioskId),
        xpGlance(centre, student.studentId),
      ]);
      return kioskPage(request, csrfToken, <WelcomeView student={student} xp={xp} csrfToken={csrfToken} />, {
        title: t("kiosk.hello", { name: student.name }),
        returnAfterSeconds: secondsLeft + 1,
      });
    },
    { permission: "kiosk.screen" },
  )
  .post(
    "/kiosk/sign-in",
    async ({ request, body, principal, centre, audit, csrfToken }) => {
      const at = kioskAt(principal, centre);
      const { kiosk } = at;
      let who: Awaited<ReturnType<typeof identify>>;
      try {
        who = await identify(at, body, audit);
      } catch (error) {
        const refusal = refusalOf(error);
        if (!refusal) throw error;
        const picked = await pickedStudent(kiosk, body);
        if (picked) {
          const view = <PinPadView csrfToken={csrfToken} tile={picked} error={refusal.message} />;
          return kioskPage(request, csrfToken, view, { title: t("kiosk.checkIn"), status: refusal.status });
        }
        const code = (body as { studentCode?: unknown })?.studentCode;
        const view = (
          <IdleView
            csrfToken={csrfToken}
            kioskName={kiosk.name}
            tiles={await expectedNow(kiosk.centreId)}
            error={refusal.message}
            studentCode={typeof code === "string" ? code.slice(0, 20) : ""}
          />
        );
        return kioskPage(request, csrfToken, view, {
          title: t("kiosk.checkIn"),
          status: refusal.status,
          scanner: true,
        });
      }
      const { identified, method } = who;
      if (identified.kind === "waiting_for_consent") {
        return kioskPage(request, csrfToken, <WaitingForConsentView name={identified.name} />, {
          title: t("kiosk.consent.title"),
          status: 403,
          returnAfterSeconds: CONSENT_MESSAGE_SECONDS,
        });
      }
      const arrival = await checkInArrival(at, identified.student, method, audit);
      // The next child never inherits the previous one's homework.
      await endKioskHomework(kiosk.kioskId);
      await startKioskStudent(kiosk.kioskId, arrival);
      return redirectTo(request, "/kiosk");
    },
    { permission: "kiosk.student_sign_in" },
  )
  .post(
    "/kiosk/sign-out",
    async ({ request, principal }) => {
      await endKioskStudent(kioskOf(principal).kioskId);
      return redirectTo(request, "/kiosk");
    },
    { permission: "kiosk.screen" },
  )
  .get(
    "/kiosk/pin/:id",
    async ({ request, params, principal, csrfToken }) => {
      const kiosk = kioskOf(principal);
      const { id } = parseInput(studentParams, params);
      const tile = await studentTile(kiosk.centreId, id);
      if (!tile) throw new NotFoundError(t("kiosk.studentNotFound"));
      return kioskPage(request, csrfToken, <PinPadView csrfToken={csrfToken} tile={tile} />, {
        title: t("kiosk.pad.title", { name: tile.firstName }),
        returnAfterSeconds: KIOSK_STUDENT_SECONDS,
      });
    },
    { permission: "kiosk.screen" },
  )
  .get(
    "/kiosk/leaderboard",
    async ({ request, principal, actor, centre, csrfToken }) => {
      // A kiosk shows its own centre's board; a person, the centre they act in.
      const here = principal.kind === "kiosk" ? kioskAt(principal, centre).centre : actor.centre;
      const centreId = here.id;
      const [sessions, boards] = await Promise.all([todaysBoard(here), leaderboardsOf(here)]);
      const view = <BoardView centreName={here.name} boards={boards} sessions={sessions} />;
      return kioskPage(request, csrfToken, view, {
        title: t("kiosk.board.title"),
        liveUrl: principal.kind === "kiosk" ? "/events/kiosk" : staffBoardStream(centreId, boards.length > 0),
      });
    },
    { permission: "arrivals.read" },
  )
  .get(
    "/events/kiosk",
    async ({ request, principal, server }) => {
      if (!acceptsEventStream(request)) throw new AppError(406, t("kiosk.notAcceptable"));
      const kiosk = kioskOf(principal);
      return openLiveStream({
        request,
        server,
        subject: `kiosk:${kiosk.kioskId}`,
        credential: streamCredential.kiosk(kiosk.kioskId),
        // A kiosk's credential is its enrolment, asked of the database at every heartbeat.
        aliveKey: null,
        endsAt: null,
        stillValid: async () => (await activeKiosk(kiosk.kioskId)) !== null,
        channels: [
          liveChannel.arrivals(kiosk.centreId),
          liveChannel.leaderboard(kiosk.centreId),
          liveChannel.kiosk(kiosk.kioskId),
        ],
        afterId: null,
        initial: async () => [],
      });
    },
    { permission: "kiosk.screen" },
  );
