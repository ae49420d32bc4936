import { seedDemoClasses } from "../../src/modules/classes/demo";
import { classesForTutor } from "../../src/modules/classes/service";
import { seedDemoCourses } from "../../src/modules/courses/demo";
import { exercisesForLessons, publishedLessonsForCourse } from "../../src/modules/courses/service";
import { assignHomework } from "../../src/modules/homework/service";
import { actorInCentre } from "../../src/platform/centre-context";
import { db } from "../../src/platform/db";
import { trustedCentreId } from "../../src/platform/tenancy";
import { createTestCentre, type TestCentre } from "./identities";

export interface CentreWithHomework {
  centre: TestCentre;
  homeworkId: string;
}

/**
 * A centre with the demo course and classes, and fresh homework (the demo free-response question)
 * set by the tutor to the 13+ student: work that lands in the tutor's marking queue when handed in.
 */
export async function centreWithHomework(label: string): Promise<CentreWithHomework> {
  const centre = await createTestCentre(label);
  const centreId = trustedCentreId(centre.id);
  const { courseId } = await seedDemoCourses(db, centreId, centre.people.head_tutor.id);
  await seedDemoClasses(db, centreId);
  const [klass] = await classesForTutor(centreId, centre.people.tutor.id);
  const [lesson] = await publishedLessonsForCourse(centreId, courseId);
  const exercises = (await exercisesForLessons(centreId, [lesson?.id as string])).filter(
    (row) => row.kind === "free_response",
  );
  const tutor = await actorInCentre(
    { userId: centre.people.tutor.id, role: "tutor" as const, name: centre.people.tutor.name },
    centreId,
    { ip: "127.0.0.1", userAgent: null, requestId: "test-fixture" },
  );
  const homeworkId = await assignHomework(tutor, {
    title: `Homework for ${label}`,
    instructions: "",
    kind: "exercises",
    classId: klass?.id as string,
    studentId: centre.people.student.id,
    lessonId: lesson?.id as string,
    exerciseIds: exercises.map((row) => row.id),
    pages: null,
    outOf: null,
    dueAt: new Date(Date.now() + 86_400_000),
  });
  return { centre, homeworkId };
}
