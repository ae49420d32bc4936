import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { PDFDocument } from "pdf-lib";
import {
  actorFor,
  type Credentials,
  createCentre,
  type PaperWorksheet,
  paperWorksheet,
  signedInAs,
} from "../../../tests/support/fixtures";
import { waitFor } from "../../../tests/support/processes";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import { liveChannel } from "../../platform/live";
import { redisChannelOf } from "../../platform/live/channels";
import { createRedis } from "../../platform/redis";
import { trustedCentreId } from "../../platform/tenancy";
import { startImport } from "./imports";
import { closePaperQueue } from "./jobs";
import { publishImportProgress } from "./live";

/**
 * Issue 12: the paper pages (photos of work, scan imports, review) in Arabic and Spanish, upload
 * refusals in the person's language, and the live progress fragment rendered outside any request
 * in the centre's language.
 */
const app = createApp();
const ORIGIN = "http://localhost";
let arabic: PaperWorksheet;
let spanish: PaperWorksheet;

beforeAll(async () => {
  [arabic, spanish] = await Promise.all([
    createCentre({ label: "paper-ar", locale: "ar", timeZone: "Asia/Riyadh" }).then((centre) =>
      paperWorksheet(centre, "ar"),
    ),
    createCentre({ label: "paper-es", locale: "es", timeZone: "Europe/Madrid" }).then((centre) =>
      paperWorksheet(centre, "es"),
    ),
  ]);
});

afterAll(async () => {
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

async function onePagePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([595.28, 841.89]);
  return doc.save();
}

describe("a student's paper worksheet in Arabic", () => {
  test("the homework page shows the pages set on paper in Arabic, not as stored", async () => {
    const student = await signedInAs(arabic.centre.people.student);
    const page = await (await get(`/my-homework/${arabic.homeworkId}`, student)).text();
    expect(page).toContain('dir="rtl"');
    expect(page).toContain("ورقة عمل ورقية: صفحتان.");
    expect(page).toContain("Show your working.");
    expect(page).not.toContain("Paper worksheet");
  });

  test("the photos page, and a file of the wrong type refused in Arabic with a 415", async () => {
    const student = await signedInAs(arabic.centre.people.student);
    const submissionId = arabic.submissionIds.get(arabic.centre.people.student.id) as string;
    const page = await (await get(`/homework/submissions/${submissionId}/files`, student)).text();
    expect(page).toContain("لا توجد صور أو صفحات ممسوحة بعد.");
    expect(page).toContain("أضف صورة أو مسحًا ضوئيًا لعملك");
    const form = new FormData();
    form.set("file", new File(["not really a picture"], "photo.jpg", { type: "image/jpeg" }));
    const refused = await postForm(`/homework/submissions/${submissionId}/files`, student, form);
    expect(refused.status).toBe(415);
    const html = await refused.text();
    expect(html).toContain("هذا الملف ليس صورة (JPEG أو PNG أو WebP) ولا ملف PDF ممسوحًا ضوئيًا. يُرجى اختيار ملف آخر.");
    expect(html).not.toContain("is not a photo");
  });
});

describe("scan imports and review in Spanish", () => {
  test("an import with no file is refused beside the form in Spanish (Zod message)", async () => {
    const admin = await signedInAs(spanish.centre.people.centre_admin);
    const refused = await postForm("/paper/imports", admin, new FormData());
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain("Elige un PDF o fotos de las páginas");
    expect(html).toContain("Importaciones de escaneos");
  });

  test("the import page dates the upload as Intl writes it in Spanish, and its live progress is Spanish too", async () => {
    const centreId = trustedCentreId(spanish.centre.id);
    const importId = await startImport(await actorFor(spanish.centre.people.centre_admin), [
      { bytes: await onePagePdf(), name: "copier.pdf" },
    ]);
    const { created_at: createdAt } = await db
      .selectFrom("scan_imports")
      .where("id", "=", importId)
      .select("created_at")
      .executeTakeFirstOrThrow();
    const admin = await signedInAs(spanish.centre.people.centre_admin);
    const page = await (await get(`/paper/imports/${importId}`, admin)).text();
    const written = new Intl.DateTimeFormat("es", {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: "Europe/Madrid",
    });
    expect(page).toContain(written.format(createdAt));
    expect(page).toContain("En espera");

    // Published by the worker, outside any request: rendered in the centre's language.
    const subscriber = createRedis();
    const messages: string[] = [];
    try {
      subscriber.on("message", (_channel, message) => messages.push(message));
      await subscriber.subscribe(redisChannelOf(liveChannel.scan(importId)));
      await publishImportProgress(centreId, importId);
      await waitFor(async () => messages.length > 0, 10_000, "the progress fragment");
    } finally {
      subscriber.disconnect();
    }
    const fragment = JSON.parse(messages[0] as string).data as string;
    expect(fragment).toContain("En espera");
    expect(fragment).toContain("0 archivadas en el trabajo de los alumnos · 0 por revisar");
    expect(fragment).not.toContain("Waiting to start");
  });

  test("the review page in Spanish", async () => {
    const tutor = await signedInAs(spanish.centre.people.tutor);
    const page = await (await get("/paper/review", tutor)).text();
    expect(page).toContain("Páginas escaneadas por revisar");
    expect(page).toContain("No hay nada pendiente de revisión.");
  });
});
