import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "kysely";
import { send } from "../../../tests/security/walk";
import { addPerson, type Centre, classWith, createCentre, signedInAs } from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import type { AttendanceStatus, SubmissionStatus } from "../../platform/db/schema";
import { trustedCentreId } from "../../platform/tenancy";
import { type AttentionFacts, attentionReasons, studentsNeedingAttention } from "./attention";

const DAY = 86_400_000;
const now = new Date();
const ago = (days: number) => new Date(now.getTime() - days * DAY);

function facts(change: Partial<AttentionFacts>): AttentionFacts {
  return {
    due: { considered: 4, missed: 0 },
    marked: { count: 4, average: 0.8 },
    attendance: { recorded: 4, attended: 4 },
    ...change,
  };
}
const rules = (change: Partial<AttentionFacts>) => attentionReasons(facts(change)).map((reason) => reason.rule);

describe("each rule, at its edge", () => {
  test("two or more of the last four homework missed; one is not enough", () => {
    expect(rules({ due: { considered: 4, missed: 2 } })).toEqual(["missed"]);
    expect(rules({ due: { considered: 4, missed: 1 } })).toEqual([]);
  });

  test("an average below 50% over the last four marked; exactly 50% is not below", () => {
    expect(rules({ marked: { count: 4, average: 0.49 } })).toEqual(["lowAverage"]);
    expect(rules({ marked: { count: 4, average: 0.5 } })).toEqual([]);
    expect(rules({ marked: { count: 0, average: null } })).toEqual([]);
  });

  test("attendance below 75% in the last month; exactly 75% is not below, nothing recorded is no concern", () => {
    expect(rules({ attendance: { recorded: 4, attended: 2 } })).toEqual(["lowAttendance"]);
    expect(rules({ attendance: { recorded: 4, attended: 3 } })).toEqual([]);
    expect(rules({ attendance: { recorded: 0, attended: 0 } })).toEqual([]);
  });
});

describe("the rules over a real class", () => {
  let centre: Centre;
  let classId: string;
  const student: Record<string, string> = {};

  async function work(name: string, pieces: { daysAgo: number; status: SubmissionStatus; score?: number }[]) {
    for (const piece of pieces) {
      const homework = await db
        .insertInto("homework")
        .values({
          centre_id: centre.id,
          title: `Work for ${name}`,
          kind: "exercises",
          class_id: classId,
          set_by: centre.people.tutor.id,
          due_at: ago(piece.daysAgo),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const handedIn = ["submitted", "marked"].includes(piece.status);
      await db
        .insertInto("submissions")
        .values({
          centre_id: centre.id,
          homework_id: homework.id,
          student_id: student[name] as string,
          status: piece.status,
          submitted_at: handedIn ? ago(piece.daysAgo + 1) : null,
          score: piece.status === "marked" ? sql`${piece.score ?? 10}` : null,
          max_score: sql`10`,
        })
        .execute();
    }
  }

  const sessions = new Map<number, string>();

  /** The class's session that many days ago (one per day, shared by the students). */
  async function sessionOn(daysAgo: number): Promise<string> {
    const known = sessions.get(daysAgo);
    if (known) return known;
    const session = await db
      .insertInto("class_sessions")
      .values({ centre_id: centre.id, class_id: classId, starts_at: ago(daysAgo), ends_at: ago(daysAgo - 0.04) })
      .returning("id")
      .executeTakeFirstOrThrow();
    sessions.set(daysAgo, session.id);
    return session.id;
  }

  async function attended(name: string, marks: [number, AttendanceStatus][]) {
    for (const [daysAgo, status] of marks) {
      const session = { id: await sessionOn(daysAgo) };
      await db
        .insertInto("attendance")
        .values({
          centre_id: centre.id,
          session_id: session.id,
          student_id: student[name] as string,
          status,
          method: "tutor",
        })
        .execute();
    }
  }

  const names = ["missedTwo", "missedOlder", "lowAverage", "halfExactly", "lowAttendance", "threeQuarters", "dueLater"];

  beforeAll(async () => {
    centre = await createCentre({ label: "attention" });
    for (const name of names) student[name] = (await addPerson(centre, "student", { name })).id;
    classId = await classWith(centre, {
      tutor: centre.people.tutor,
      members: names.map((name) => ({ id: student[name] as string })),
    });
    await work("missedTwo", [
      { daysAgo: 1, status: "submitted" },
      { daysAgo: 2, status: "not_started" },
      { daysAgo: 3, status: "returned" },
      { daysAgo: 4, status: "marked" },
    ]);
    // One missed of the last four; two more missed before them do not count.
    await work("missedOlder", [
      { daysAgo: 1, status: "not_started" },
      { daysAgo: 2, status: "marked" },
      { daysAgo: 3, status: "marked" },
      { daysAgo: 4, status: "marked" },
      { daysAgo: 5, status: "not_started" },
      { daysAgo: 6, status: "in_progress" },
    ]);
    // 45% over the last four marked; the older 10/10 would lift it to 56% if it counted.
    await work("lowAverage", [
      { daysAgo: 1, status: "marked", score: 4 },
      { daysAgo: 2, status: "marked", score: 4 },
      { daysAgo: 3, status: "marked", score: 5 },
      { daysAgo: 4, status: "marked", score: 5 },
      { daysAgo: 5, status: "marked", score: 10 },
    ]);
    await work(
      "halfExactly",
      [1, 2, 3, 4].map((daysAgo) => ({ daysAgo, status: "marked" as const, score: 5 })),
    );
    await attended("lowAttendance", [
      [3, "present"],
      [10, "absent"],
      [17, "absent"],
      [24, "late"],
    ]);
    // 75% in the last month; the absences 40 days ago are outside it.
    await attended("threeQuarters", [
      [3, "present"],
      [10, "late"],
      [17, "present"],
      [24, "absent"],
      [40, "absent"],
      [41, "absent"],
      [42, "absent"],
    ]);
    // Not started, but not due yet: not missed.
    await work("dueLater", [
      { daysAgo: -2, status: "not_started" },
      { daysAgo: -3, status: "not_started" },
    ]);
  });

  test("lists exactly the students a rule holds for, with the rule", async () => {
    const listed = await studentsNeedingAttention(db, trustedCentreId(centre.id), centre.people.tutor.id, now);
    const byName = Object.fromEntries(listed.map((row) => [row.name, row.reasons.map((reason) => reason.rule)]));
    expect(byName).toEqual({
      missedTwo: ["missed"],
      lowAverage: ["lowAverage"],
      lowAttendance: ["lowAttendance"],
    });
    const low = listed.find((row) => row.name === "lowAverage")?.reasons[0];
    expect(low).toEqual({ rule: "lowAverage", average: 0.45, count: 4 });
  });

  test("another tutor's dashboard lists none of them", async () => {
    const other = await addPerson(centre, "tutor", { name: "Other tutor" });
    expect(await studentsNeedingAttention(db, trustedCentreId(centre.id), other.id, now)).toEqual([]);
  });

  test("the tutor's dashboard names each student with the reason in words and states the rules", async () => {
    const html = await (await send(createApp(), "GET", "/home", await signedInAs(centre.people.tutor))).text();
    expect(html).toContain("2 of the last 4 homework missed");
    expect(html).toContain("average 45% over the last 4 marked homework");
    expect(html).toContain("attendance 50% in the last month");
    expect(html).toContain("two or more of their last four homework");
    expect(html).not.toContain(">threeQuarters<");
  });
});
