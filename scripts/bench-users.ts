/**
 * The concurrent-users scenario (issue 17): N simulated people on ONE web process and ONE worker,
 * each holding an open live stream and acting with think time. Started by scripts/bench/pages-users.sh
 * (inside scripts/bench.sh, which sets up the database and Redis); see docs/scaling.md.
 *   BENCH_USERS (default 10000)  BENCH_USERS_CENTRES (default 5)  BENCH_USERS_SECONDS (default 120)
 *   BENCH_USERS_RAMP (default 60: seconds over which people start acting, before the measured part)
 *   BENCH_USERS_PORT  BENCH_USERS_NOFILE (the shell's `ulimit -n`)  BENCH_PG_DIR  BENCH_REDIS_DIR
 *   BENCH_USERS_LOG_LEVEL (error) BENCH_USERS_LOG_DIR (web.log and worker.log there)
 *   BENCH_MAIL_DIR (the SMTP sink pages-users.sh starts, SMTP_URL pointing at it: counted apart)
 *   BENCH_WEB_ARGS, BENCH_WORKER_ARGS (bun flags for the web process / the worker, e.g. `--cpu-prof --cpu-prof-md --cpu-prof-dir=/tmp/p`)
 *   BENCH_WORKER_NICE (the worker's nice value; by default its systemd unit's `Nice=`)
 *
 * Population: per class of 20 students, one tutor and one parent per student (41 people), so
 * N = 10,000 is 244 classes over 5 centres: 4,880 students, 4,880 parents, 244 tutors. Each
 * acts after an exponentially distributed pause (THINK below): students view their pages, save
 * answers and hand in; tutors view their pages, mark and check students in on the register;
 * parents view their pages. One process drives everything: raw sockets for the streams, fetch
 * for the actions, one timer per person.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Socket, type Subprocess, spawn } from "bun";
import { sql } from "kysely";
import { emailLookup, sealEmail } from "../src/modules/people";
import { db } from "../src/platform/db";
import { SESSION_COOKIE } from "../src/platform/http/authenticate";
import { csrfTokenFor } from "../src/platform/http/csrf";
import type { Principal } from "../src/platform/principal";
import { redis } from "../src/platform/redis";
import { createSession } from "../src/platform/session/store";
import { signSessionToken } from "../src/platform/session/tokens";
import { seedScenarioCentre } from "./bench/harness";
import { childrenOf, statFields } from "./bench/proc";

const ROOT = join(import.meta.dir, "..");
const CLASS_SIZE = 20;
const PEOPLE_PER_CLASS = CLASS_SIZE * 2 + 1;
const CONNECT_BATCH = 250;
const EVENT_GRACE_MS = 20_000;
/** The live stream's `retry:` (src/platform/live/stream.ts). */
const RECONNECT_MS = 3_000;
/** Mean pause between one person's actions, in seconds. */
const THINK = { student: 40, tutor: 30, parent: 120 } as const;

const wantedUsers = Number(process.env.BENCH_USERS ?? 10_000);
const centreCount = Math.max(1, Number(process.env.BENCH_USERS_CENTRES ?? 5));
const seconds = Number(process.env.BENCH_USERS_SECONDS ?? 120);
const ramp = Number(process.env.BENCH_USERS_RAMP ?? 60);
const port = Number(process.env.BENCH_USERS_PORT ?? 3992);
const nofile = Number(process.env.BENCH_USERS_NOFILE ?? 4096);
const origin = `http://127.0.0.1:${port}`;

if (!Number.isInteger(wantedUsers) || wantedUsers < PEOPLE_PER_CLASS || wantedUsers > 100_000) {
  console.error(`--users must be a whole number from ${PEOPLE_PER_CLASS} to 100000`);
  process.exit(2);
}
if (!Number.isInteger(ramp) || ramp < 0 || ramp > 3_600) {
  console.error("--ramp must be a whole number of seconds from 0 to 3600");
  process.exit(2);
}
if (wantedUsers + 1_000 > nofile) {
  console.error(
    `bench-users: ${wantedUsers} streams need an open-file limit above ${wantedUsers + 1_000} (it is ${nofile})`,
  );
  process.exit(2);
}

type Role = "student" | "tutor" | "parent";

/** An event a person's stream should show: a key to look for, since when, and (for marks) the submission. */
interface Wait {
  key: string;
  sentAt: number;
  done: boolean;
  kind: string;
  cause?: string;
}

