import { beforeAll, describe, expect, test } from "bun:test";
import { send, sendConfirmed } from "../../../tests/security/walk";
import {
  addStudents,
  type Centre,
  type Credentials,
  classWith,
  createCentre,
  createCourse,
  pastWork,
  reportingPeriod,
  signedInAs,
} from "../../../tests/support/fixtures";
import { pdfText } from "../../../tests/support/pdf-text";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import { liveChannel } from "../../platform/live";
import { redisChannelOf } from "../../platform/live/channels";
import { createRedis } from "../../platform/redis";
import { BUCKETS, storage } from "../../platform/storage";
import { eventHandlers } from "../../registry";
import { makeClassBatch } from "./batch";

/**
 * Acceptance 4 of issue 15: a class of 30 students' term reports as one PDF, made by the worker
 * into the exports bucket, with its progress sent live to the head tutor who asked for it.
 */
const app = createApp();
const SIZE = 30;
const SCRIPTS = ["李小龍", "Дмитрий", "سارة", "Ζωή", "Zoë Ødegård"];
let centre: Centre;
let classId: string;
let periodId: string;
let head: Credentials;

beforeAll(async () => {
  centre = await createCentre({ label: "reports-batch" });
  const courseId = await createCourse(centre, "Science");
  const students = await addStudents(
    centre,
    Array.from({ length: SIZE }, (_, n) => `${SCRIPTS[n % SCRIPTS.length]} ${n + 1}`),
  );
  classId = await classWith(centre, { tutor: centre.people.tutor, members: students, courseId, name: "Science B" });
  for (const student of students.slice(0, 10))
    await pastWork(centre, {
      student,
      courseId,
      dueAt: new Date(Date.now() - 5 * 86_400_000),
      status: "marked",
      score: 7,
    });
  const today = new Date().toISOString().slice(0, 10);
  periodId = await reportingPeriod(centre, {
    startsOn: "2026-01-01",
    endsOn: today > "2026-01-01" ? today : "2026-12-31",
  });
  head = await signedInAs(centre.people.head_tutor);
  const path = `/reports/${periodId}/classes/${classId}`;
  const comments: Record<string, string> = {};
  for (const student of students) comments[`comment:${student.id}`] = `Good term, ${student.name}.`;
  expect((await send(app, "POST", path, head, { body: comments })).status).toBe(303);
  expect((await sendConfirmed(app, `${path}/release`, head)).status).toBe(303);
}, 60_000);

describe("a class batch of term reports", () => {
  test("is refused before release, with a clear 409", async () => {
    const other = await classWith(centre, { tutor: centre.people.tutor, name: "Unreleased" });
    const response = await send(app, "POST", `/reports/${periodId}/classes/${other}/batch`, head);
    expect(response.status).toBe(409);
  });

  test("30 students: one PDF in the exports bucket, progress live to the head tutor", async () => {
    expect(eventHandlers().namesFor("term_report.batch_requested")).toContain("reports.class-batch");
    const subscriber = createRedis();
    const messages: string[] = [];
    try {
      await subscriber.subscribe(redisChannelOf(liveChannel.user(centre.people.head_tutor.id)));
      subscriber.on("message", (_channel: string, text: string) => messages.push(text));
      const asked = await send(app, "POST", `/reports/${periodId}/classes/${classId}/batch`, head);
      expect(asked.status).toBe(303);
      const row = await db
        .selectFrom("exports")
        .select(["id", "kind", "status"])
        .where("centre_id", "=", centre.id)
        .where("kind", "=", "term_reports")
        .executeTakeFirstOrThrow();
      expect(row.status).toBe("queued");

      const started = performance.now();
      await makeClassBatch(centre.id, { exportId: row.id, periodId, classId });
      const seconds = (performance.now() - started) / 1000;
      console.log(`term reports: class batch of ${SIZE} students in ${seconds.toFixed(2)} s`);

      const done = await db
        .selectFrom("exports")
        .innerJoin("files", "files.id", "exports.file_id")
        .select(["exports.status", "exports.rows_written", "files.object_key", "files.content_type"])
        .where("exports.id", "=", row.id)
        .executeTakeFirstOrThrow();
      expect(done.status).toBe("done");
      expect(done.rows_written).toBe(SIZE);
      expect(done.content_type).toBe("application/pdf");
      const stored = await storage.get(BUCKETS.exports, done.object_key);
      const text = await pdfText(stored?.bytes as Uint8Array);
      for (const script of SCRIPTS) expect(text).toContain(script);
      expect((text.match(/Good term,/g) ?? []).length).toBe(SIZE);

      const deadline = Date.now() + 5_000;
      const ours = () => messages.filter((text) => text.includes(`live-export-${row.id}`));
      while (!ours().some((text) => text.includes("/download")) && Date.now() < deadline) await Bun.sleep(20);
      // A running status first, then the finished one with the head tutor's download link.
      // The messages are JSON: the fragment's quotes arrive escaped.
      expect(ours().some((text) => /data-status=\\?"running/.test(text))).toBe(true);
      expect(ours().at(-1)).toContain(`/reports/batches/${row.id}/download`);

      // The page shows the batch with its live region; the download is a signed link for head tutors only.
      const page = await (await send(app, "GET", `/reports/${periodId}/classes/${classId}`, head)).text();
      expect(page).toContain(`live-export-${row.id}`);
      const download = await send(app, "GET", `/reports/batches/${row.id}/download`, head);
      expect(download.status).toBe(303);
      const tutor = await signedInAs(centre.people.tutor);
      expect((await send(app, "GET", `/reports/batches/${row.id}/download`, tutor)).status).toBe(403);
    } finally {
      subscriber.disconnect();
    }
  }, 60_000);
});
