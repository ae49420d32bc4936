import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { sql } from "kysely";
import { actorFor, type Centre, classWith, createCentre } from "../../../tests/support/fixtures";
import { ownerDb } from "../../../tests/support/owner-db";
import { chainsAreIntact, verifyAuditChains } from "../../platform/audit";
import { verifyPin } from "../../platform/crypto";
import { csvLine } from "../../platform/csv-write";
import { db } from "../../platform/db";
import { selectFromTenant, trustedCentreId } from "../../platform/tenancy";
import { importDate } from "./import-plan";
import { commitImport, previewImport, stashedImport, stashImport } from "./import-service";
import { openDateOfBirth } from "./sensitive";

let centre: Centre;
let other: Centre;
const admin = () => actorFor(centre.people.centre_admin);

beforeAll(async () => {
  [centre, other] = await Promise.all([createCentre({ label: "import" }), createCentre({ label: "import-other" })]);
  await classWith(centre, { tutor: centre.people.tutor, name: "Year 5 Maths" });
  await classWith(centre, { tutor: centre.people.tutor, name: "Twins" });
  await classWith(centre, { tutor: centre.people.tutor, name: "twins" });
});

const HEADER = "name,student_code,date_of_birth,class,parent_name,parent_email";

function file(...rows: string[]): string {
  return `${[HEADER, ...rows].join("\r\n")}\r\n`;
}

async function studentsOf(centreId: string) {
  return selectFromTenant(db, "users", trustedCentreId(centreId))
    .where("role", "=", "student")
    .select(["id", "name", "student_code", "pin_hash", "date_of_birth_encrypted"])
    .execute();
}

describe("preview", () => {
  test("every row's problems with their reasons, before anything is written", async () => {
    const plan = await previewImport(
      await admin(),
      file(
        "Ada One,IMP-A1,2015-03-04,Year 5 Maths,Anne One,anne@example.com",
        "Bad Date,IMP-A2,2015-02-30,,,",
        "Repeat,IMP-A1,2015-03-04,,,",
        "No Class,IMP-A3,2015-03-04,Year 9 Art,,",
        "Bad Email,IMP-A4,2015-03-04,,Pat,not-an-email",
        ",IMP-A5,2015-03-04,,,",
        "Extra,IMP-A6,2015-03-04,,,,surplus",
        "Twice,IMP-A7,2015-03-04,TWINS,,",
        `Staff Parent,IMP-A8,2015-03-04,,Someone,${centre.people.tutor.email}`,
        "Fine,,04/03/2015,year 5 maths,,",
      ),
    );
    const problems = Object.fromEntries(
      plan.rows.filter((row) => row.outcome === "error").map((row) => [row.line, row.problems]),
    );
    expect(problems).toEqual({
      3: ["“2015-02-30” is not a date."],
      4: ["The same student code is already on line 2."],
      5: ["There is no active class called “Year 9 Art”."],
      6: ["“not-an-email” is not an email address."],
      7: ["The name is missing."],
      8: ["This row has more cells than the header has columns."],
      9: ["More than one active class is called “TWINS”."],
      10: ["That email belongs to someone here who is not a parent."],
    });
    expect(plan.counts).toEqual({ create: 2, update: 0, unchanged: 0, error: 8 });
    expect(plan.parentsToInvite).toBe(1);
    expect(await studentsOf(centre.id)).toHaveLength(2); // the fixture's own two students only
  });

  test("a file that is not a student CSV is refused as a whole", async () => {
    const actor = await admin();
    await expect(previewImport(actor, "name,shoe_size\nAda,3\n")).rejects.toMatchObject({
      key: "people-import.file.unknownColumn",
    });
    await expect(previewImport(actor, "name\nAda\n")).rejects.toMatchObject({
      key: "people-import.file.missingColumn",
    });
    await expect(previewImport(actor, `${HEADER}\n`)).rejects.toMatchObject({ key: "people-import.file.noRows" });
  });

  test("dates: ISO, or day first, month first for en-US readers; impossible dates refused", () => {
    expect(importDate("2015-03-04", false)).toBe("2015-03-04");
    expect(importDate("4/3/2015", false)).toBe("2015-03-04");
    expect(importDate("4/3/2015", true)).toBe("2015-04-03");
    expect(importDate("31.12.2014", false)).toBe("2014-12-31");
    expect(importDate("2015-02-29", false)).toBeNull();
    expect(importDate("March 4", false)).toBeNull();
  });

  test("the stashed file is only for its uploader, in their centre", async () => {
    const id = await stashImport(await admin(), "a.csv", file("Ada,,2015-03-04,,,"));
    expect((await stashedImport(await admin(), id)).fileName).toBe("a.csv");
    await expect(stashedImport(await actorFor(centre.people.centre_owner), id)).rejects.toMatchObject({ status: 404 });
    await expect(stashedImport(await actorFor(other.people.centre_admin), id)).rejects.toMatchObject({ status: 404 });
  });
});

