import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createApp } from "../../src/app";
import { signUnsubscribe } from "../../src/modules/notifications/unsubscribe-token";
import { stashImport } from "../../src/modules/people/import-service";
import { announceCentreChange } from "../../src/platform/centre-context";
import { db } from "../../src/platform/db";
import { ROLES } from "../../src/platform/db/schema";
import { directionOf, LOCALES, type Locale, withLocalisation } from "../../src/platform/i18n";
import { PUBLIC, SIGNED_URL } from "../../src/platform/permissions";
import { mailTemplates } from "../../src/registry";
import { renderMail } from "../../views/emails/mail";
import { pagePathWithRealIds, type RealRows, realRows } from "../security/real-rows";
import { allowedFor, routesOf, send } from "../security/walk";
import {
  actorFor,
  anonymousCredentials,
  type Credentials,
  createPlatformAdmin,
  kioskCredentials,
  type PasswordPerson,
  signedInAs,
} from "../support/fixtures";
import { type Finding, findingsIn, readableText } from "./page-text";

/**
 * Acceptance 1 of issue 12: every page and fragment each role can reach, in every shipped locale,
 * rendered in a centre in that locale (signed-out pages by Accept-Language). A page fails on a
 * raw message key, an ICU placeholder left unformatted, `lang`/`dir` that do not match the locale,
 * and, in es and ar, English UI text from a list of samples. The centre's own data (names,
 * courses, homework) is written in Greek, so only the app's own words can trip the English check.
 */

const app = createApp();
type Who = (typeof ROLES)[number] | "kiosk" | "anonymous";
const EVERYONE: Who[] = [...ROLES, "kiosk", "anonymous"];
/** Non-English centres: every sample English string is a finding there. */
const TRANSLATED: Locale[] = ["es", "ar"];
const TIME_ZONES: Record<Locale, string> = {
  "en-GB": "Europe/London",
  "en-US": "America/New_York",
  "en-AU": "Australia/Sydney",
  es: "Europe/Madrid",
  ar: "Asia/Dubai",
};

/**
 * Sample parameters for every email template the app sends (src/registry.ts moduleMailTemplates),
 * by template name. Each is composed and laid out in every locale and its subject and both parts
 * are checked like a page; a template missing here fails the test, so none goes unchecked.
 * Samples are in Greek where they stand for the centre's own data.
 */
const STUDENT_NOTE = { student: "Νίκος Παπαδόπουλος", title: "Κλάσματα" };
const EMAIL_SAMPLES: Record<string, unknown> = {
  "people.invitation": {
    link: "https://learn.example.org/invite/sample-token",
    expiresAt: "2026-12-08T09:00:00.000Z",
    role: "parent",
  },
  "people.password_reset": {
    link: "https://learn.example.org/reset/sample-token",
    expiresAt: "2026-12-01T09:30:00.000Z",
    requestedBy: "self",
  },
  "people.consent_request": { student: "Γιάννης Παπαδόπουλος", link: "https://learn.example.org/sign-in?next=%2Fhome" },
  "notifications.homework-marked": {
    kind: "child_homework_marked_score",
    params: { ...STUDENT_NOTE, score: 7.5, maxScore: 10 },
    link: "/children/x/progress",
  },
  "notifications.redo-requested": {
    kind: "child_homework_returned",
    params: STUDENT_NOTE,
    link: "/children/x/progress",
  },
  "notifications.absence": {
    kind: "child_absent",
    params: { student: STUDENT_NOTE.student, className: "Μαθηματικά", date: "2026-12-01" },
    link: "/children/x/progress",
  },
  "notifications.homework-overdue": {
    kind: "child_homework_overdue",
    params: { ...STUDENT_NOTE, date: "2026-11-30" },
    link: "/children/x/progress",
  },
  "notifications.badge-earned": {
    kind: "child_badge_earned",
    params: { student: STUDENT_NOTE.student, badge: "perfect_score" },
    link: "/children/x/progress",
  },
  "notifications.digest": {
    date: "2026-12-01",
    items: [
      { kind: "child_homework_marked", params: STUDENT_NOTE, link: "/children/x/progress" },
      { kind: "child_absent", params: { student: STUDENT_NOTE.student, className: "Μαθηματικά", date: "2026-12-01" } },
      { kind: "child_badge_earned", params: { student: STUDENT_NOTE.student, badge: "first_homework" } },
    ],
  },
  "announcements.posted": {
    announcementId: "00000000-0000-4000-8000-000000000000",
    title: "Κλειστά την Παρασκευή",
    body: "Το κέντρο είναι κλειστό.\n\nΤα μαθήματα συνεχίζονται τη Δευτέρα.",
    author: "Νίκος Διαχειριστής",
  },
  "messages.message-received": {
    from: "Ελένη Παπαδοπούλου",
    student: "Νίκος Παπαδόπουλος",
    threadId: "9b2f7c1e-4d4a-4c57-9a57-1f0d2b7e8c11",
  },
  "reports.term-report-released": {
    studentId: "9b2f7c1e-4d4a-4c57-9a57-1f0d2b7e8c12",
    student: "Νίκος Παπαδόπουλος",
    period: "Φθινόπωρο",
    course: "Μαθηματικά",
  },
};