interface Person {
  id: string;
  role: Role;
  cookie: string;
  csrf: string;
  socket: Socket<undefined> | null;
  connected: boolean;
  head: string;
  /** Events this person's stream should still show: a key to look for and when its cause was sent. */
  pending: Wait[];
  tail: string;
  // Students: their open homework (id → submission id) and their class's tutor.
  open: Map<string, string>;
  tutor: Person | null;
  // Tutors: work waiting for a mark, today's sessions of their classes and who is in them.
  queue: { submissionId: string; homeworkId: string; student: Person }[];
  registers: { sessionId: string; students: string[] }[];
}

// ---------------------------------------------------------------- measuring

const latencies = new Map<string, number[]>();
const errors = new Map<string, number>();
const deliveries = new Map<string, number[]>();
let inFlight = 0;
let actions = 0;
let completedActions = 0;
/**
 * When the actions began (performance.now()), when the measured part began (after the ramp-up),
 * and every action's latency by the slice of the run it started in, the ramp-up's included.
 */
let runStartedAt = 0;
let measuredFrom = 0;
const SLICE_MS = 30_000;
const slices = new Map<string, number[]>();

function record(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function fail(kind: string): void {
  errors.set(kind, (errors.get(kind) ?? 0) + 1);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

interface Sample {
  ticks: number;
  /** Nanoseconds spent runnable but waiting for a core (/proc/<pid>/schedstat): a busy machine's share. */
  waitNs: number;
  kb: number;
  peakKb: number;
}

/** user+system ticks of a process, its wait for a core, and its memory (PSS: shared pages split). */
function processSample(pid: number): Sample {
  try {
    const waitNs = Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[1] ?? 0);
    const fields = statFields(pid);
    const ticks = Number(fields[11]) + Number(fields[12]);
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    const kb = Number(/Pss:\s+(\d+)/.exec(rollup)?.[1] ?? 0);
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { ticks, waitNs, kb, peakKb };
  } catch {
    return { ticks: 0, waitNs: 0, kb: 0, peakKb: 0 };
  }
}

function pidFrom(file: string): number | null {
  try {
    return Number(readFileSync(file, "utf8").split("\n")[0]) || null;
  } catch {
    return null;
  }
}

/** The processes whose CPU and memory the report shows; postgres is its postmaster and every backend. */
function processGroups(web: Subprocess, worker: Subprocess): Map<string, () => number[]> {
  const groups = new Map<string, () => number[]>([
    ["web", () => [web.pid]],
    ["worker", () => [worker.pid]],
  ]);
  const postmaster = process.env.BENCH_PG_DIR ? pidFrom(join(process.env.BENCH_PG_DIR, "postmaster.pid")) : null;
  if (postmaster) groups.set("postgres", () => [postmaster, ...childrenOf(postmaster)]);
  const redisPid = process.env.BENCH_REDIS_DIR ? pidFrom(join(process.env.BENCH_REDIS_DIR, "redis.pid")) : null;
  if (redisPid) groups.set("redis", () => [redisPid]);
  // The mailbox the worker sends to stands for a mail provider: shown, not one of ours.
  const sinkPid = process.env.BENCH_MAIL_DIR ? pidFrom(join(process.env.BENCH_MAIL_DIR, "smtp-sink.pid")) : null;
  if (sinkPid) groups.set("mail sink (SMTP)", () => [sinkPid]);
  groups.set("load generator", () => [process.pid]);
  return groups;
}

/** The processes that serve people (the load generator and the SMTP sink stand for what is not ours). */
const OUR_PROCESSES = ["web", "worker", "postgres", "redis"];

/** CPU ms each of our processes spent between two samples, per action completed in between. */
function cpuMsPerAction(from: Map<string, Sample>, to: Map<string, Sample>, completed: number, digits: number): string {
  return OUR_PROCESSES.filter((name) => to.has(name))
    .map((name) => {
      const end = to.get(name) as Sample;
      const ms = (end.ticks - (from.get(name) ?? end).ticks) * 10;
      return `${name} ${(ms / Math.max(1, completed)).toFixed(digits)}`;
    })
    .join(", ");
}

function sampleGroups(groups: Map<string, () => number[]>): Map<string, Sample> {
  const samples = new Map<string, Sample>();
  for (const [name, pids] of groups) {
    const total = { ticks: 0, waitNs: 0, kb: 0, peakKb: 0 };
    for (const pid of pids()) {
      const sample = processSample(pid);
      total.ticks += sample.ticks;
      total.waitNs += sample.waitNs;
      total.kb += sample.kb;
      total.peakKb += sample.peakKb;
    }
    samples.set(name, total);
  }
  return samples;
}

// ---------------------------------------------------------------- the population

async function seed(): Promise<string[]> {
  const classes = Math.max(centreCount, Math.round(wantedUsers / PEOPLE_PER_CLASS));
  const slugs: string[] = [];
  for (let centre = 0; centre < centreCount; centre++) {
    const own = Math.floor(classes / centreCount) + (centre < classes % centreCount ? 1 : 0);
    const slug = `users-${wantedUsers}-${centre + 1}-${crypto.randomUUID().slice(0, 6)}`;
    await seedScenarioCentre(slug, own * CLASS_SIZE);
    slugs.push(slug);
  }
  return slugs;
}

/**
 * The seed gives parents a placeholder email index and no address; a parent who chose to hear of
 * marks by email needs one the worker can open, or every email is skipped as "no address". Each
 * gets a sealed address of the seeded centre, in one statement per thousand.
 */
async function giveParentsAddresses(slugs: string[]): Promise<void> {
  const parents = await db
    .selectFrom("users")
    .innerJoin("centres", "centres.id", "users.centre_id")
    .select(["users.id", "centres.slug"])
    .where("centres.slug", "in", slugs)
    .where("users.role", "=", "parent")
    .execute();
  for (let n = 0; n < parents.length; n += 1000) {
    const batch = parents.slice(n, n + 1000).map((parent) => {
      const address = `parent-${parent.id.slice(0, 8)}@${parent.slug}.test`;
      return { id: parent.id, sealed: sealEmail(parent.id, address), lookup: emailLookup(address) };
    });
    await sql`
      update users set email_encrypted = given.sealed, email_lookup = given.lookup
      from (select unnest(${batch.map((row) => row.id)}::uuid[]) as id,
                   unnest(${batch.map((row) => row.sealed)}::text[]) as sealed,
                   unnest(${batch.map((row) => row.lookup)}::text[]) as lookup) as given
      where users.id = given.id`.execute(db);
  }
}

function newPerson(id: string, role: Role): Person {
  return {
    id,
    role,
    cookie: "",
    csrf: "",
    socket: null,
    connected: false,
    head: "",
    pending: [],
    tail: "",
    open: new Map(),
    tutor: null,
    queue: [],
    registers: [],
  };
}

/** Everyone of the seeded centres, with what they will act on, read in a few set queries. */
async function loadPeople(slugs: string[]): Promise<{ people: Map<string, Person>; exercises: Map<string, string[]> }> {
  const centres = await db.selectFrom("centres").select("id").where("slug", "in", slugs).execute();
  const centreIds = centres.map((centre) => centre.id);
  const users = await db
    .selectFrom("users")
    .select(["id", "role"])
    .where("centre_id", "in", centreIds)
    .where("role", "in", ["student", "tutor", "parent"])
    .execute();
  const people = new Map(users.map((user) => [user.id, newPerson(user.id, user.role as Role)]));
  const at = (id: string) => people.get(id) as Person;

  const members = await sql<{ student_id: string; tutor_id: string; class_id: string }>`
    select m.student_id, c.tutor_id, c.id as class_id from class_members m join classes c on c.id = m.class_id
    where c.centre_id in (${sql.join(centreIds)})`.execute(db);
  const classStudents = new Map<string, string[]>();
  for (const row of members.rows) {
    at(row.student_id).tutor = at(row.tutor_id);
    classStudents.set(row.class_id, [...(classStudents.get(row.class_id) ?? []), row.student_id]);
  }
  const open = await sql<{ id: string; homework_id: string; student_id: string }>`
    select s.id, s.homework_id, s.student_id from submissions s join homework h on h.id = s.homework_id
    where s.centre_id in (${sql.join(centreIds)}) and h.due_at > now() and s.status in ('not_started', 'in_progress')`.execute(
    db,
  );
  for (const row of open.rows) at(row.student_id).open.set(row.homework_id, row.id);
  const waiting = await sql<{ id: string; homework_id: string; student_id: string; tutor_id: string }>`
    select s.id, s.homework_id, s.student_id, h.set_by as tutor_id from submissions s join homework h on h.id = s.homework_id
    where s.centre_id in (${sql.join(centreIds)}) and s.status = 'submitted'`.execute(db);
  for (const row of waiting.rows) {
    at(row.tutor_id).queue.push({ submissionId: row.id, homeworkId: row.homework_id, student: at(row.student_id) });
  }
  const today = await sql<{ id: string; class_id: string; tutor_id: string }>`
    select s.id, s.class_id, c.tutor_id from class_sessions s join classes c on c.id = s.class_id
    where s.centre_id in (${sql.join(centreIds)}) and s.starts_at > now() - interval '2 hours'`.execute(db);
  for (const row of today.rows) {
    at(row.tutor_id).registers.push({ sessionId: row.id, students: classStudents.get(row.class_id) ?? [] });
  }
  const exerciseRows = await db
    .selectFrom("exercises")
    .select(["id", "centre_id"])
    .where("centre_id", "in", centreIds)
    .orderBy("position")
    .execute();
  const byCentre = new Map<string, string[]>();
  for (const row of exerciseRows) byCentre.set(row.centre_id, [...(byCentre.get(row.centre_id) ?? []), row.id]);
  const homework = await db
    .selectFrom("homework")
    .select(["id", "centre_id"])
    .where("centre_id", "in", centreIds)
    .execute();
  const exercises = new Map(homework.map((row) => [row.id, byCentre.get(row.centre_id) ?? []]));
  return { people, exercises };
}

/** A session per person, made directly in Redis as a sign-in would (N sign-ins would measure bcrypt). */
async function signIn(people: Person[], centreOf: Map<string, string>): Promise<void> {
  for (let n = 0; n < people.length; n += 500) {
    await Promise.all(
      people.slice(n, n + 500).map(async (person) => {
        const session = await createSession(redis, {
          userId: person.id,
          centreId: centreOf.get(person.id) as string,
          actingCentreId: null,
          role: person.role,
          name: `Bench ${person.role}`,
          ip: "127.0.0.1",
          userAgent: "bench-users",
        });
        person.cookie = `${SESSION_COOKIE}=${await signSessionToken(session.id)}`;
        // The token is bound to the session alone (csrfBinding), which is all this principal carries.
        person.csrf = csrfTokenFor({ kind: "user", session } as unknown as Principal);
      }),
    );
  }
}

// ---------------------------------------------------------------- streams

function streamPath(person: Person): string {
  // The pages each role lives on: a tutor's dashboard follows their marking count; the rest, their own channel.
  return person.role === "tutor" ? `/events/live?topic=${encodeURIComponent(`marking:${person.id}`)}` : "/events/live";
}

let stopping = false;

function onStreamData(person: Person, text: string): void {
  if (!person.connected) {
    person.head += text;
    if (!person.head.startsWith("HTTP/1.1 200") && person.head.includes("\r\n\r\n")) {
      // As the page's SSE client does: the refusal is counted, and the stream opened again.
      fail(`stream refused: HTTP ${person.head.slice(9, 12)} (opened again ${RECONNECT_MS / 1000} s later)`);
      const socket = person.socket;
      person.socket = null;
      person.head = "";
      socket?.end();
      if (!stopping) setTimeout(() => void connect(person).catch(() => fail("stream could not connect")), RECONNECT_MS);
      return;
    }
    if (!person.head.includes(": connected")) return;
    person.connected = true;
    person.head = "";
  }
  // The last bytes are kept whether or not anything is awaited: a key split across two reads is found.
  const seen = person.tail + text;
  person.tail = seen.slice(-120);
  if (person.pending.length === 0) return;
  const now = performance.now();
  for (const wait of person.pending) {
    if (!wait.done && seen.includes(wait.key)) {
      wait.done = true;
      if (wait.sentAt >= measuredFrom) record(deliveries, wait.kind, now - wait.sentAt);
    }
  }
  person.pending = person.pending.filter((wait) => !wait.done);
}

async function connect(person: Person): Promise<void> {
  const request = `GET ${streamPath(person)} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\nCookie: ${person.cookie}\r\n\r\n`;
  person.socket = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      open: (socket) => void socket.write(request),
      data: (_socket, chunk) => onStreamData(person, chunk.toString("latin1")),
      close() {
        if (!stopping && person.socket) fail("stream closed by the server");
        person.socket = null;
      },
      error() {
        if (!stopping && person.socket) fail("stream socket error");
        person.socket = null;
      },
    },
  });
}