describe("commit", () => {
  const suffix = crypto.randomUUID().slice(0, 4).toUpperCase();
  const parentEmail = `parent-${suffix.toLowerCase()}@example.com`;
  const text =
    "\uFEFF" +
    [
      "name;student_code;date_of_birth;class;parent_name;parent_email",
      `"Lovelace; Ada";C${suffix}-1;2015-03-04;Year 5 Maths;Anne Lovelace;${parentEmail}`,
      `=HYPERLINK("x");C${suffix}-2;2014-01-02;;;${parentEmail.toUpperCase()}`,
      `"O'Brien, ""Bea""";C${suffix}-3;2013-05-06;Year 5 Maths;;`,
    ].join("\r\n");

  test("creates students, invites a parent once, links and enrols, audited, chain intact", async () => {
    const actor = await admin();
    const result = await commitImport(actor, text);
    expect(result.counts).toEqual({ create: 3, update: 0, unchanged: 0, error: 0 });
    expect(result.created.map((student) => student.studentCode)).toEqual([
      `C${suffix}-1`,
      `C${suffix}-2`,
      `C${suffix}-3`,
    ]);
    expect(result.invited).toHaveLength(1);
    const parent = await selectFromTenant(db, "users", centre.id)
      .where("role", "=", "parent")
      .where("name", "=", "Anne Lovelace")
      .select("id")
      .executeTakeFirstOrThrow();
    const mail = await db
      .selectFrom("mail_messages")
      .where("recipient_id", "=", parent.id)
      .select("template")
      .execute();
    expect(mail).toEqual([{ template: "people.invitation" }]);
    const students = await studentsOf(centre.id);
    const imported = students.filter((student) => student.student_code?.startsWith(`C${suffix}`));
    expect(imported.map((student) => student.name).sort()).toEqual(
      ['=HYPERLINK("x")', "Lovelace; Ada", 'O\'Brien, "Bea"'].sort(),
    );
    const ada = imported.find((student) => student.name === "Lovelace; Ada")!;
    expect(openDateOfBirth(ada.id, ada.date_of_birth_encrypted)).toBe("2015-03-04");
    const pin = result.created[0]!.pin;
    expect(await verifyPin(pin, ada.pin_hash!)).toBe(true);
    const links = await selectFromTenant(db, "guardianships", centre.id)
      .where(
        "student_id",
        "in",
        imported.map((student) => student.id),
      )
      .select("parent_id")
      .execute();
    expect(links).toHaveLength(2);
    expect(new Set(links.map((link) => link.parent_id)).size).toBe(1);
    const members = await selectFromTenant(db, "class_members", centre.id)
      .where(
        "student_id",
        "in",
        imported.map((student) => student.id),
      )
      .select("student_id")
      .execute();
    expect(members).toHaveLength(2);
    const audit = await selectFromTenant(db, "audit_events", centre.id)
      .where("request_id", "=", actor.request.requestId)
      .select(["action", "after"])
      .execute();
    const actions = audit.map((row) => row.action);
    expect(actions.filter((action) => action === "user.create")).toHaveLength(3);
    expect(actions.filter((action) => action === "user.invite")).toHaveLength(1);
    expect(actions.filter((action) => action === "user.link_parent")).toHaveLength(2);
    expect(actions.filter((action) => action === "class.member_add")).toHaveLength(2);
    expect(audit.find((row) => row.action === "user.import")?.after).toMatchObject({
      create: 3,
      parentsInvited: 1,
      parentsLinked: 2,
      classesJoined: 2,
    });
    expect(chainsAreIntact(await verifyAuditChains(db, { centreId: centre.id }))).toBe(true);
  });

  test("importing the same file again changes nothing and writes nothing", async () => {
    const actor = await admin();
    const plan = await previewImport(actor, text);
    expect(plan.counts).toEqual({ create: 0, update: 0, unchanged: 3, error: 0 });
    const auditBefore = await selectFromTenant(db, "audit_events", centre.id)
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow();
    const result = await commitImport(actor, text);
    expect(result.created).toEqual([]);
    const auditAfter = await selectFromTenant(db, "audit_events", centre.id)
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow();
    expect(auditAfter.n).toBe(auditBefore.n);
  });

  test("a changed row updates the name and date of birth, keeps the PIN, and is audited", async () => {
    const actor = await admin();
    const [before] = (await studentsOf(centre.id)).filter((student) => student.student_code === `C${suffix}-3`);
    const changed = text.replace("2013-05-06", "2013-05-07").replace(`"O'Brien, ""Bea"""`, "Bea O'Brien");
    const plan = await previewImport(actor, changed);
    expect(plan.counts).toEqual({ create: 0, update: 1, unchanged: 2, error: 0 });
    expect(plan.rows[2]?.changes).toEqual(["name", "dateOfBirth"]);
    await commitImport(actor, changed);
    const [after] = (await studentsOf(centre.id)).filter((student) => student.student_code === `C${suffix}-3`);
    expect(after?.name).toBe("Bea O'Brien");
    expect(openDateOfBirth(after!.id, after!.date_of_birth_encrypted)).toBe("2013-05-07");
    expect(after?.pin_hash).toBe(before?.pin_hash ?? "");
    expect(chainsAreIntact(await verifyAuditChains(db, { centreId: centre.id }))).toBe(true);
  });

  test("a file with a bad row commits nothing", async () => {
    await expect(commitImport(await admin(), file("Ada,,2015-13-01,,,"))).rejects.toMatchObject({ status: 422 });
  });
});

