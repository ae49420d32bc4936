import { beforeAll, describe, expect, test } from "bun:test";
import { type Centre, createCentre } from "../../../tests/support/fixtures";
import { db } from "../../platform/db";
import { type CentreId, selectFromTenant, trustedCentreId } from "../../platform/tenancy";
import { DEMO_COURSE_TITLE, seedDemoCourses } from "./demo";
import { markAnswer } from "./marking";
import {
  coursesForStudent,
  exercisesByIds,
  exercisesForLessons,
  isEnrolled,
  lessonById,
  publishedLessonsForCourse,
} from "./service";

let centre: Centre;
let centreId: CentreId;
let other: Centre;
let courseId: string;

beforeAll(async () => {
  [centre, other] = await Promise.all([
    createCentre({ label: "course-svc" }),
    createCentre({ label: "course-svc-other" }),
  ]);
  centreId = trustedCentreId(centre.id);
  ({ courseId } = await seedDemoCourses(db, centreId, centre.people.head_tutor.id));
});

describe("the demo course", () => {
  test("has two published lessons, a material each, one exercise of every kind, and the students enrolled", async () => {
    const lessons = await publishedLessonsForCourse(centreId, courseId);
    expect(lessons.map((lesson) => lesson.title)).toEqual(["Fractions", "Decimals"]);
    const exercises = await exercisesForLessons(
      centreId,
      lessons.map((lesson) => lesson.id),
    );
    expect(new Set(exercises.map((exercise) => exercise.kind)).size).toBe(5);
    const materials = await selectFromTenant(db, "materials", centreId)
      .where(
        "lesson_id",
        "in",
        lessons.map((lesson) => lesson.id),
      )
      .select("id")
      .execute();
    expect(materials).toHaveLength(2);
    expect(await isEnrolled(centreId, courseId, centre.people.student.id)).toBe(true);
    expect(await isEnrolled(centreId, courseId, centre.youngStudent.id)).toBe(true);
  });

  test("seeding twice changes nothing", async () => {
    const again = await seedDemoCourses(db, centreId);
    expect(again).toEqual({ courseId, created: false });
    const courses = await selectFromTenant(db, "courses", centreId).where("title", "=", DEMO_COURSE_TITLE).execute();
    expect(courses).toHaveLength(1);
  });
});

describe("the module's exports", () => {
  test("exercises by lesson and by id, tenant-scoped, tolerant of junk ids", async () => {
    const [lesson] = await publishedLessonsForCourse(centreId, courseId);
    const exercises = await exercisesForLessons(centreId, [lesson?.id as string, "not-a-uuid"]);
    expect(exercises.length).toBe(3);
    expect(exercises[0]).toMatchObject({ lessonId: lesson?.id, kind: "multiple_choice", points: 1, position: 1 });
    const ids = exercises.map((exercise) => exercise.id);
    expect((await exercisesByIds(centreId, [...ids, "junk"])).map((exercise) => exercise.id).sort()).toEqual(
      [...ids].sort(),
    );
    expect(await exercisesByIds(trustedCentreId(other.id), ids)).toEqual([]);
    expect(await exercisesForLessons(trustedCentreId(other.id), [lesson?.id as string])).toEqual([]);
  });

  test("marking through the exported markAnswer", async () => {
    const [lesson] = await publishedLessonsForCourse(centreId, courseId);
    const [choice] = await exercisesForLessons(centreId, [lesson?.id as string]);
    expect(markAnswer(choice as NonNullable<typeof choice>, 1)).toEqual({ isCorrect: true, points: 1 });
    expect(markAnswer(choice as NonNullable<typeof choice>, "0")).toEqual({ isCorrect: false, points: 0 });
  });

  test("lessons, courses and enrolment do not cross centres", async () => {
    const [lesson] = await publishedLessonsForCourse(centreId, courseId);
    expect(await lessonById(centreId, lesson?.id as string)).toMatchObject({ courseId, status: "published" });
    expect(await lessonById(trustedCentreId(other.id), lesson?.id as string)).toBeUndefined();
    expect(await lessonById(centreId, "junk")).toBeUndefined();
    expect(await publishedLessonsForCourse(trustedCentreId(other.id), courseId)).toEqual([]);
    expect((await coursesForStudent(centreId, centre.people.student.id)).map((course) => course.title)).toContain(
      DEMO_COURSE_TITLE,
    );
    expect(await coursesForStudent(trustedCentreId(other.id), centre.people.student.id)).toEqual([]);
    expect(await isEnrolled(trustedCentreId(other.id), courseId, centre.people.student.id)).toBe(false);
    expect(await isEnrolled(centreId, courseId, other.people.student.id)).toBe(false);
  });
});