async function until(check: () => boolean, what: string, deadlineMs: number): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) {
      console.error(`bench-users: timed out waiting for ${what}`);
      return false;
    }
    await Bun.sleep(10);
  }
  return true;
}

// ---------------------------------------------------------------- actions

const STUDENT_PAGES = ["/home", "/my-homework", "/leaderboards"];
const TUTOR_PAGES = ["/home", "/marking", "/classes"];
const PARENT_PAGES = ["/home", "/notifications"];

function pick<T>(list: readonly T[]): T {
  return list[Math.floor(Math.random() * list.length)] as T;
}

/** One request, timed to its last byte; a 2xx or 3xx is a success. */
async function act(name: string, person: Person, path: string, form?: Record<string, string>): Promise<boolean> {
  const headers: Record<string, string> = { cookie: person.cookie };
  let body: URLSearchParams | undefined;
  if (form) {
    body = new URLSearchParams({ _csrf: person.csrf, ...form });
    headers.origin = origin;
    headers["content-type"] = "application/x-www-form-urlencoded";
    headers["hx-request"] = "true";
  }
  const started = performance.now();
  inFlight++;
  actions++;
  try {
    const response = await fetch(`${origin}${path}`, {
      method: form ? "POST" : "GET",
      headers,
      body,
      redirect: "manual",
    });
    await response.arrayBuffer();
    const took = performance.now() - started;
    completedActions++;
    if (started >= measuredFrom) record(latencies, name, took);
    const slice = Math.max(0, Math.floor((started - runStartedAt) / SLICE_MS));
    record(slices, String(slice), took);
    if (response.status >= 400) {
      fail(`${name}: HTTP ${response.status}`);
      return false;
    }
    return true;
  } catch (error) {
    fail(`${name}: ${(error as Error).name}`);
    return false;
  } finally {
    inFlight--;
  }
}