/** Routes that answer with something other than a page: checked by their content type, and these never end. */
const STREAMS = /\/(events|stream|sse)(\/|$)/;

const GET_ROUTES = routesOf(app).filter((route) => route.method === "GET" && !STREAMS.test(route.path));

/** Greek data: names and content a Spanish or Arabic centre might hold, that match no English sample. */
async function writeDataInGreek(rows: RealRows, platformAdmin: PasswordPerson): Promise<void> {
  const centreId = rows.centre.id;
  const people = await db.selectFrom("users").select("id").where("centre_id", "=", centreId).execute();
  for (const [index, person] of people.entries())
    await db
      .updateTable("users")
      .set({ name: `Ελένη Παπαδοπούλου ${index + 1}` })
      .where("id", "=", person.id)
      .execute();
  await db.updateTable("users").set({ name: "Νίκος Διαχειριστής" }).where("id", "=", platformAdmin.id).execute();
  await db.updateTable("centres").set({ name: "Κέντρο Αθήνας" }).where("id", "=", centreId).execute();
  await announceCentreChange(centreId);
  await db
    .updateTable("courses")
    .set({ title: "Μαθηματικά", summary: "Κλάσματα" })
    .where("centre_id", "=", centreId)
    .execute();
  await db.updateTable("lessons").set({ title: "Κλάσματα" }).where("centre_id", "=", centreId).execute();
  await db
    .updateTable("materials")
    .set({ title: "Τι είναι κλάσμα", body_markdown: "Ένα **κλάσμα** είναι μέρος ενός όλου." })
    .where("centre_id", "=", centreId)
    .execute();
  await db
    .updateTable("exercises")
    .set({ prompt: "Πόσο κάνει 1/2 + 1/4;" })
    .where("centre_id", "=", centreId)
    .execute();
  await db
    .updateTable("exercises")
    .set({ config: { accepted: ["παρονομαστής"] } })
    .where("centre_id", "=", centreId)
    .where("kind", "=", "short_answer")
    .execute();
  await db
    .updateTable("classes")
    .set({ name: "Τμήμα Α", room: "Αίθουσα 1" })
    .where("centre_id", "=", centreId)
    .execute();
  await db.updateTable("class_sessions").set({ room: "Αίθουσα 1" }).where("centre_id", "=", centreId).execute();
  await db.updateTable("kiosk_devices").set({ name: "Είσοδος" }).where("centre_id", "=", centreId).execute();
  await db.updateTable("notifications").set({ text: "Νέα εργασία" }).where("centre_id", "=", centreId).execute();
  await db.updateTable("reporting_periods").set({ name: "Φθινόπωρο" }).where("centre_id", "=", centreId).execute();
  await db
    .updateTable("term_report_comments")
    .set({ comment: "Σταθερή δουλειά", next_steps: "Συνέχισε έτσι" })
    .where("centre_id", "=", centreId)
    .execute();
  await db
    .updateTable("announcements")
    .set({ title: "Κλειστά την Παρασκευή", body: "Το κέντρο είναι κλειστό.\n\nΤα μαθήματα συνεχίζονται τη Δευτέρα." })
    .where("centre_id", "=", centreId)
    .execute();
}

interface Walk {
  rows: RealRows;
  credentials: Map<Who, Credentials>;
}

const walks = new Map<Locale, Walk>();
let platformAdmin: PasswordPerson;

