import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import { addStudents, type Centre, createCentre, signedInAs } from "../../../tests/support/fixtures";
import { earnBadge } from "../../../tests/support/fixtures/badges";
import { NAMES_IN_SIX_SCRIPTS, pdfText } from "../../../tests/support/pdf-text";
import { createApp } from "../../app";
import { db } from "../../platform/db";

const app = createApp();
const EARNED_AT = new Date("2026-02-14T23:30:00Z");
let centre: Centre;
let students: { id: string; name: string }[];

const certificate = (studentId: string, code = "first_homework") =>
  `/students/${studentId}/badges/${code}/certificate.pdf`;

async function download(path: string, role: keyof Centre["people"], where = centre) {
  return send(app, "GET", path, await signedInAs(where.people[role]));
}

beforeAll(async () => {
  centre = await createCentre({ label: "certificate", timeZone: "Australia/Sydney", features: { gamification: true } });
  students = await addStudents(centre, [...NAMES_IN_SIX_SCRIPTS]);
  for (const student of [...students, centre.people.student])
    await earnBadge(centre.id, student.id, "first_homework", EARNED_AT);
});

describe("badge certificates", () => {
  test("a certificate names the student in any of six scripts, the badge, the day earned and the centre", async () => {
    for (const student of students) {
      const response = await download(certificate(student.id), "head_tutor");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/pdf");
      expect(response.headers.get("content-disposition")).toContain('filename="certificate-first_homework.pdf"');
      const lines = (await pdfText(new Uint8Array(await response.arrayBuffer()))).split("\n").map((l) => l.trim());
      expect(lines).toContain(student.name);
      expect(lines).toContain("First homework");
      expect(lines).toContain("Certificate of achievement");
      expect(lines).toContain(centre.name);
      // Earned late on the 14th in UTC: the 15th in Sydney, the centre's time zone.
      expect(lines).toContain("Earned on 15 February 2026");
    }
  });

  test("the student and their parents download it; another family and a tutor who does not teach them get 404", async () => {
    const own = certificate(centre.people.student.id);
    expect((await download(own, "student")).status).toBe(200);
    expect((await download(own, "parent")).status).toBe(200);
    const someoneElse = certificate(students[0]?.id as string);
    expect((await download(someoneElse, "student")).status).toBe(404);
    expect((await download(someoneElse, "parent")).status).toBe(404);
    expect((await download(someoneElse, "tutor")).status).toBe(404);
    expect((await download(someoneElse, "centre_admin")).status).toBe(200);
  });

  test("a badge not earned, an unknown or malformed badge code: a clear 4xx, never a 500", async () => {
    const student = centre.people.student.id;
    const notEarned = await download(certificate(student, "perfect_score"), "student");
    expect(notEarned.status).toBe(404);
    expect(await notEarned.text()).toContain("That certificate could not be found.");
    expect((await download(certificate(student, "no_such_badge"), "student")).status).toBe(404);
    const malformed = await download(certificate(student, "NOT-A-CODE!"), "student");
    expect(malformed.status).toBeGreaterThanOrEqual(400);
    expect(malformed.status).toBeLessThan(500);
  });

  test("another centre's staff cannot open this centre's certificates", async () => {
    const other = await createCentre({ label: "certificate-other", features: { gamification: true } });
    const response = await download(certificate(centre.people.student.id), "centre_owner", other);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(centre.people.student.name);
  });

  test("with gamification off there are no certificates", async () => {
    const off = await createCentre({ label: "certificate-off", features: { gamification: false } });
    await earnBadge(off.id, off.people.student.id, "first_homework");
    expect((await download(certificate(off.people.student.id), "student", off)).status).toBe(404);
  });

  test("the badges view links each earned badge to its certificate", async () => {
    const page = await (await download("/my-xp", "parent")).text();
    expect(page).toContain(`href="${certificate(centre.people.student.id)}"`);
  });

  test("in a Spanish centre the certificate is in Spanish, its date too", async () => {
    const spanish = await createCentre({ label: "certificado", locale: "es", features: { gamification: true } });
    await earnBadge(spanish.id, spanish.people.student.id, "first_homework", EARNED_AT);
    const response = await download(certificate(spanish.people.student.id), "student", spanish);
    expect(response.status).toBe(200);
    const text = await pdfText(new Uint8Array(await response.arrayBuffer()));
    expect(text).toContain("Certificado de logro");
    expect(text).toContain("Este certificado se otorga a");
    const day = new Intl.DateTimeFormat("es", { dateStyle: "long", timeZone: "UTC" }).format(EARNED_AT);
    expect(text).toContain(`Conseguida el ${day}`);
    const untouched = await db.selectFrom("badges_earned").where("centre_id", "=", spanish.id).selectAll().execute();
    expect(untouched).toHaveLength(1);
  });
});