function expect(person: Person | null, kind: string, key: string, sentAt: number, cause?: string): Wait | null {
  if (!person) return null;
  const wait: Wait = { key, sentAt, done: false, kind, cause };
  person.pending.push(wait);
  return wait;
}

async function studentActs(student: Person, exercises: Map<string, string[]>): Promise<void> {
  const draw = Math.random();
  const homeworkId = student.open.keys().next().value as string | undefined;
  if (draw < 0.45 || !homeworkId) return void (await act("page view (student)", student, pick(STUDENT_PAGES)));
  if (draw < 0.85) {
    const n = 1 + Math.floor(Math.random() * (exercises.get(homeworkId)?.length ?? 1));
    return void (await act("answer autosave", student, `/homework/${homeworkId}/questions/${n}`, { response: "0.5" }));
  }
  const submissionId = student.open.get(homeworkId) as string;
  student.open.delete(homeworkId);
  const sentAt = performance.now();
  if (await act("hand-in", student, `/homework/${homeworkId}/submit`, {})) {
    // The tutor's marking count changes: any count published after the hand-in committed carries it.
    // Looked for only from the answer on (one pushed between the send and the commit may be another
    // event's), so a count pushed before this process read the answer is missed and the tutor's
    // next one taken: the delivery's long tail (seconds) is that gap, not a delay.
    expect(student.tutor, "hand-in → tutor's marking count", "#live-marking-count", sentAt);
    student.tutor?.queue.push({ submissionId, homeworkId, student });
  }
}