async function walkFor(locale: Locale): Promise<Walk> {
  const rows = await realRows(`i18n-${locale}`, {
    locale,
    timeZone: TIME_ZONES[locale],
    // Every feature on, so the pages behind them (XP, leaderboards, QR worksheets) are walked too.
    features: { gamification: true, video_sessions: true, qr_scanning: true },
    homeworkTitle: "Εργασία στα κλάσματα",
    // Kept as written (the audit log shows it, and messages are never edited): Greek from the start.
    thread: { subject: "Ερώτηση για την εργασία", body: "Μπορούμε να μιλήσουμε για τα κλάσματα;" },
  });
  await writeDataInGreek(rows, platformAdmin);
  // A student CSV staged by the centre admin, with a bad row, so its preview page is walked too.
  rows.ids.studentImport = await stashImport(
    await actorFor(rows.centre.people.centre_admin),
    "μαθητές.csv",
    "name,birth_date,class\nΕλένη Νέα,2015-01-01,Τμήμα Α\n,2015-02-31,Τμήμα Ω\n",
  );
  const credentials = new Map<Who, Credentials>();
  for (const who of EVERYONE) {
    if (who === "anonymous") credentials.set(who, anonymousCredentials());
    else if (who === "kiosk") credentials.set(who, await kioskCredentials(rows.kiosk));
    else if (who === "platform_admin")
      credentials.set(who, await signedInAs(platformAdmin, { actingIn: rows.centre.id }));
    else {
      const person = rows.centre.people[who];
      // Sessions carry the person's name as it was at sign-in: the Greek one.
      credentials.set(who, await signedInAs({ ...person, name: `Ελένη ${who}` }));
    }
  }
  return { rows, credentials };
}

beforeAll(async () => {
  platformAdmin = await createPlatformAdmin({ name: "Νίκος Διαχειριστής" });
  for (const locale of LOCALES) walks.set(locale, await walkFor(locale));
}, 120_000);

interface Visit {
  who: Who;
  path: string;
  /** Whether htmx asked for the fragment alone. */
  fragment: boolean;
  /**
   * Whether the page is answered inside the centre, in its language. Public pages, refusals and
   * unknown addresses are answered before (or without) reading the centre: in the browser's.
   */
  inCentre: boolean;
}

/** Every page each principal may open, as a full page and as an htmx fragment, plus the error pages. */
function visitsFor(walk: Walk): Visit[] {
  const visits: Visit[] = [];
  for (const route of GET_ROUTES) {
    const path = pagePathWithRealIds(route.path, walk.rows);
    for (const who of EVERYONE) {
      if (!allowedFor(route.permission as string, who)) continue;
      // Signed-in people see public pages (sign-in, landing) too; one signed-in look is enough.
      if (route.permission === PUBLIC && who !== "anonymous" && who !== "student") continue;
      const inCentre = route.permission !== PUBLIC && route.permission !== SIGNED_URL && who !== "anonymous";
      visits.push({ who, path, fragment: false, inCentre }, { who, path, fragment: true, inCentre });
    }
  }
  // Unsubscribe links are signed, so the route walk cannot open them: one signed for the parent, signed out.
  const unsubscribe = signUnsubscribe({
    centreId: walk.rows.centre.id,
    userId: walk.rows.ids.parent as string,
    kind: "homework_marked",
  });
  visits.push({ who: "anonymous", path: `/unsubscribe/${unsubscribe}`, fragment: false, inCentre: false });
  for (const who of ["anonymous", "student", "tutor"] as const) {
    visits.push({ who, path: "/no-such-page", fragment: false, inCentre: false });
    // A page this principal is refused: the 401/403 page.
    visits.push({ who, path: "/audit", fragment: false, inCentre: false });
  }
  return visits;
}

interface Problem {
  where: string;
  finding: Finding | { kind: "lang/dir" | "status"; text: string };
}

/** The scripts each page loads, per locale: a language must add no JavaScript (page weight). */
const scripts = new Map<Locale, Map<string, string>>();

function scriptsOf(locale: Locale): Map<string, string> {
  const known = scripts.get(locale) ?? new Map<string, string>();
  scripts.set(locale, known);
  return known;
}

/** How many visits ended in each status, per locale: a walk of 404s would prove little. */
const statuses = new Map<Locale, Map<number, number>>();

async function check(locale: Locale, walk: Walk, visit: Visit): Promise<Problem[]> {
  const credentials = walk.credentials.get(visit.who) as Credentials;
  const headers: Record<string, string> = {
    // Inside the centre its language wins over an English browser's; elsewhere the browser's decides.
    "accept-language": visit.inCentre ? "en-GB,en;q=0.9" : locale,
  };
  if (visit.fragment) headers["hx-request"] = "true";
  const response = await send(app, "GET", visit.path, credentials, { headers });
  const where = `${visit.path} (${visit.who}${visit.fragment ? ", fragment" : ""})`;
  const tally = statuses.get(locale) ?? new Map<number, number>();
  tally.set(response.status, (tally.get(response.status) ?? 0) + 1);
  statuses.set(locale, tally);
  if (response.status >= 500) return [{ where, finding: { kind: "status", text: String(response.status) } }];
  if (!(response.headers.get("content-type") ?? "").startsWith("text/html")) {
    await response.body?.cancel();
    return [];
  }
  const html = await response.text();
  const sources = [...html.matchAll(/<script\b[^>]*\ssrc="([^"]+)"/g)].map((match) => match[1]).join(" ");
  scriptsOf(locale).set(where, sources);
  const problems: Problem[] = findingsIn(readableText(html), TRANSLATED.includes(locale)).map((finding) => ({
    where,
    finding,
  }));
  const root = /<html\b[^>]*>/.exec(html)?.[0];
  if (root) {
    const want = `lang="${locale}" dir="${directionOf(locale)}"`;
    if (!root.includes(want)) problems.push({ where, finding: { kind: "lang/dir", text: `${root} is not ${want}` } });
  } else if (!visit.fragment && response.status === 200 && html.length > 0) {
    problems.push({ where, finding: { kind: "lang/dir", text: "a full page without <html>" } });
  }
  return problems;
}

