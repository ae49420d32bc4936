import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "kysely";
import { send } from "../../../tests/security/walk";
import {
  actorFor,
  type Centre,
  type Credentials,
  classWith,
  createCentre,
  createCourse,
  seedAttendance,
  signedInAs,
} from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import { liveChannel } from "../../platform/live";
import { redisChannelOf } from "../../platform/live/channels";
import { createRedis } from "../../platform/redis";
import { BUCKETS, storage } from "../../platform/storage";
import { type CentreId, trustedCentreId } from "../../platform/tenancy";
import { eventHandlers } from "../../registry";
import { exportInCentre } from "./queries";
import type { CsvExportKind } from "./rows";
import { generateExport, requestExport } from "./service";

const app = createApp();
const INJECTED = "=cmd|' /C calc'!A0";
const QUOTED = 'O\'Brien, "Bo"';
let centre: Centre;
let centreId: CentreId;
let other: Centre;
let admin: Credentials;
interface Student {
  id: string;
  name: string;
}
let students: Student[];

/** RFC 4180 reader for the tests: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      record.push(field);
      field = "";
    } else if (char === "\r" && text[index + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      index++;
    } else field += char;
  }
  return records;
}

async function csvOf(fileId: string | null): Promise<{ text: string; records: string[][] }> {
  const file = await db
    .selectFrom("files")
    .select("object_key")
    .where("id", "=", fileId ?? "")
    .executeTakeFirstOrThrow();
  const stored = await storage.get(BUCKETS.exports, file.object_key);
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(stored?.bytes);
  expect(text.startsWith("\uFEFF")).toBe(true);
  return { text, records: parseCsv(text.slice(1)) };
}

async function runExport(kind: CsvExportKind, from = "2025-03-01", to = "2025-03-31") {
  const id = await requestExport(await actorFor(centre.people.centre_admin), { kind, from, to });
  await generateExport(centreId, id);
  const row = await exportInCentre(db, centreId, id);
  expect(row?.status).toBe("done");
  return { id, row, ...(await csvOf(row?.fileId ?? null)) };
}

async function seedLearning(): Promise<void> {
  const tutor = centre.people.tutor.id;
  const classId = await classWith(centre, {
    tutor: centre.people.tutor,
    courseId: await createCourse(centre, "Maths"),
    name: "Year 7, Monday",
    weekday: 1,
    startsOn: "2025-01-06",
  });
  const sessions = await db
    .insertInto("class_sessions")
    .values(
      ["2025-03-03T16:00:00Z", "2025-03-31T23:30:00Z", "2025-04-01T00:10:00Z"].map((start) => ({
        centre_id: centreId,
        class_id: classId,
        starts_at: new Date(start),
        ends_at: new Date(Date.parse(start) + 3600_000),
      })),
    )
    .returning("id")
    .execute();
  await db
    .insertInto("attendance")
    .values(
      sessions.flatMap((session, index) =>
        students.map((student, which) => ({
          centre_id: centreId,
          session_id: session.id,
          student_id: student.id,
          status: which === 0 ? ("present" as const) : ("late" as const),
          checked_in_at: index === 0 ? new Date("2025-03-03T16:04:00Z") : null,
          method: "tutor" as const,
        })),
      ),
    )
    .execute();
  const homework = await db
    .insertInto("homework")
    .values([
      {
        centre_id: centreId,
        title: "Fractions",
        kind: "exercises",
        class_id: classId,
        set_by: tutor,
        due_at: new Date("2025-03-10T17:00:00Z"),
      },
      {
        centre_id: centreId,
        title: "Later work",
        kind: "exercises",
        class_id: classId,
        set_by: tutor,
        due_at: new Date("2025-05-10T17:00:00Z"),
      },
    ])
    .returning("id")
    .execute();
  const [due, later] = homework.map((row) => row.id) as [string, string];
  const [first, second] = students as [Student, Student];
  await db
    .insertInto("submissions")
    .values([
      {
        centre_id: centreId,
        homework_id: due,
        student_id: first.id,
        status: "marked",
        submitted_at: new Date("2025-03-09T12:00:00Z"),
        auto_score: "5",
        score: "7",
        max_score: sql`10`,
        feedback: "+1 well done\nsee me",
        marker_id: tutor,
        marked_at: new Date("2025-03-12T09:00:00Z"),
      },
      { centre_id: centreId, homework_id: due, student_id: second.id, status: "not_started", max_score: sql`10` },
      { centre_id: centreId, homework_id: later, student_id: first.id, status: "not_started", max_score: sql`10` },
    ])
    .execute();
  await db
    .insertInto("xp_ledger")
    .values([
      {
        centre_id: centreId,
        student_id: first.id,
        amount: 10,
        reason: "@everyone helped a friend",
        source_type: "award",
        source_id: crypto.randomUUID(),
        awarded_by: tutor,
        created_at: new Date("2025-03-05T10:00:00Z"),
      },
      {
        centre_id: centreId,
        student_id: second.id,
        amount: 5,
        reason: "Homework on time",
        source_type: "homework",
        source_id: crypto.randomUUID(),
        awarded_by: null,
        created_at: new Date("2025-06-01T10:00:00Z"),
      },
    ])
    .execute();
}

beforeAll(async () => {
  [centre, other] = await Promise.all([createCentre({ label: "exports" }), createCentre({ label: "exportsx" })]);
  centreId = trustedCentreId(centre.id);
  admin = await signedInAs(centre.people.centre_admin);
  await db.updateTable("users").set({ name: INJECTED }).where("id", "=", centre.people.student.id).execute();
  students = [
    { id: centre.people.student.id, name: INJECTED },
    { id: centre.youngStudent.id, name: centre.youngStudent.name },
  ];
  await db.updateTable("users").set({ name: QUOTED }).where("id", "=", centre.youngStudent.id).execute();
  students[1] = { id: centre.youngStudent.id, name: QUOTED };
  await seedLearning();
});

describe("export contents", () => {
  test("attendance: one row per student per session in the range, both end days included", async () => {
    const { records, row } = await runExport("attendance");
    expect(records[0]).toEqual([
      "session_start",
      "class",
      "student",
      "student_code",
      "status",
      "method",
      "checked_in_at",
    ]);
    expect(records).toHaveLength(5);
    expect(row?.rowsWritten).toBe(4);
    expect(records.slice(1).map((record) => record[0])).toEqual([
      "2025-03-03 16:00",
      "2025-03-03 16:00",
      "2025-03-31 23:30",
      "2025-03-31 23:30",
    ]);
    const injected = records.find((record) => record[2]?.includes("cmd"));
    expect(injected?.slice(1, 7)).toEqual([
      "Year 7, Monday",
      `'${INJECTED}`,
      injected?.[3] ?? "",
      "present",
      "tutor",
      "2025-03-03 16:04",
    ]);
    expect(records.some((record) => record[2] === QUOTED && record[4] === "late")).toBe(true);
  });

  test("homework completion: every assigned student, handed in or not, for homework due in the range", async () => {
    const { records } = await runExport("homework_completion");
    expect(records[0]).toEqual([
      "homework",
      "class",
      "due",
      "student",
      "student_code",
      "status",
      "submitted_at",
      "on_time",
    ]);
    expect(records).toHaveLength(3);
    const byStatus = Object.fromEntries(records.slice(1).map((record) => [record[5], record]));
    expect(byStatus.marked).toEqual([
      "Fractions",
      "Year 7, Monday",
      "2025-03-10 17:00",
      `'${INJECTED}`,
      expect.any(String),
      "marked",
      "2025-03-09 12:00",
      "yes",
    ]);
    expect(byStatus.not_started?.slice(3)).toEqual([QUOTED, expect.any(String), "not_started", "", ""]);
  });

  test("marks: scores as numbers, feedback quoted and defused", async () => {
    const { records, text } = await runExport("marks");
    expect(records[0]).toEqual([
      "marked_at",
      "homework",
      "student",
      "student_code",
      "score",
      "max_score",
      "percent",
      "auto_score",
      "marked_by",
      "feedback",
    ]);
    expect(records).toHaveLength(2);
    const [markedAt, homework, student, , score, max, percent, auto, marker, feedback] = records[1] ?? [];
    expect([markedAt, homework, student]).toEqual(["2025-03-12 09:00", "Fractions", `'${INJECTED}`]);
    expect([score, max, percent, auto, marker]).toEqual(["7", "10", "70", "5", centre.people.tutor.name]);
    expect(feedback).toBe("'+1 well done\nsee me");
    expect(text).toContain('"\'+1 well done\nsee me"\r\n');
  });

  test("XP: the ledger entries in the range", async () => {
    const { records } = await runExport("xp");
    expect(records[0]).toEqual(["awarded_at", "student", "student_code", "xp", "reason", "source", "awarded_by"]);
    expect(records).toHaveLength(2);
    expect(records[1]).toEqual([
      "2025-03-05 10:00",
      `'${INJECTED}`,
      expect.any(String),
      "10",
      "'@everyone helped a friend",
      "award",
      centre.people.tutor.name,
    ]);
  });

  test("an empty range still gives a file with its header", async () => {
    const { records, row } = await runExport("attendance", "2024-01-01", "2024-01-31");
    expect(records).toHaveLength(1);
    expect(row?.rowsWritten).toBe(0);
  });
});

describe("running an export", () => {
  test("requesting publishes export.requested with the request, audited; the worker's handler is registered", async () => {
    const id = await requestExport(await actorFor(centre.people.centre_admin), {
      kind: "marks",
      from: "2025-03-01",
      to: "2025-03-02",
    });
    const event = await db
      .selectFrom("outbox_events")
      .select(["type", "centre_id"])
      .where(sql<boolean>`payload->>'exportId' = ${id}`)
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ type: "export.requested", centre_id: centre.id });
    const audit = await db.selectFrom("audit_events").select("action").where("target_id", "=", id).execute();
    expect(audit.map((row) => row.action)).toEqual(["export.request"]);
    expect(eventHandlers().namesFor("export.requested")).toContain("exports.generate");
  });

  test("progress reaches the requester's live channel, ending with the download link", async () => {
    const subscriber = createRedis();
    const messages: string[] = [];
    try {
      await subscriber.subscribe(redisChannelOf(liveChannel.user(centre.people.centre_admin.id)));
      subscriber.on("message", (_channel: string, text: string) => messages.push(text));
      const id = await requestExport(await actorFor(centre.people.centre_admin), {
        kind: "attendance",
        from: "2025-03-01",
        to: "2025-03-31",
      });
      await generateExport(centreId, id);
      const deadline = Date.now() + 5_000;
      while (!messages.some((text) => text.includes("Download CSV")) && Date.now() < deadline) await Bun.sleep(20);
      const ours = messages.filter((text) => text.includes(`live-export-${id}`));
      expect(ours.some((text) => text.includes("Writing rows"))).toBe(true);
      expect(ours.at(-1)).toContain(`/exports/${id}/download`);
    } finally {
      subscriber.disconnect();
    }
  });

  test("10,000 rows stream through with bounded memory", async () => {
    const bench = await createCentre({ label: "exportsbig" });
    const range = await seedAttendance(bench, bench.people.tutor, { students: 100, sessions: 100 });
    const benchCentre = trustedCentreId(bench.id);
    const actor = await actorFor(bench.people.centre_admin);
    const id = await requestExport(actor, { kind: "attendance", ...range });
    Bun.gc(true);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    try {
      await generateExport(benchCentre, id);
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    const row = await exportInCentre(db, benchCentre, id);
    expect(row?.status).toBe("done");
    expect(row?.rowsWritten).toBe(10_000);
    const file = await db
      .selectFrom("files")
      .select(["size_bytes", "object_key"])
      .where("id", "=", row?.fileId ?? "")
      .executeTakeFirstOrThrow();
    const stored = await storage.get(BUCKETS.exports, file.object_key);
    expect(new TextDecoder().decode(stored?.bytes).split("\r\n")).toHaveLength(10_002);
    expect(peak - before).toBeLessThan(100 * 1024 * 1024);
    // A memory test, not a timed one: late in a loaded suite run the 10,000 rows took over 30 s.
  }, 120_000);
});

describe("export routes", () => {
  test("the exports page offers the form to a centre admin and is refused to a tutor", async () => {
    const page = await send(app, "GET", "/exports", admin);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('action="/exports"');
    expect(html).toContain("Homework completion");
    const tutor = await signedInAs(centre.people.tutor);
    expect((await send(app, "GET", "/exports", tutor)).status).toBe(403);
  });

  test("a bad range is refused on the form with 422", async () => {
    const response = await send(app, "POST", "/exports", admin, {
      body: { kind: "marks", from: "2025-03-10", to: "2025-03-01" },
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("The last date cannot be before the first");
    const garbage = await send(app, "POST", "/exports", admin, { body: { kind: "payroll", from: "soon", to: "" } });
    expect(garbage.status).toBe(422);
  });

  test("request, follow, download: a signed CSV link, audited; other centres see nothing", async () => {
    const response = await send(app, "POST", "/exports", admin, {
      body: { kind: "attendance", from: "2025-03-01", to: "2025-03-31" },
    });
    expect(response.status).toBe(303);
    const location = response.headers.get("location") ?? "";
    const id = location.split("/").pop() ?? "";
    expect(location).toBe(`/exports/${id}`);
    expect((await send(app, "GET", `/exports/${id}/download`, admin)).status).toBe(409);

    await generateExport(centreId, id);
    const page = await (await send(app, "GET", location, admin)).text();
    expect(page).toContain(`live-export-${id}`);
    expect(page).toContain(`/exports/${id}/download`);

    const download = await send(app, "GET", `/exports/${id}/download`, admin);
    expect(download.status).toBe(303);
    const signed = new URL(download.headers.get("location") ?? "");
    expect(signed.pathname).toContain(`/${BUCKETS.exports}/centres/${centre.id}/export/${id}`);
    const file = await app.handle(new Request(signed.toString()));
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toContain("attachment");
    expect(parseCsv((await file.text()).replace(/^\uFEFF/, ""))).toHaveLength(5);
    const audit = await db
      .selectFrom("audit_events")
      .select("action")
      .where("target_id", "=", id)
      .orderBy("id")
      .execute();
    expect(audit.map((row) => row.action)).toEqual(["export.request", "export.download"]);

    const stranger = await signedInAs(other.people.centre_admin);
    expect((await send(app, "GET", `/exports/${id}`, stranger)).status).toBe(404);
    expect((await send(app, "GET", `/exports/${id}/download`, stranger)).status).toBe(404);
  });
});