async function tutorActs(tutor: Person, exercises: Map<string, string[]>): Promise<void> {
  const draw = Math.random();
  if (draw < 0.35 || (draw < 0.8 && tutor.queue.length === 0)) {
    return void (await act("page view (tutor)", tutor, pick(TUTOR_PAGES)));
  }
  if (draw < 0.8) {
    const work = tutor.queue.shift() as Person["queue"][number];
    const form: Record<string, string> = { feedback: "Well done." };
    for (const exercise of exercises.get(work.homeworkId) ?? []) form[`points-${exercise}`] = "2";
    // The student's stream gets the notification, which links to the homework. Looked for from
    // the moment the mark is sent: the worker can push it before this process has read the mark's
    // answer, and a wait registered after the answer missed it (nine "undelivered" of ~390 marks
    // at 10,000 people were notes stored and pushed ~0.1 s after their mark).
    const wait = expect(
      work.student,
      "mark → student's notification",
      `/my-homework/${work.homeworkId}`,
      performance.now(),
      work.submissionId,
    );
    if (!(await act("mark", tutor, `/submissions/${work.submissionId}/mark`, form)) && wait) wait.done = true;
    return;
  }
  const register = tutor.registers[0];
  if (!register) return void (await act("page view (tutor)", tutor, pick(TUTOR_PAGES)));
  const studentId = pick(register.students);
  await act("register check-in", tutor, `/timetable/sessions/${register.sessionId}/attendance/${studentId}`, {
    [`status-${studentId}`]: Math.random() < 0.9 ? "present" : "late",
  });
}

function thinkMs(role: Role): number {
  return -Math.log(1 - Math.random()) * THINK[role] * 1000;
}

function schedule(person: Person, exercises: Map<string, string[]>, delayMs: number, endAt: number): void {
  if (performance.now() + delayMs > endAt) return;
  setTimeout(async () => {
    if (person.role === "student") await studentActs(person, exercises);
    else if (person.role === "tutor") await tutorActs(person, exercises);
    else await act("page view (parent)", person, pick(PARENT_PAGES));
    schedule(person, exercises, thinkMs(person.role), endAt);
  }, delayMs);
}

// ---------------------------------------------------------------- the run