describe("one transaction", () => {
  const owner = ownerDb();
  const trigger = "import_test_refuse_members";

  afterAll(async () => {
    await sql`drop trigger if exists ${sql.raw(trigger)} on class_members`.execute(owner);
    await sql`drop function if exists ${sql.raw(trigger)}()`.execute(owner);
    await owner.destroy();
  });

  test("a failure in the middle of the commit (class membership) leaves nothing behind", async () => {
    // After the parents, students, links and their audit rows are written, joining the class fails.
    await sql`create or replace function ${sql.raw(trigger)}() returns trigger language plpgsql as $$
      begin raise exception 'refused by the test'; end $$`.execute(owner);
    await sql`create trigger ${sql.raw(trigger)} before insert on class_members for each row
      when (new.centre_id = ${sql.lit(other.id)}::uuid) execute function ${sql.raw(trigger)}()`.execute(owner);
    await classWith(other, { tutor: other.people.tutor, name: "Doomed" });
    const actor = await actorFor(other.people.centre_admin);
    const before = {
      users: (await studentsOf(other.id)).length,
      audit: await selectFromTenant(db, "audit_events", other.id)
        .select(sql<number>`count(*)::int`.as("n"))
        .executeTakeFirstOrThrow(),
    };
    const rows = Array.from({ length: 20 }, (_, i) =>
      csvLine([`Pupil ${i}`, `TX-${i}`, "2015-01-01", "Doomed", `Parent ${i}`, `tx-${i}@example.com`]).trimEnd(),
    );
    await expect(commitImport(actor, file(...rows))).rejects.toThrow();
    expect((await studentsOf(other.id)).length).toBe(before.users);
    const parents = await selectFromTenant(db, "users", other.id).where("role", "=", "parent").select("id").execute();
    expect(parents).toHaveLength(1); // the fixture's parent only
    const audit = await selectFromTenant(db, "audit_events", other.id)
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow();
    expect(audit.n).toBe(before.audit.n);
  });
});
