import { beforeAll, describe, expect, test } from "bun:test";
import {
  type Centre,
  centreWithPlatformAdmin,
  type PasswordPerson,
  signInFormFor,
} from "../../../tests/support/fixtures";
import { signIn } from "../../../tests/support/session";
import { createApp } from "../../app";
import { db } from "../../platform/db";

const app = createApp();
let fixture: Centre;
let platformAdmin: PasswordPerson;

beforeAll(async () => {
  ({ centre: fixture, platformAdmin } = await centreWithPlatformAdmin({ label: "Profile", timeZone: "Europe/London" }));
});

async function auditActions(actorId: string, action: string) {
  return db
    .selectFrom("audit_events")
    .where("actor_id", "=", actorId)
    .where("action", "=", action)
    .select(["centre_id as centreId", "target_id as targetId"])
    .execute();
}

describe("profile", () => {
  test("shows your name, role, centre, decrypted email and last sign-in", async () => {
    const parent = await signIn(app, signInFormFor(fixture, fixture.people.parent));
    const response = await parent.get("/profile");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(fixture.people.parent.name);
    expect(html).toContain("Parent");
    expect(html).toContain(fixture.name);
    expect(html).toContain(fixture.people.parent.email);
    // In the centre's time zone and the reader's language, as Intl formats it.
    const { last_sign_in_at: lastSignIn } = await db
      .selectFrom("users")
      .where("id", "=", fixture.people.parent.id)
      .select("last_sign_in_at")
      .executeTakeFirstOrThrow();
    const shown = new Intl.DateTimeFormat("en-GB", {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: "Europe/London",
    }).format(lastSignIn as Date);
    expect(html).toContain(`Last sign-in</dt><dd>${shown}</dd>`);
    expect(html).toContain('action="/sign-out-everywhere"');
    expect(html).toContain('action="/profile/password"');
    expect(html).not.toContain('action="/profile/pin"');
  });

  test("the platform admin's profile names no centre", async () => {
    const admin = await signIn(app, signInFormFor(fixture, platformAdmin));
    const html = await (await admin.get("/profile")).text();
    expect(html).toContain(platformAdmin.email);
    expect(html).toContain("None: you work across all centres");
  });

  test("a password change keeps this session, signs out the others, and is audited", async () => {
    const person = fixture.people.tutor;
    const here = await signIn(app, signInFormFor(fixture, person));
    const elsewhere = await signIn(app, signInFormFor(fixture, person));
    const next = "a-brand-new-password-2026";

    const changed = await here.post("/profile/password", { current: person.password, password: next, confirm: next });
    expect(changed.status).toBe(303);
    expect(changed.headers.get("location")).toBe("/profile?changed=password");

    const after = await here.get("/profile?changed=password");
    expect(after.status).toBe(200);
    expect(await after.text()).toContain("Your password was changed");
    expect((await elsewhere.get("/profile")).status).toBe(401);

    await expect(signIn(app, signInFormFor(fixture, person))).rejects.toThrow("Sign-in refused with 401");
    await signIn(app, signInFormFor(fixture, person, next));
    expect(await auditActions(person.id, "auth.password_change")).toEqual([
      { centreId: fixture.id, targetId: person.id },
    ]);
  });

  test("a wrong current password or a weak new one re-renders the form with 422 and changes nothing", async () => {
    const person = fixture.people.head_tutor;
    const here = await signIn(app, signInFormFor(fixture, person));
    const elsewhere = await signIn(app, signInFormFor(fixture, person));
    const cases: [Record<string, string>, string][] = [
      [
        { current: "not-my-password", password: "long-enough-password", confirm: "long-enough-password" },
        "That is not your current password.",
      ],
      [{ current: person.password, password: "short", confirm: "short" }, "Use at least 10 characters"],
      [
        { current: person.password, password: "long-enough-password", confirm: "long-enough-passw0rd" },
        "The two passwords differ",
      ],
      [
        { current: person.password, password: person.password, confirm: person.password },
        "different from your current one",
      ],
      [{ current: person.password }, "This is required."],
    ];
    for (const [form, message] of cases) {
      const response = await here.post("/profile/password", form);
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(html).toContain(message);
      expect(html).toContain('action="/profile/password"');
    }
    expect((await elsewhere.get("/profile")).status).toBe(200);
    await signIn(app, signInFormFor(fixture, person));
    expect(await auditActions(person.id, "auth.password_change")).toEqual([]);
  });

  test("guessing the current password is throttled", async () => {
    const person = fixture.people.centre_admin;
    const here = await signIn(app, signInFormFor(fixture, person));
    const wrong = { current: "guess-number-x", password: "long-enough-password", confirm: "long-enough-password" };
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await here.post("/profile/password", wrong)).status).toBe(422);
    }
    const refused = await here.post("/profile/password", { ...wrong, current: person.password });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  test("a student changes their PIN the same way, and has no password to change", async () => {
    const student = fixture.people.student;
    const here = await signIn(app, signInFormFor(fixture, student));
    const elsewhere = await signIn(app, signInFormFor(fixture, student));
    const html = await (await here.get("/profile")).text();
    expect(html).toContain('action="/profile/pin"');
    expect(html).toContain(student.studentCode);

    const wrong = await here.post("/profile/pin", { current: "0000", pin: "975318", confirm: "975318" });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain("That is not your current PIN.");
    const short = await here.post("/profile/pin", { current: student.pin, pin: "12", confirm: "12" });
    expect(short.status).toBe(422);
    expect(await short.text()).toContain("A PIN is 4 to 8 digits");
    const easy = await here.post("/profile/pin", { current: student.pin, pin: "123456", confirm: "123456" });
    expect(easy.status).toBe(422);
    expect(await easy.text()).toContain("too easy to guess");
    const fourDigits = await here.post("/profile/pin", { current: student.pin, pin: "5827", confirm: "5827" });
    expect(fourDigits.status).toBe(422);
    expect(await fourDigits.text()).toContain("A PIN is 6 to 8 digits at this centre");
    const password = await here.post("/profile/password", {
      current: student.pin,
      password: "long-enough-password",
      confirm: "long-enough-password",
    });
    expect(password.status).toBe(403);

    const changed = await here.post("/profile/pin", { current: student.pin, pin: "975318", confirm: "975318" });
    expect(changed.status).toBe(303);
    expect((await here.get("/profile")).status).toBe(200);
    expect((await elsewhere.get("/profile")).status).toBe(401);
    await signIn(app, signInFormFor(fixture, student, "975318"));
    expect(await auditActions(student.id, "auth.pin_change")).toHaveLength(1);
  });

  test("staff cannot use the PIN form", async () => {
    const owner = await signIn(app, signInFormFor(fixture, fixture.people.centre_owner));
    const response = await owner.post("/profile/pin", { current: "1234", pin: "5678", confirm: "5678" });
    expect(response.status).toBe(403);
  });

  test("signed out, the profile asks you to sign in", async () => {
    const response = await app.handle(new Request("http://localhost/profile"));
    expect(response.status).toBe(401);
  });
});
