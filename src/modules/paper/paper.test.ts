import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { PDFDocument } from "pdf-lib";
import {
  type Credentials,
  createCentre,
  type PaperWorksheet,
  paperWorksheet,
  samplePhoto,
  signedInAs,
} from "../../../tests/support/fixtures";
import { startWorker, waitFor } from "../../../tests/support/processes";
import { createApp } from "../../app";
import { announceCentreChange } from "../../platform/centre-context";
import { db } from "../../platform/db";
import { trustedCentreId } from "../../platform/tenancy";
import { attachmentsForSubmission } from "../files";
import { closePaperQueue } from "./jobs";
import { signWorksheetPage } from "./token";
import { drawQr } from "./worksheet-pdf";

const app = createApp();
const ORIGIN = "http://localhost";
let home: PaperWorksheet;
let other: PaperWorksheet;
let worker: { stop(): Promise<void> } | undefined;

beforeAll(async () => {
  const worksheetIn = async (label: string) => paperWorksheet(await createCentre({ label }), label);
  [home, other] = await Promise.all([worksheetIn("paper"), worksheetIn("paperx")]);
  worker = startWorker();
});

afterAll(async () => {
  await worker?.stop();
  await closePaperQueue();
});

function get(path: string, who: Credentials) {
  return app.handle(new Request(`${ORIGIN}${path}`, { headers: { cookie: who.cookie } }));
}

function postForm(path: string, who: Credentials, form: FormData) {
  form.set("_csrf", who.csrfToken);
  return app.handle(
    new Request(`${ORIGIN}${path}`, { method: "POST", headers: { cookie: who.cookie, origin: ORIGIN }, body: form }),
  );
}

async function worksheetPdf(centre: PaperWorksheet): Promise<Uint8Array> {
  const tutor = await signedInAs(centre.centre.people.tutor);
  const response = await get(`/homework/${centre.homeworkId}/worksheet.pdf`, tutor);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/pdf");
  return new Uint8Array(await response.arrayBuffer());
}

/** A page whose code looks like ours but whose signature was altered. */
async function tamperedPage(doc: PDFDocument, centre: PaperWorksheet): Promise<void> {
  const token = signWorksheetPage({ homeworkId: centre.homeworkId, studentId: centre.students[0]!.id, page: 2 });
  const last = token.at(-1) === "A" ? "B" : "A";
  drawQr(doc.addPage([595.28, 841.89]), token.slice(0, -1) + last, 547, 794);
}

