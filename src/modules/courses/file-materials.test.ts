import { beforeAll, describe, expect, test } from "bun:test";
import { send, sendConfirmed } from "../../../tests/security/walk";
import { type Centre, type Credentials, createCentre, demoCourse, signedInAs } from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { db } from "../../platform/db";

const app = createApp();
let centre: Centre;
let lessonId: string;
let author: Credentials;
let tutor: Credentials;
let student: Credentials;

beforeAll(async () => {
  centre = await createCentre({ label: "file-materials" });
  ({ lessonId } = await demoCourse(centre));
  [author, tutor, student] = await Promise.all([
    signedInAs(centre.people.head_tutor),
    signedInAs(centre.people.tutor),
    signedInAs(centre.people.student),
  ]);
});

/** A plain multipart form post, the file last, as a browser sends it. */
function postFile(who: Credentials, path: string, fields: Record<string, string>, file: File): Promise<Response> {
  const form = new FormData();
  form.append("_csrf", who.csrfToken);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append("file", file);
  return app.handle(
    new Request(`http://localhost${path}`, {
      method: "POST",
      headers: { cookie: who.cookie, origin: "http://localhost" },
      body: form,
    }),
  );
}

const pdf = () => new File([new TextEncoder().encode("%PDF-1.7\n"), new Uint8Array(2000)], "notes.pdf");

async function auditActions(materialId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("audit_events")
    .where("target_type", "=", "material")
    .where("target_id", "=", materialId)
    .select("action")
    .orderBy("id")
    .execute();
  return rows.map((row) => row.action);
}

describe("file materials through the app", () => {
  test("the form post adds a PDF; adding and removing it are audited, and its file goes with it", async () => {
    const response = await postFile(
      author,
      `/lessons/${lessonId}/materials/file`,
      { title: "Notes", medium: "document" },
      pdf(),
    );
    expect(response.status).toBe(303);
    const material = await db
      .selectFrom("materials")
      .where("lesson_id", "=", lessonId)
      .where("title", "=", "Notes")
      .select(["id", "file_id"])
      .executeTakeFirstOrThrow();
    const page = await (await send(app, "GET", `/lessons/${lessonId}`, student)).text();
    expect(page).toContain("Download notes.pdf");

    const removed = await sendConfirmed(app, `/materials/${material.id}/delete`, author);
    expect(removed.status).toBe(303);
    expect(await auditActions(material.id)).toEqual(["material.add", "material.remove"]);
    const file = await db
      .selectFrom("files")
      .where("id", "=", material.file_id as string)
      .select("id")
      .executeTakeFirst();
    expect(file).toBeUndefined();
  });

  test("a wrong type for the kind, or no file, comes back on the form with a clear message", async () => {
    const wrong = await postFile(
      author,
      `/lessons/${lessonId}/materials/file`,
      { title: "Clip", medium: "video" },
      pdf(),
    );
    expect(wrong.status).toBe(415);
    const html = await wrong.text();
    expect(html).toContain("That file is not a video (MP4 or WebM).");
    expect(html).toContain('value="Clip"');
    const none = await send(app, "POST", `/lessons/${lessonId}/materials/file`, author, {
      body: { title: "Nothing", medium: "document" },
    });
    expect(none.status).toBe(422);
    expect(await none.text()).toContain("Choose a file to upload.");
  });

  test("students cannot add files; the start of a direct upload checks the size before anything is stored", async () => {
    expect((await send(app, "GET", `/lessons/${lessonId}/materials/file`, student)).status).toBe(403);
    const huge = await send(app, "POST", `/lessons/${lessonId}/materials/uploads`, author, {
      body: { title: "Huge", medium: "video", name: "huge.mp4", size: String(300 * 1024 * 1024) },
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({ error: "That file is larger than 250 MB. Please choose a smaller one." });
  });
});

describe("whether plain tutors may author courses is the centre's setting", () => {
  test("refused by default, allowed once the owner switches it on", async () => {
    const course = { title: "Tutor's course", summary: "" };
    expect((await send(app, "POST", "/courses", tutor, { body: course })).status).toBe(403);
    expect((await send(app, "GET", `/lessons/${lessonId}/materials/file`, tutor)).status).toBe(403);

    const owner = await signedInAs(centre.people.centre_owner);
    const setting = (enabled: string) =>
      send(app, "POST", "/settings/features", owner, { body: { feature: "tutors_author_courses", enabled } });
    expect((await setting("true")).status).toBe(303);
    expect((await send(app, "POST", "/courses", tutor, { body: course })).status).toBe(303);
    expect((await send(app, "GET", `/lessons/${lessonId}/materials/file`, tutor)).status).toBe(200);
    // Publishing stays with head tutors and above.
    const [created] = await db.selectFrom("courses").where("title", "=", course.title).select("id").execute();
    expect((await send(app, "POST", `/courses/${created?.id}/publish`, tutor)).status).toBe(403);

    expect((await setting("false")).status).toBe(303);
    expect((await send(app, "POST", "/courses", tutor, { body: course })).status).toBe(403);
  });
});