/** Extra bun flags (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`): BENCH_WEB_ARGS for the web process, BENCH_WORKER_ARGS for the worker. */
const bunFlags = (value: string | undefined) => (value ?? "").split(/\s+/).filter(Boolean);
const webArgs = bunFlags(process.env.BENCH_WEB_ARGS);
const workerArgs = bunFlags(process.env.BENCH_WORKER_ARGS);

/**
 * The worker runs at the priority its shipped unit gives it (systemd/aetherlearn-worker.service,
 * `Nice=`): people's requests first, background work in the gaps. BENCH_WORKER_NICE overrides it
 * (0: the same priority as the web process).
 */
function workerNice(): number {
  const override = process.env.BENCH_WORKER_NICE;
  if (override !== undefined && override !== "") return Number(override);
  const unit = readFileSync(join(ROOT, "systemd/aetherlearn-worker.service"), "utf8");
  return Number(/^Nice=(-?\d+)$/m.exec(unit)?.[1] ?? 0);
}

function startProcess(entry: string): Subprocess {
  const web = entry.endsWith("server.ts");
  const flags = web ? webArgs : workerArgs;
  const nice = web ? 0 : workerNice();
  const command = ["bun", ...flags, join(ROOT, entry)];
  return spawn(nice === 0 ? command : ["nice", "-n", String(nice), ...command], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      PUBLIC_URL: origin,
      RATE_LIMIT_REQUESTS_PER_MINUTE: "100000000",
      LOG_LEVEL: process.env.BENCH_USERS_LOG_LEVEL ?? "error",
    },
    // BENCH_USERS_LOG_DIR: each process's log (web.log, worker.log) kept there, e.g. with BENCH_USERS_LOG_LEVEL=warn.
    stdout: process.env.BENCH_USERS_LOG_DIR
      ? Bun.file(join(process.env.BENCH_USERS_LOG_DIR, `${entry.endsWith("server.ts") ? "web" : "worker"}.log`))
      : "ignore",
    stderr: "inherit",
  });
}