/** Seeded, so a failing order reproduces. */
function shuffled<T>(items: T[], seed = 7): T[] {
  const copy = [...items];
  let state = seed;
  for (let index = copy.length - 1; index > 0; index -= 1) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const other = state % (index + 1);
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

/** The copier's batch: both worksheets' pages shuffled together, a blank page and a tampered one. */
async function copierBatch(): Promise<Uint8Array<ArrayBuffer>> {
  const ours = await PDFDocument.load(await worksheetPdf(home));
  const theirs = await PDFDocument.load(await worksheetPdf(other));
  const extras = await PDFDocument.create();
  extras.addPage([595.28, 841.89]);
  await tamperedPage(extras, home);
  const batch = await PDFDocument.create();
  const pages = [
    ...(await batch.copyPages(ours, ours.getPageIndices())),
    ...(await batch.copyPages(theirs, [1])),
    ...(await batch.copyPages(extras, extras.getPageIndices())),
  ];
  for (const page of shuffled(pages)) batch.addPage(page);
  return new Uint8Array(await batch.save());
}

async function filedPages(submissionId: string) {
  const rows = await db
    .selectFrom("submission_files")
    .where("submission_id", "=", submissionId)
    .select(["page_number", "source"])
    .orderBy("page_number")
    .execute();
  return rows.map((row) => `${row.source}:${row.page_number}`);
}

describe("QR worksheets round trip through a batch scan import", () => {
  let importId: string;

  test("the tutor's homework page links the worksheet PDF", async () => {
    const tutor = await signedInAs(home.centre.people.tutor);
    const page = await (await get(`/homework/${home.homeworkId}`, tutor)).text();
    expect(page).toContain(`href="/homework/${home.homeworkId}/worksheet.pdf"`);
    expect(page).toContain("Print the QR worksheet (PDF)");
  });

  test("the worksheet PDF has a cover and two pages per student", async () => {
    const doc = await PDFDocument.load(await worksheetPdf(home));
    expect(doc.getPageCount()).toBe(3 * 3);
  });

  test("a shuffled batch is filed page by page on the right submissions by the real worker", async () => {
    const admin = await signedInAs(home.centre.people.centre_admin);
    const form = new FormData();
    form.append("files", new File([await copierBatch()], "copier.pdf", { type: "application/pdf" }));
    const started = performance.now();
    const response = await postForm("/paper/imports", admin, form);
    expect(response.status).toBe(303);
    importId = (response.headers.get("location") ?? "").split("/").pop() ?? "";
    const status = () => db.selectFrom("scan_imports").where("id", "=", importId).selectAll().executeTakeFirstOrThrow();
    // Reading pages is CPU-bound: generous room for a loaded machine (16 s for 12 pages seen on 2 busy cores).
    await waitFor(async () => (await status()).status === "done", 90_000, "the import to finish");
    const done = await status();
    const seconds = (performance.now() - started) / 1000;
    const working = ((done.finished_at?.getTime() ?? 0) - done.created_at.getTime()) / 1000;
    console.log(
      `scan import: ${done.pages_total} pages, ${seconds.toFixed(1)} s from upload (worker start included), ` +
        `${working.toFixed(1)} s in the worker: ${(done.pages_total / working).toFixed(2)} pages/s`,
    );
    expect(done).toMatchObject({ pages_total: 12, pages_filed: 9, pages_review: 3 });

    for (const student of home.students) {
      const submissionId = home.submissionIds.get(student.id) as string;
      expect(await filedPages(submissionId)).toEqual(["scan:0", "scan:1", "scan:2"]);
      const submission = await db
        .selectFrom("submissions")
        .where("id", "=", submissionId)
        .selectAll()
        .executeTakeFirstOrThrow();
      expect(submission.status).toBe("submitted");
      expect(submission.submitted_at).not.toBeNull();
    }
    const review = await db
      .selectFrom("scan_pages")
      .where("import_id", "=", importId)
      .where("status", "=", "needs_review")
      .select("reason")
      .orderBy("reason")
      .execute();
    expect(review.map((row) => row.reason)).toEqual(["bad_signature", "foreign", "no_code"]);
    // The other centre's page was not filed anywhere.
    for (const submissionId of other.submissionIds.values()) expect(await filedPages(submissionId)).toEqual([]);
  }, 120_000);

  test("the import page shows the finished progress and follows its live topic", async () => {
    const admin = await signedInAs(home.centre.people.centre_admin);
    const html = await (await get(`/paper/imports/${importId}`, admin)).text();
    expect(html).toContain("Finished");
    expect(html).toContain("9 filed on students");
    expect(html).toContain(`topic=scan%3A${importId}`);
  });

  test("a tutor files a page from the review queue on a student's worksheet", async () => {
    const tutor = await signedInAs(home.centre.people.tutor);
    const reviewHtml = await (await get("/paper/review", tutor)).text();
    expect(reviewHtml).toContain("No code could be read");
    const blank = await db
      .selectFrom("scan_pages")
      .where("import_id", "=", importId)
      .where("reason", "=", "no_code")
      .select(["id", "file_id"])
      .executeTakeFirstOrThrow();
    const third = home.submissionIds.get(home.students[2]!.id) as string;
    const form = new FormData();
    form.set("submissionId", third);
    form.set("pageNumber", "3");
    const response = await postForm(`/paper/review/${blank.id}`, tutor, form);
    expect(response.status).toBe(303);
    expect(await filedPages(third)).toEqual(["scan:0", "scan:1", "scan:2", "scan:3"]);
    const again = await postForm(`/paper/review/${blank.id}`, tutor, form);
    expect(again.status).toBe(409);
    const otherSubmission = [...other.submissionIds.values()][0] as string;
    const foreign = await db
      .selectFrom("scan_pages")
      .where("import_id", "=", importId)
      .where("reason", "=", "foreign")
      .select("id")
      .executeTakeFirstOrThrow();
    const refused = new FormData();
    refused.set("submissionId", otherSubmission);
    expect((await postForm(`/paper/review/${foreign.id}`, tutor, refused)).status).toBe(422);
  });
});

describe("students attach photos to their own submissions", () => {
  test("a photo is stored and linked; other bytes get 415 and store nothing", async () => {
    const student = home.students[0]!;
    const submissionId = home.submissionIds.get(student.id) as string;
    const who = await signedInAs(home.centre.people.student);
    const before = await db.selectFrom("files").where("owner_id", "=", student.id).select("id").execute();
    const bad = new FormData();
    bad.set("file", new File(["not really a picture"], "photo.jpg", { type: "image/jpeg" }));
    const refused = await postForm(`/homework/submissions/${submissionId}/files`, who, bad);
    expect(refused.status).toBe(415);
    expect(await refused.text()).toContain("is not a photo");
    expect(await db.selectFrom("files").where("owner_id", "=", student.id).select("id").execute()).toEqual(before);

    const good = new FormData();
    good.set("file", new File([await samplePhoto(400, 300)], "work.jpg", { type: "image/jpeg" }));
    const added = await postForm(`/homework/submissions/${submissionId}/files`, who, good);
    expect(added.status).toBe(303);
    const items = await attachmentsForSubmission(trustedCentreId(home.centre.id), submissionId);
    expect(items.filter((item) => item.pageNumber === null)).toHaveLength(1);
    const page = await (await get(`/homework/submissions/${submissionId}/files`, who)).text();
    expect(page).toContain('capture="environment"');
    expect(page).toContain("work.jpg");
  });

  test("another student's submission is not found, and a marked one takes no more photos", async () => {
    const who = await signedInAs(home.centre.people.student);
    const form = () => {
      const body = new FormData();
      body.set("file", new File(["x"], "a.jpg"));
      return body;
    };
    const someoneElse = home.submissionIds.get(home.students[1]!.id) as string;
    expect((await postForm(`/homework/submissions/${someoneElse}/files`, who, form())).status).toBe(404);
    const own = home.submissionIds.get(home.centre.people.student.id) as string;
    await db.updateTable("submissions").set({ status: "marked" }).where("id", "=", own).execute();
    expect((await postForm(`/homework/submissions/${own}/files`, who, form())).status).toBe(409);
  });
});

describe("the QR feature flag", () => {
  test("with QR worksheets off, the worksheet PDF and imports are not offered", async () => {
    await db
      .updateTable("centres")
      .set({ feature_flags: { qr_scanning: false } })
      .where("id", "=", other.centre.id)
      .execute();
    await announceCentreChange(other.centre.id);
    const tutor = await signedInAs(other.centre.people.tutor);
    expect((await get(`/homework/${other.homeworkId}/worksheet.pdf`, tutor)).status).toBe(404);
    expect(await (await get(`/homework/${other.homeworkId}`, tutor)).text()).not.toContain("worksheet.pdf");
    const admin = await signedInAs(other.centre.people.centre_admin);
    expect(await (await get("/paper/imports", admin)).text()).toContain("switched off");
  });
});
