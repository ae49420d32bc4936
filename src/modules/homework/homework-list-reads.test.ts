import { beforeAll, describe, expect, test } from "bun:test";
import { type Centre, createCentre, type MarkingBacklog, markingBacklog } from "../../../tests/support/fixtures";
import { db } from "../../platform/db";
import { readsOf } from "../../platform/db/rows-read";
import { type CentreId, trustedCentreId } from "../../platform/tenancy";
import { homeworkPage, PAGE_SIZE, type StaffScope } from "./queries";

/**
 * A tutor's /homework list keyed by its owner (issue 17): the page's homework is found from the
 * tutor's own homework (set by them or to their classes), however much other tutors have set.
 */
let centre: Centre;
let centreId: CentreId;
let backlog: MarkingBacklog;
const OTHER_TUTORS = 40;
const OTHER_HOMEWORK = 20;
const OWN_HOMEWORK = 30;

beforeAll(async () => {
  centre = await createCentre({ label: "homework-list" });
  centreId = trustedCentreId(centre.id);
  // 40 other tutors with 20 homework each: 800 pieces that are not the tutor's; 30 of theirs.
  backlog = await markingBacklog(centre, {
    otherTutors: OTHER_TUTORS,
    students: 3,
    homework: OTHER_HOMEWORK,
    ownStudents: 3,
    ownHomework: OWN_HOMEWORK,
  });
}, 120_000);

const tutorScope = (): StaffScope => ({ all: false, tutorId: centre.people.tutor.id, classIds: [backlog.ownClassId] });

describe("a tutor's homework list", () => {
  test("shows the tutor's homework only, a page at a time, every piece once", async () => {
    const first = await homeworkPage(db, centreId, tutorScope(), {});
    expect(first.rows).toHaveLength(PAGE_SIZE);
    expect(first.next).not.toBeNull();
    const second = await homeworkPage(db, centreId, tutorScope(), { after: first.next ?? "" });
    expect(second.next).toBeNull();
    const seen = [...first.rows, ...second.rows].map((row) => row.id);
    expect(new Set(seen)).toEqual(new Set(backlog.ownHomeworkIds));
    expect(seen).toHaveLength(OWN_HOMEWORK);
    const back = await homeworkPage(db, centreId, tutorScope(), { before: second.previous ?? "" });
    expect(back.rows.map((row) => row.id)).toEqual(first.rows.map((row) => row.id));
  });

  test("the page's homework is found from the tutor's own rows, not by walking the centre's", async () => {
    const [keys = {}] = await readsOf(db, () => homeworkPage(db, centreId, tutorScope(), {}));
    // Their homework, found by its owner's indexes (set by them, set to their class), at most
    // twice each; never the 800 pieces of other tutors walked in due order.
    expect({ homework: (keys.homework ?? 0) <= 2 * OWN_HOMEWORK, keys }).toEqual({ homework: true, keys });
    expect(Object.values(keys).reduce((sum, rows) => sum + rows, 0)).toBeLessThan((OTHER_TUTORS * OTHER_HOMEWORK) / 4);
  });

  test("a head tutor still sees the whole centre's, newest first", async () => {
    const all = await homeworkPage(db, centreId, { all: true }, {});
    expect(all.rows).toHaveLength(PAGE_SIZE);
    expect(all.next).not.toBeNull();
  });
});