/** Runs the checks a few at a time: the app is in-process and the database is shared. */
async function checkAll(locale: Locale, walk: Walk, visits: Visit[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  let next = 0;
  const worker = async () => {
    while (next < visits.length) {
      const visit = visits[next++] as Visit;
      problems.push(...(await check(locale, walk, visit)));
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return problems;
}

const summary: string[] = [];

afterAll(() => {
  if (summary.length > 0) console.log(`\nLocalisation walk:\n${summary.join("\n")}`);
});

/** One line per problem, each distinct text once per page shape, so a report stays readable. */
function lines(problems: Problem[]): string[] {
  const seen = new Set<string>();
  for (const { where, finding } of problems) seen.add(`${where}: ${finding.kind}: ${finding.text}`);
  return [...seen].sort();
}

describe.each(LOCALES)("%s", (locale) => {
  test("every page and fragment each role reaches is in the language, with no keys or placeholders left", async () => {
    const walk = walks.get(locale) as Walk;
    const visits = visitsFor(walk);
    expect(visits.length).toBeGreaterThan(100);
    const started = performance.now();
    const problems = await checkAll(locale, walk, visits);
    const areas = new Map<string, number>();
    for (const { where } of problems) {
      const area = where.split(/[/ ]/)[1] || "(root)";
      areas.set(area, (areas.get(area) ?? 0) + 1);
    }
    summary.push(
      `  ${locale}: ${visits.length} pages in ${Math.round(performance.now() - started)} ms ` +
        `(statuses ${[...(statuses.get(locale) ?? [])].map(([status, n]) => `${status}x${n}`).join(" ")}), ` +
        `${problems.length} problems` +
        (areas.size ? ` (by first path segment: ${[...areas].map(([area, n]) => `${area} ${n}`).join(", ")})` : ""),
    );
    expect(lines(problems)).toEqual([]);
  }, 90_000);
});

describe("page weight", () => {
  test("no locale loads a script that en-GB does not, on any page", () => {
    const english = scriptsOf("en-GB");
    expect(english.size).toBeGreaterThan(100);
    for (const locale of LOCALES) {
      const extra = [...scriptsOf(locale)].filter(([where, sources]) => sources !== (english.get(where) ?? sources));
      expect({ locale, extra }).toEqual({ locale, extra: [] });
    }
  });
});

describe("email templates", () => {
  const templates = mailTemplates();

  test("every email template has sample parameters here", () => {
    expect(Object.keys(EMAIL_SAMPLES).sort()).toEqual(templates.names().sort());
  });

  test.each(LOCALES)("every email template composes and lays out in %s", (locale) => {
    const problems: string[] = [];
    const recipient = { userId: crypto.randomUUID(), name: "Ελένη Παπαδοπούλου", centreName: "Κέντρο Μάθησης" };
    const frame = { centreName: recipient.centreName, unsubscribeUrl: "https://learn.example.org/unsubscribe/sample" };
    for (const name of templates.names()) {
      const mail = withLocalisation({ locale, timeZone: TIME_ZONES[locale] }, () => {
        const content = templates.compose(name, EMAIL_SAMPLES[name], recipient);
        if (!content) throw new Error(`no template ${name}`);
        return { subject: content.subject, ...renderMail(content, frame) };
      });
      if (!mail.html.includes(`lang="${locale}" dir="${directionOf(locale)}"`)) problems.push(`${name}: lang/dir`);
      const texts = [mail.subject, ...readableText(mail.html), ...mail.text.split("\n").filter(Boolean)];
      for (const finding of findingsIn(texts, TRANSLATED.includes(locale)))
        problems.push(`${name}: ${finding.kind}: ${finding.text}`);
    }
    expect(problems).toEqual([]);
  });
});