async function stop(child: Subprocess): Promise<void> {
  child.kill("SIGTERM");
  await Promise.race([child.exited, Bun.sleep(5_000)]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

function report(
  people: Person[],
  window: number,
  before: ReturnType<typeof sampleGroups>,
  after: ReturnType<typeof sampleGroups>,
  undelivered: Map<string, number>,
  streamKb: number,
): void {
  const count = (role: Role) => people.filter((person) => person.role === role).length;
  console.log(
    `users: ${people.length} concurrent (${count("student")} students, ${count("tutor")} tutors, ${count("parent")} parents` +
      ` in ${centreCount} centres), each with an open stream; ${window.toFixed(0)} s of actions measured` +
      `${ramp > 0 ? ` after a ${ramp}-s ramp-up (its actions only in the slices marked so)` : ""}; load average ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`,
  );
  console.log(`  actions (ms)                          count     p50     p95     p99     max`);
  for (const [name, values] of [...latencies].sort(([a], [b]) => a.localeCompare(b))) {
    const sorted = values.sort((a, b) => a - b);
    const cells = [50, 95, 99].map((p) => percentile(sorted, p).toFixed(1).padStart(7));
    console.log(
      `  ${name.padEnd(36)} ${String(sorted.length).padStart(6)} ${cells.join(" ")} ${(sorted.at(-1) ?? 0).toFixed(0).padStart(7)}`,
    );
  }
  // The same actions by when they started: a backlog built while caches were cold shows here, and
  // whether the later slices (the steady state) keep up.
  for (const [key, values] of slices) {
    const index = Number(key);
    const sorted = values.sort((a, b) => a - b);
    const cells = [50, 95, 99].map((p) => percentile(sorted, p).toFixed(1).padStart(7));
    const rampUp = index * SLICE_MS < ramp * 1000 ? " (ramp-up)" : "";
    const label = `all, started ${index * (SLICE_MS / 1000)}–${(index + 1) * (SLICE_MS / 1000)} s${rampUp}`;
    console.log(
      `  ${label.padEnd(36)} ${String(sorted.length).padStart(6)} ${cells.join(" ")} ${(sorted.at(-1) ?? 0).toFixed(0).padStart(7)}`,
    );
  }
  // Latencies of events caused in the measured part; "undelivered" counts the whole run's.
  console.log(`  events delivered (ms)                 count     p50     p95     p99     max  undelivered`);
  for (const kind of new Set([...deliveries.keys(), ...undelivered.keys()])) {
    const sorted = (deliveries.get(kind) ?? []).sort((a, b) => a - b);
    const cells = [50, 95, 99].map((p) => percentile(sorted, p).toFixed(1).padStart(7));
    console.log(
      `  ${kind.padEnd(36)} ${String(sorted.length).padStart(6)} ${cells.join(" ")} ${(sorted.at(-1) ?? 0).toFixed(0).padStart(7)}  ${undelivered.get(kind) ?? 0}`,
    );
  }
  const errorCount = [...errors.values()].reduce((sum, n) => sum + n, 0);
  console.log(`  errors: ${errorCount}${errorCount ? "" : " (none)"}`);
  for (const [kind, n] of errors) console.log(`    ${kind}: ${n}`);
  console.log(
    `  processes over the window              CPU (of one core)  waiting for a core   memory (PSS)   peak RSS`,
  );
  const completed = [...latencies.values()].reduce((sum, values) => sum + values.length, 0);
  for (const [name, end] of after) {
    const start = before.get(name) ?? end;
    const cpu = ((end.ticks - start.ticks) / 100 / window) * 100;
    const waiting = ((end.waitNs - start.waitNs) / 1e9 / window) * 100;
    console.log(
      `  ${name.padEnd(38)} ${`${cpu.toFixed(0)} %`.padStart(8)} ${`${waiting.toFixed(0)} %`.padStart(19)}   ${`${Math.round(end.kb / 1024)} MB`.padStart(14)} ${(name === "postgres" ? "-" : `${Math.round(end.peakKb / 1024)} MB`).padStart(10)}`,
    );
  }
  // CPU time over the window ÷ actions completed in it (the streams' heartbeats included): a
  // figure the machine's other load distorts far less than latencies do.
  console.log(`  CPU ms per completed action (${completed}): ${cpuMsPerAction(before, after, completed, 2)}`);
  console.log(`  web process memory per open stream     ~${streamKb.toFixed(1)} KB`);
}

/** The emails of the run (parents' notes by preference): how many the SMTP sink took, and their rows' states. */
async function reportMail(): Promise<void> {
  const dir = process.env.BENCH_MAIL_DIR;
  let accepted = 0;
  try {
    if (dir) accepted = readFileSync(join(dir, "transactions.jsonl"), "utf8").split("\n").filter(Boolean).length;
  } catch {}
  const rows = await db
    .selectFrom("mail_messages")
    .select(["status", sql<string>`count(*)`.as("n")])
    .groupBy("status")
    .orderBy("status")
    .execute();
  console.log(
    `  emails: ${accepted} taken by the SMTP sink${dir ? "" : " (none running)"}; rows ${rows.map((row) => `${row.status} ${row.n}`).join(", ") || "none"}`,
  );
}

/**
 * The freshly seeded tables as a database in service has them, as pgbench does before its runs:
 * vacuumed (visibility maps and hint bits set, instead of by autovacuum and the first reads
 * during the run) and analyzed, and a checkpoint taken so the seed's writes are not flushed
 * inside the measured window.
 */
async function settle(): Promise<void> {
  const started = performance.now();
  await sql`vacuum (analyze)`.execute(db);
  await sql`checkpoint`.execute(db);
  console.error(
    `bench-users: vacuumed, analyzed and checkpointed in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

/**
 * What became of marks whose notification never reached the student's stream (the first few):
 * was the submission marked, was a notification with its link stored, and when — telling a lost
 * push from a note never made.
 */
async function explainUndelivered(people: Person[]): Promise<void> {
  const missing = people.flatMap((person) =>
    person.pending.filter((wait) => wait.cause && !wait.done).map((wait) => ({ person, wait })),
  );
  for (const { person, wait } of missing.slice(0, 5)) {
    const submission = await db
      .selectFrom("submissions")
      .select(["status", "marked_at"])
      .where("id", "=", wait.cause as string)
      .executeTakeFirst();
    const notes = await db
      .selectFrom("notifications")
      .select(["created_at"])
      .where("user_id", "=", person.id)
      .where("link", "=", wait.key)
      .orderBy("created_at")
      .execute();
    const at = (date: Date | null | undefined) =>
      date ? `${((date.getTime() - performance.timeOrigin - runStartedAt) / 1000).toFixed(1)} s` : "never";
    console.log(
      `  undelivered: ${wait.kind} for ${wait.cause} (sent at ${((wait.sentAt - runStartedAt) / 1000).toFixed(1)} s): ` +
        `submission ${submission?.status ?? "missing"}, marked at ${at(submission?.marked_at)}; ` +
        `${notes.length} notification(s) with its link, at ${notes.map((note) => at(note.created_at)).join(", ") || "-"}; ` +
        `stream ${person.connected && person.socket ? "open" : "closed"}`,
    );
  }
}

async function main(): Promise<void> {
  const seedStarted = performance.now();
  const slugs = await seed();
  await giveParentsAddresses(slugs);
  const { people: byId, exercises } = await loadPeople(slugs);
  const people = [...byId.values()];
  const centreRows = await db
    .selectFrom("users")
    .select(["id", "centre_id"])
    .where("id", "in", [...byId.keys()])
    .execute();
  await signIn(people, new Map(centreRows.map((row) => [row.id, row.centre_id as string])));
  await settle();
  console.error(
    `bench-users: seeded and signed in ${people.length} people in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s`,
  );

  const web = startProcess("src/server.ts");
  const worker = startProcess("src/worker.ts");
  try {
    const healthy = async () => (await fetch(`${origin}/api/health`).catch(() => null)) !== null;
    // A first start compiles every module (a cold transpiler cache): on a loaded machine that took over 30 s.
    const end = Date.now() + 120_000;
    while (!(await healthy())) {
      if (Date.now() > end) throw new Error("bench-users: the web process did not start");
      await Bun.sleep(100);
    }
    const groups = processGroups(web, worker);
    const idle = sampleGroups(groups).get("web")?.kb ?? 0;
    const connectStarted = performance.now();
    for (let n = 0; n < people.length; n += CONNECT_BATCH) {
      const batch = people.slice(n, n + CONNECT_BATCH);
      await Promise.all(batch.map((person) => connect(person)));
      await until(() => batch.every((person) => person.connected), `streams ${n}.. to open`, 30_000);
    }
    const open = people.filter((person) => person.connected && person.socket).length;
    const withStreams = sampleGroups(groups).get("web")?.kb ?? 0;
    console.error(
      `bench-users: ${open} of ${people.length} streams open in ${((performance.now() - connectStarted) / 1000).toFixed(1)} s`,
    );

    const started = performance.now();
    runStartedAt = started;
    measuredFrom = started + ramp * 1000;
    const endAt = measuredFrom + seconds * 1000;
    // Each first action after a pause drawn like every later one: with exponential pauses the
    // arrivals are then as steady from the first second as later (a Poisson stream of ~170/s at
    // 10,000). A first pause drawn uniformly over [0, mean] made the first minute's arrivals 1.5×
    // (2× at its peak) the model's rate, and ~25 % more actions over a two-minute run.
    // With a ramp-up, each person starts at a moment spread evenly over it (as a load tool's spawn
    // rate does), so the arrivals grow in a straight line to the full rate at its end; caches and
    // connections warm as they would on a server people come to over a minute, not all in one
    // second after a restart (`--ramp 0` measures that).
    for (const person of people) schedule(person, exercises, Math.random() * ramp * 1000 + thinkMs(person.role), endAt);
    // Each tick also says where the CPU went since the last one, per completed action: a cold
    // start (caches, plans, JIT) shows as the first ticks' costlier actions.
    let tickFrom = { samples: sampleGroups(groups), completed: 0 };
    const progress = setInterval(() => {
      const errorCount = [...errors.values()].reduce((sum, n) => sum + n, 0);
      const samples = sampleGroups(groups);
      const perAction = cpuMsPerAction(tickFrom.samples, samples, completedActions - tickFrom.completed, 1);
      tickFrom = { samples, completed: completedActions };
      console.error(
        `bench-users: ${((performance.now() - started) / 1000).toFixed(0)} s, ${actions} actions, ${inFlight} in flight, ${errorCount} errors; CPU ms per action completed since the last line: ${perAction}`,
      );
    }, 15_000);
    await Bun.sleep(ramp * 1000);
    const before = sampleGroups(groups);
    await Bun.sleep(seconds * 1000);
    await until(() => inFlight === 0, "the last actions", 30_000);
    const after = sampleGroups(groups);
    const window = (performance.now() - measuredFrom) / 1000;
    clearInterval(progress);
    // Events caused near the end get their time to arrive; what never arrives is counted.
    const waiting = (person: Person) => person.pending.filter((wait) => !wait.done);
    await until(() => people.every((person) => waiting(person).length === 0), "the last events", EVENT_GRACE_MS);
    const undelivered = new Map<string, number>();
    for (const person of people)
      for (const wait of waiting(person)) undelivered.set(wait.kind, (undelivered.get(wait.kind) ?? 0) + 1);
    report(people, window, before, after, undelivered, ((withStreams - idle) * 1) / Math.max(1, open));
    await reportMail();
    await explainUndelivered(people);
  } finally {
    stopping = true;
    for (const person of people) person.socket?.end();
    await Promise.all([stop(web), stop(worker)]);
    redis.disconnect();
    await db.destroy();
  }
}

await main();
