import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "kysely";
import { send } from "../../../tests/security/walk";
import { type Centre, type Credentials, createCentre, signedInAs } from "../../../tests/support/fixtures";
import { pageLink } from "../../../tests/support/paging";
import { createApp } from "../../app";
import { ENROLMENTS_PAGE_SIZE, enrolledStudents } from "../../modules/courses/queries";
import { trustedCentreId } from "../tenancy";
import { db } from ".";
import { encodeKey } from "./keyset";
import { rowsReadBy, selectsOf } from "./rows-read";

/**
 * Every list that grows pages by keyset (issue 17): walked to its end by its "next" links it shows
 * each row once, in the list's order; "previous" comes back page by page; a page link stays put
 * when a row is added before it; a forged or damaged link is a 400 with a message; htmx gets the
 * same rows. Rows are written set-based with ties in their times, so the id breaks them.
 */
const app = createApp();
let centre: Centre;
const who: Record<"admin" | "head" | "tutor" | "student", Credentials> = {} as never;
let courseId: string;
let enrolledCourseId: string;

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const tie = sql`now() - ((n / 2) * interval '1 minute')`;

interface ListCase {
  name: string;
  path: string;
  as: keyof typeof who;
  /** The id each row shows, found in the page's HTML. */
  rows: RegExp;
  /** The list's rows, in its order, from the database. */
  expected: () => Promise<string[]>;
  /** Writes a row that sorts before every seeded one, to show a page link stays put. */
  addFirst?: () => Promise<unknown>;
  /** Only the part of the page that holds this list (a page with two lists). */
  part?: (html: string) => string;
}

async function ordered(query: ReturnType<typeof sql<{ id: string }>>): Promise<string[]> {
  return (await query.execute(db)).rows.map((row) => row.id);
}

const ids = (html: string, pattern: RegExp) => [...html.matchAll(pattern)].map((match) => match[1] as string);
const unique = (list: string[]) => list.filter((id, index) => list.indexOf(id) === index);
const link = pageLink;

