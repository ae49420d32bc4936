import type { TestCentre } from "../../../tests/support/identities";
import { createTestCentre } from "../../../tests/support/identities";
import { db } from "../../platform/db";

/**
 * Test data for the paper tests: a centre with QR worksheets on, three students and a paper
 * worksheet of two pages set for them. Homework rows are inserted directly (tests only) so the
 * paper tests do not depend on the homework screens.
 */
export interface PaperCentre {
  centre: TestCentre;
  students: { id: string; name: string }[];
  homeworkId: string;
  submissionIds: Map<string, string>;
}

async function addStudent(centreId: string, name: string): Promise<{ id: string; name: string }> {
  const row = await db
    .insertInto("users")
    .values({ centre_id: centreId, role: "student", name, student_code: `P${crypto.randomUUID().slice(0, 8)}` })
    .returning(["id", "name"])
    .executeTakeFirstOrThrow();
  return row;
}

export async function createPaperCentre(prefix = "paper"): Promise<PaperCentre> {
  const centre = await createTestCentre(prefix);
  await db
    .updateTable("centres")
    .set({ feature_flags: { qr_scanning: true } })
    .where("id", "=", centre.id)
    .execute();
  const students = [
    { id: centre.people.student.id, name: centre.people.student.name },
    await addStudent(centre.id, `Zoë Ångström ${prefix}`),
    await addStudent(centre.id, `Third student ${prefix}`),
  ];
  const homework = await db
    .insertInto("homework")
    .values({
      centre_id: centre.id,
      title: `Fractions worksheet ${prefix}`,
      instructions: "Paper worksheet: 2 pages.\n\nShow your working.",
      kind: "worksheet",
      set_by: centre.people.tutor.id,
      due_at: new Date(Date.now() + 7 * 24 * 3600 * 1000),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const submissions = await db
    .insertInto("submissions")
    .values(
      students.map((student) => ({
        centre_id: centre.id,
        homework_id: homework.id,
        student_id: student.id,
      })),
    )
    .returning(["id", "student_id"])
    .execute();
  return {
    centre,
    students,
    homeworkId: homework.id,
    submissionIds: new Map(submissions.map((row) => [row.student_id, row.id])),
  };
}
