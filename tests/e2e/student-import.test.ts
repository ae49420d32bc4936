import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, BrowserContext, Page } from "playwright";
import { db } from "../../src/platform/db";
import { launchBrowser } from "../support/browser";
import { E2E_WEB_ENV, landingAfter, signedInPage, visit } from "../support/browser-session";
import { type Centre, classWith, createCentre } from "../support/fixtures";
import { type RunningProcess, startWebServer } from "../support/processes";

/**
 * Issue 14, acceptance 1: a centre admin imports a 200-row CSV with 5 bad rows in Chromium. The
 * preview lists exactly those 5 with their reasons and nothing is written; the fixed file creates
 * 200 students with their parents and class; importing it once more changes nothing.
 */

let web: RunningProcess;
let browser: Browser;
let centre: Centre;
let admin: { context: BrowserContext; page: Page };
let classId: string;

beforeAll(async () => {
  [web, browser, centre] = await Promise.all([
    // A busy test machine can take longer than the default 15 s to start the web process.
    startWebServer(E2E_WEB_ENV, 60_000),
    launchBrowser(),
    createCentre({ label: "import-e2e", timeZone: "Europe/London" }),
  ]);
  classId = await classWith(centre, { tutor: centre.people.tutor, name: "Year 6 Science" });
  admin = await signedInPage(browser, web.url, centre, centre.people.centre_admin);
  // Committing draws and bcrypt-hashes 200 PINs: seconds, and more on a busy test machine.
  admin.page.setDefaultTimeout(180_000);
  admin.page.setDefaultNavigationTimeout(180_000);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

const tag = crypto.randomUUID().slice(0, 4).toUpperCase();
const HEADER = "name;student_code;date_of_birth;class;parent_name;parent_email";

/** 200 students, two per family; semicolon separated with a BOM, as a European spreadsheet saves it. */
function goodRows(): string[] {
  return Array.from({ length: 200 }, (_, i) => {
    const family = Math.floor(i / 2);
    const day = String((i % 28) + 1).padStart(2, "0");
    const name = i === 7 ? `"Smith; ""Jo"""` : `Pupil ${i}`;
    return `${name};IMP${tag}-${i};${day}/03/2015;Year 6 Science;Parent ${family};family${family}-${tag.toLowerCase()}@example.org`;
  });
}

const BAD: Record<number, { breaks: (row: string) => string; reason: string }> = {
  // Line numbers in the file: the header is line 1, so row i is on line i + 2.
  12: { breaks: (row) => row.replace("/03/2015", "/13/2015"), reason: "is not a date" },
  40: {
    breaks: (row) => row.replace(`IMP${tag}-38;`, `IMP${tag}-37;`),
    reason: "The same student code is already on line 39.",
  },
  77: {
    breaks: (row) => row.replace("Year 6 Science", "Year 6 Sceince"),
    reason: "There is no active class called “Year 6 Sceince”.",
  },
  123: {
    breaks: (row) => row.replace(/family\d+-[a-z0-9]+@example\.org/, "family-at-example.org"),
    reason: "“family-at-example.org” is not an email address.",
  },
  190: { breaks: (row) => row.replace(/^Pupil 188/, ""), reason: "The name is missing." },
};

function csv(rows: string[]): Buffer {
  return Buffer.from(`\uFEFF${[HEADER, ...rows].join("\r\n")}\r\n`, "utf8");
}

async function uploadAndPreview(page: Page, file: Buffer): Promise<void> {
  await visit(page, web.url, "/people/import");
  await page.getByLabel("CSV file").setInputFiles({ name: "students.csv", mimeType: "text/csv", buffer: file });
  const preview = await landingAfter(page, () => page.getByRole("button", { name: "Upload and preview" }).click());
  expect(preview.status()).toBe(200);
  await page.getByRole("heading", { name: "Check the import" }).waitFor();
}

async function importedStudents(): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom("users")
    .select(["id", "name"])
    .where("centre_id", "=", centre.id)
    .where("student_code", "like", `IMP${tag}-%`)
    .execute();
}

describe("importing students from a CSV file", () => {
  test("the preview lists exactly the 5 bad rows with their reasons, and nothing is written", async () => {
    const { page } = admin;
    const rows = goodRows();
    for (const [line, bad] of Object.entries(BAD))
      rows[Number(line) - 2] = bad.breaks(rows[Number(line) - 2] as string);
    await uploadAndPreview(page, csv(rows));
    const problems = page.locator("#import-problems tbody tr");
    expect(await problems.count()).toBe(5);
    const listed: Record<string, string> = {};
    for (const row of await problems.all())
      listed[(await row.getAttribute("data-line")) ?? ""] = (await row.textContent()) ?? "";
    expect(Object.keys(listed).sort()).toEqual(Object.keys(BAD).sort());
    for (const [line, bad] of Object.entries(BAD)) expect(listed[line]).toContain(bad.reason);
    expect(await page.getByRole("button", { name: "Import", exact: true }).count()).toBe(0);
    expect(await importedStudents()).toHaveLength(0);
  }, 60_000);

  test("the fixed file creates 200 students with their parents and class", async () => {
    const { page } = admin;
    await uploadAndPreview(page, csv(goodRows()));
    await expect(page.locator("[data-counts]").textContent()).resolves.toContain(
      "New: 200. Updated: 0. Unchanged: 0. With problems: 0. 100 new parents to invite.",
    );
    const result = await landingAfter(page, () => page.getByRole("button", { name: "Import", exact: true }).click());
    expect(result.status()).toBe(201);
    await page.getByRole("heading", { name: "Students imported" }).waitFor();
    expect(await page.locator("#import-created tbody tr").count()).toBe(200);
    expect(await page.locator("#import-invited tbody tr").count()).toBe(100);

    const students = await importedStudents();
    expect(students).toHaveLength(200);
    expect(students.map((student) => student.name)).toContain('Smith; "Jo"');
    const ids = students.map((student) => student.id);
    const links = await db
      .selectFrom("guardianships")
      .select(["parent_id"])
      .where("centre_id", "=", centre.id)
      .where("student_id", "in", ids)
      .execute();
    expect(links).toHaveLength(200);
    expect(new Set(links.map((link) => link.parent_id)).size).toBe(100);
    const members = await db
      .selectFrom("class_members")
      .select("student_id")
      .where("class_id", "=", classId)
      .where("student_id", "in", ids)
      .execute();
    expect(members).toHaveLength(200);
  }, 240_000);

  test("importing the same file again is a no-op", async () => {
    const { page } = admin;
    const auditBefore = await db
      .selectFrom("audit_events")
      .select(db.fn.countAll<string>().as("n"))
      .where("centre_id", "=", centre.id)
      .executeTakeFirstOrThrow();
    await uploadAndPreview(page, csv(goodRows()));
    await expect(page.locator("[data-counts]").textContent()).resolves.toContain(
      "New: 0. Updated: 0. Unchanged: 200. With problems: 0. No new parents to invite.",
    );
    await page.getByText("there is nothing to import").waitFor();
    expect(await page.getByRole("button", { name: "Import", exact: true }).count()).toBe(0);
    expect(await importedStudents()).toHaveLength(200);
    const auditAfter = await db
      .selectFrom("audit_events")
      .select(db.fn.countAll<string>().as("n"))
      .where("centre_id", "=", centre.id)
      .executeTakeFirstOrThrow();
    expect(auditAfter.n).toBe(auditBefore.n);
  }, 60_000);
});
