import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import { type Centre, type Credentials, createCentre, samplePhoto, signedInAs } from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import { storeDerivedImages } from "../files/service";

const app = createApp();
let centre: Centre;
let student: Credentials;

beforeAll(async () => {
  centre = await createCentre({ label: "avatars" });
  student = await signedInAs(centre.people.student);
});

function postAvatar(who: Credentials, file: File): Promise<Response> {
  const form = new FormData();
  form.append("_csrf", who.csrfToken);
  form.append("file", file);
  return app.handle(
    new Request("http://localhost/profile/avatar", {
      method: "POST",
      headers: { cookie: who.cookie, origin: "http://localhost" },
      body: form,
    }),
  );
}

const avatarOf = async (userId: string) =>
  (await db.selectFrom("users").where("id", "=", userId).select("avatar_file_id").executeTakeFirstOrThrow())
    .avatar_file_id;

describe("avatars", () => {
  test("a person uploads their picture; it replaces the old one and shows on their profile", async () => {
    const first = await postAvatar(student, new File([await samplePhoto(600, 600)], "me.jpg"));
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/profile?changed=avatar");
    const firstId = (await avatarOf(centre.people.student.id)) as string;
    expect(firstId).toBeString();

    expect((await postAvatar(student, new File([await samplePhoto(400, 300)], "me2.jpg"))).status).toBe(303);
    const secondId = (await avatarOf(centre.people.student.id)) as string;
    expect(secondId).not.toBe(firstId);
    expect(await db.selectFrom("files").where("id", "=", firstId).select("id").executeTakeFirst()).toBeUndefined();

    // The worker's thumbnail (made here directly) is what the profile and rosters show.
    await storeDerivedImages(centre.id, secondId);
    const page = await (await send(app, "GET", "/profile", student)).text();
    expect(page).toMatch(/<img class="avatar avatar-large" src="[^"]+" width="320" height="240"/);
  });

  test("a file that is not a photo is refused beside the field", async () => {
    const pdf = new File([new TextEncoder().encode("%PDF-1.7\n"), new Uint8Array(100)], "cv.pdf");
    const response = await postAvatar(student, pdf);
    expect(response.status).toBe(415);
    expect(await response.text()).toContain("That file is not a JPEG, PNG or WebP photo.");
  });
});