async function get(path: string, as: Credentials, headers: Record<string, string> = {}): Promise<string> {
  // What a browser sends: the path without its #fragment.
  const response = await send(app, "GET", path.replace(/#.*$/, ""), as, { headers });
  expect(response.status, `${path} answered ${response.status}`).toBe(200);
  return response.text();
}

beforeAll(async () => {
  centre = await createCentre({ label: "keyset-lists" });
  const { centre_admin: admin, head_tutor: head, tutor, student } = centre.people;
  who.admin = await signedInAs(admin);
  who.head = await signedInAs(head);
  who.tutor = await signedInAs(tutor);
  who.student = await signedInAs(student);
  const c = centre.id;
  await sql`insert into kiosk_devices (centre_id, name, created_at)
    select ${c}::uuid, 'Kiosk ' || n, ${tie} from generate_series(1, 110) n`.execute(db);
  await sql`insert into exports (centre_id, kind, requested_by, created_at)
    select ${c}::uuid, 'attendance', ${admin.id}::uuid, ${tie} from generate_series(1, 45) n`.execute(db);
  const file = await sql<{
    id: string;
  }>`insert into files (centre_id, owner_id, bucket, object_key, kind, original_name,
      status, content_type, size_bytes, checksum_sha256, stored_at)
    values (${c}::uuid, ${admin.id}::uuid, 'aetherlearn-documents', ${`centres/${c}/keyset/scan.pdf`}, 'scan_batch', 'scan.pdf',
      'stored', 'application/pdf', 10, repeat('0', 64), now()) returning id`.execute(db);
  const fileId = file.rows[0]?.id as string;
  await sql`insert into scan_imports (centre_id, uploaded_by, file_id, created_at)
    select ${c}::uuid, ${admin.id}::uuid, ${fileId}::uuid, ${tie} from generate_series(1, 45) n`.execute(db);
  const batch = await sql<{ id: string }>`select id from scan_imports where centre_id = ${c}::uuid limit 1`.execute(db);
  await sql`insert into scan_pages (centre_id, import_id, page_index, file_id, status, reason, created_at)
    select ${c}::uuid, ${batch.rows[0]?.id}::uuid, n, ${fileId}::uuid, 'needs_review', 'no_code', now() - interval '1 day' + (n / 2) * interval '1 minute'
    from generate_series(1, 30) n`.execute(db);
  await sql`insert into mail_messages (id, key, centre_id, recipient_id, template, message_id, status, created_at)
    select gen_random_uuid(), 'keyset-' || gen_random_uuid(), ${c}::uuid, ${admin.id}::uuid, 'invitation',
      'keyset-' || n, case when n % 3 = 0 then 'failed' else 'sent' end, ${tie}
    from generate_series(1, 170) n`.execute(db);
  await sql`insert into courses (centre_id, title)
    select ${c}::uuid, 'Course ' || lpad((n / 2)::text, 3, '0') from generate_series(1, 60) n`.execute(db);
  courseId = (await sql<{ id: string }>`select id from courses where centre_id = ${c}::uuid limit 1`.execute(db))
    .rows[0]?.id as string;
  enrolledCourseId = (
    await sql<{
      id: string;
    }>`insert into courses (centre_id, title) values (${c}::uuid, 'Zz enrolled') returning id`.execute(db)
  ).rows[0]?.id as string;
  await sql`insert into users (centre_id, role, name, student_code)
    select ${c}::uuid, 'student', 'Pupil ' || lpad((n / 2)::text, 3, '0'), ${`${centre.slug}-k`} || n
    from generate_series(1, 110) n`.execute(db);
  await sql`insert into enrolments (centre_id, course_id, student_id)
    select ${c}::uuid, ${enrolledCourseId}::uuid, id from users where centre_id = ${c}::uuid and name like 'Pupil %'`.execute(
    db,
  );
  await sql`insert into classes (centre_id, course_id, tutor_id, name, starts_on)
    select ${c}::uuid, ${courseId}::uuid, case when n % 2 = 0 then ${tutor.id}::uuid else ${head.id}::uuid end,
      'Group ' || lpad((n / 4)::text, 3, '0'), current_date
    from generate_series(1, 60) n`.execute(db);
  await sql`insert into message_threads (centre_id, student_id, subject, opened_by, last_message_at)
    select ${c}::uuid, ${student.id}::uuid, 'Thread ' || n, ${admin.id}::uuid, ${tie} from generate_series(1, 55) n`.execute(
    db,
  );
  await sql`insert into announcements (centre_id, audience, title, body, author_id, created_at)
    select ${c}::uuid, 'centre', 'Notice ' || n, 'Body', ${admin.id}::uuid, ${tie} from generate_series(1, 45) n`.execute(
    db,
  );
  await sql`insert into announcement_recipients (centre_id, announcement_id, user_id)
    select ${c}::uuid, id, ${student.id}::uuid from announcements where centre_id = ${c}::uuid`.execute(db);
  await sql`insert into homework (centre_id, title, kind, set_by, due_at)
    select ${c}::uuid, 'Task ' || n, 'exercises', ${tutor.id}::uuid, now() + ((n / 2) - 30) * interval '1 day'
    from generate_series(1, 60) n`.execute(db);
  await sql`insert into submissions (centre_id, homework_id, student_id, status, submitted_at)
    select ${c}::uuid, h.id, ${student.id}::uuid,
      case when h.title ~ '[02468]$' then 'not_started' else 'submitted' end,
      case when h.title ~ '[02468]$' then null else now() end
    from homework h where h.centre_id = ${c}::uuid and h.title like 'Task %'`.execute(db);
});

const c = () => centre.id;
const CASES: ListCase[] = [
  {
    name: "kiosk devices",
    path: "/kiosks",
    as: "admin",
    rows: new RegExp(`id="kiosk-(${UUID})"`, "g"),
    expected: () =>
      ordered(sql`select id from kiosk_devices where centre_id = ${c()}::uuid order by created_at desc, id desc`),
    addFirst: () => sql`insert into kiosk_devices (centre_id, name) values (${c()}::uuid, 'Newest')`.execute(db),
  },
  {
    name: "exports",
    path: "/exports",
    as: "admin",
    rows: new RegExp(`href="/exports/(${UUID})"`, "g"),
    expected: () =>
      ordered(sql`select id from exports where centre_id = ${c()}::uuid order by created_at desc, id desc`),
    addFirst: () =>
      sql`insert into exports (centre_id, kind, requested_by) values (${c()}::uuid, 'marks', ${centre.people.centre_admin.id}::uuid)`.execute(
        db,
      ),
  },
  {
    name: "paper imports",
    path: "/paper/imports",
    as: "admin",
    rows: new RegExp(`href="/paper/imports/(${UUID})"`, "g"),
    expected: () =>
      ordered(sql`select id from scan_imports where centre_id = ${c()}::uuid order by created_at desc, id desc`),
  },
  {
    name: "paper review queue",
    path: "/paper/review",
    as: "admin",
    rows: new RegExp(`data-page-id="(${UUID})"`, "g"),
    expected: () =>
      ordered(
        sql`select id from scan_pages where centre_id = ${c()}::uuid and status = 'needs_review' order by created_at, id`,
      ),
  },
  {
    name: "mail log",
    path: "/admin/mail",
    as: "admin",
    rows: new RegExp(`data-mail="(${UUID})"`, "g"),
    expected: () =>
      ordered(sql`select id from mail_messages where centre_id = ${c()}::uuid order by created_at desc, id desc`),
  },
  {
    name: "mail log, failed only",
    path: "/admin/mail?status=failed",
    as: "admin",
    rows: new RegExp(`data-mail="(${UUID})"`, "g"),
    expected: () =>
      ordered(
        sql`select id from mail_messages where centre_id = ${c()}::uuid and status = 'failed' order by created_at desc, id desc`,
      ),
  },
  {
    name: "courses",
    path: "/courses",
    as: "admin",
    rows: new RegExp(`data-course-id="(${UUID})"`, "g"),
    expected: () => ordered(sql`select id from courses where centre_id = ${c()}::uuid order by title, id`),
    addFirst: () => sql`insert into courses (centre_id, title) values (${c()}::uuid, 'Aaa first')`.execute(db),
  },
  {
    name: "a course's students",
    path: "/courses/ENROLLED",
    as: "admin",
    rows: new RegExp(`<li class="row" data-student-id="(${UUID})"`, "g"),
    expected: () =>
      ordered(sql`select u.id from enrolments e join users u on u.id = e.student_id
        where e.centre_id = ${c()}::uuid and e.course_id = ${enrolledCourseId}::uuid order by u.name, u.id`),
  },
  {
    name: "classes, the viewer's own first",
    path: "/classes",
    as: "tutor",
    rows: new RegExp(`data-class-id="(${UUID})"`, "g"),
    expected: () =>
      ordered(sql`select id from classes where centre_id = ${c()}::uuid and status = 'active'
        order by tutor_id = ${centre.people.tutor.id}::uuid desc, name, id`),
  },
  {
    name: "message threads (all, for admins)",
    path: "/messages/all",
    as: "admin",
    rows: new RegExp(`href="/messages/(${UUID})"`, "g"),
    expected: () =>
      ordered(
        sql`select id from message_threads where centre_id = ${c()}::uuid order by last_message_at desc, id desc`,
      ),
  },
  {
    name: "announcements received",
    path: "/announcements",
    as: "student",
    rows: new RegExp(`data-announcement-id="(${UUID})"`, "g"),
    expected: () =>
      ordered(sql`select a.id from announcements a join announcement_recipients r on r.announcement_id = a.id
        where a.centre_id = ${c()}::uuid and r.user_id = ${centre.people.student.id}::uuid order by a.created_at desc, a.id desc`),
  },
  {
    name: "announcements posted",
    path: "/announcements",
    as: "admin",
    rows: new RegExp(`href="/announcements/(${UUID})"`, "g"),
    part: (html) => html.slice(html.indexOf('id="posted-heading"'), html.indexOf('id="received-heading"')),
    expected: () =>
      ordered(sql`select id from announcements where centre_id = ${c()}::uuid order by created_at desc, id desc`),
  },
  {
    name: "a student's homework (to do first, soonest due; then handed in, latest due)",
    path: "/my-homework",
    as: "student",
    rows: new RegExp(`data-homework-id="(${UUID})"`, "g"),
    expected: () =>
      ordered(sql`select h.id from submissions s join homework h on h.id = s.homework_id
        where s.centre_id = ${c()}::uuid and s.student_id = ${centre.people.student.id}::uuid and h.status = 'active'
        order by s.status in ('not_started','in_progress','returned') desc,
          case when s.status in ('not_started','in_progress','returned') then h.due_at end,
          h.due_at desc, h.id`),
  },
];

const pathOf = (list: ListCase) => list.path.replace("ENROLLED", enrolledCourseId);
const rowsOf = (list: ListCase, html: string) => unique(ids(list.part ? list.part(html) : html, list.rows));
/** For a page with two lists, the links of the one under test (the posted list's carry postedAfter/Before). */
function linkOf(list: ListCase, html: string, rel: "next" | "prev"): string | null {
  const part = list.part ? list.part(html) : html;
  return link(part, rel);
}

describe.each(CASES.map((list) => [list.name, list] as const))("%s", (_, list) => {
  test("next walks every row once in the list's order; previous comes back page by page", async () => {
    const as = who[list.as];
    const pages: string[][] = [];
    let html = await get(pathOf(list), as);
    expect(linkOf(list, html, "prev")).toBeNull();
    const hrefs: string[] = [];
    for (;;) {
      pages.push(rowsOf(list, html));
      const next = linkOf(list, html, "next");
      if (!next) break;
      expect(next).not.toContain("page=");
      hrefs.push(next);
      html = await get(next, as);
    }
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.flat()).toEqual(await list.expected());
    for (let index = pages.length - 1; index > 0; index--) {
      const previous = linkOf(list, html, "prev") as string;
      expect(previous).toMatch(/before=/i);
      html = await get(previous, as);
      expect(rowsOf(list, html)).toEqual(pages[index - 1] as string[]);
    }
    expect(linkOf(list, html, "prev")).toBeNull();
  });

  test("htmx gets the same rows and links", async () => {
    const as = who[list.as];
    const next = linkOf(list, await get(pathOf(list), as), "next") as string;
    const plain = await get(next, as);
    const fragment = await get(next, as, { "HX-Request": "true" });
    expect(rowsOf(list, fragment)).toEqual(rowsOf(list, plain));
    expect(linkOf(list, fragment, "next")).toEqual(linkOf(list, plain, "next"));
  });

  test("a forged or damaged page link is a 400 with a message", async () => {
    const param = list.part ? "postedAfter" : "after";
    const base = pathOf(list);
    for (const token of ["garbage!", encodeKey(["1"]), encodeKey(["x", "y", "z", "w"]), "A".repeat(2000)]) {
      for (const name of [param, param.replace("After", "Before").replace("after", "before")]) {
        const path = `${base}${base.includes("?") ? "&" : "?"}${new URLSearchParams({ [name]: token })}`;
        const response = await send(app, "GET", path, who[list.as]);
        expect(response.status, `${path}`).toBe(400);
        expect(await response.text()).toContain("That page link is out of date or damaged");
      }
    }
  });

  if (list.addFirst) {
    test("a page link stays put when a row is added before it", async () => {
      const as = who[list.as];
      const next = linkOf(list, await get(pathOf(list), as), "next") as string;
      const before = rowsOf(list, await get(next, as));
      await list.addFirst?.();
      expect(rowsOf(list, await get(next, as))).toEqual(before);
    });
  }
});

describe("keyset tokens", () => {
  test("a token of another list's shape is refused, and a page past the end links back to the start", async () => {
    // A kiosk list token (time, id) where classes expect (rank, name, id).
    const kiosks = await get("/kiosks", who.admin);
    const token = new URL(link(kiosks, "next") as string, "http://x").searchParams.get("after") as string;
    expect((await send(app, "GET", `/classes?after=${token}`, who.tutor)).status).toBe(400);
    // After the very last course: an empty page with a link to the first.
    const last = encodeKey(["zzzz", "ffffffff-ffff-4fff-bfff-ffffffffffff"]);
    const html = await get(`/courses?after=${last}`, who.admin);
    expect(html).toContain('rel="first"');
  });
});

describe("counts beside lists stop at their cap", () => {
  test("courses, a course's students, classes and the mail log's undelivered figures say 'more than 999'", async () => {
    const large = await createCentre({ label: "keyset-many" });
    const l = large.id;
    await sql`insert into courses (centre_id, title) select ${l}::uuid, 'Many ' || n from generate_series(1, 1000) n`.execute(
      db,
    );
    const course = (await sql<{ id: string }>`select id from courses where centre_id = ${l}::uuid limit 1`.execute(db))
      .rows[0]?.id as string;
    await sql`insert into users (centre_id, role, name, student_code)
      select ${l}::uuid, 'student', 'Many ' || n, ${`${large.slug}-m`} || n from generate_series(1, 1000) n`.execute(
      db,
    );
    await sql`insert into enrolments (centre_id, course_id, student_id)
      select ${l}::uuid, ${course}::uuid, id from users where centre_id = ${l}::uuid and role = 'student'`.execute(db);
    await sql`insert into classes (centre_id, course_id, tutor_id, name, starts_on)
      select ${l}::uuid, ${course}::uuid, ${large.people.tutor.id}::uuid, 'Many ' || n, current_date
      from generate_series(1, 1000) n`.execute(db);
    await sql`insert into mail_messages (id, key, centre_id, recipient_id, template, message_id, status)
      select gen_random_uuid(), 'many-' || gen_random_uuid(), ${l}::uuid, ${large.people.centre_admin.id}::uuid,
        'invitation', 'many-' || n, case when n <= 1000 then 'failed' else 'queued' end
      from generate_series(1, 2000) n`.execute(db);
    const admin = await signedInAs(large.people.centre_admin);
    expect(await get("/courses", admin)).toContain("More than 999 courses");
    expect(await get(`/courses/${course}`, admin)).toContain("More than 999 students");
    expect(await get("/classes", admin)).toContain("More than 999 classes");
    const mail = await get("/admin/mail", admin);
    expect(mail).toContain("More than 999 emails could not be delivered");
    expect(mail).toContain("More than 999 emails are waiting to be sent");
  });
});

describe("a course's students", () => {
  test("are found by walking the centre's people and checking each one's enrolment by key, never every enrolment", async () => {
    let first: Awaited<ReturnType<typeof enrolledStudents>> | undefined;
    const queries = (
      await selectsOf(async () => {
        first = await enrolledStudents(db, trustedCentreId(centre.id), enrolledCourseId, {});
        await enrolledStudents(db, trustedCentreId(centre.id), enrolledCourseId, { after: first.next ?? "" });
      })
    ).filter((query) => /order by/i.test(query.sql));
    expect(first?.rows.length).toBe(ENROLMENTS_PAGE_SIZE);
    expect(queries.length).toBe(2);
    for (const query of queries) {
      const reads = await rowsReadBy(db, query);
      // Each person walked has their enrolment looked up once, by key. How far the walk goes is the
      // planner's choice: on a centre it believes small it reads the centre's people and sorts them
      // (see docs/performance.md, "Keyset lists"); it never reads the course's enrolments apart.
      expect(reads.enrolments ?? 0).toBeLessThanOrEqual(reads.users ?? 0);
      expect(reads.enrolments ?? 0).toBeGreaterThan(0);
    }
  });
});
