import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import {
  addPerson,
  type Centre,
  type Credentials,
  createCentre,
  type MarkbookClass,
  markbookClass,
  signedInAs,
} from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { invalidateCentreCache } from "../../platform/cache";
import { db } from "../../platform/db";
import { listenToQueries } from "../../platform/db/instrumented-dialect";
import { redis } from "../../platform/redis";

const app = createApp();
let centre: Centre;
let big: MarkbookClass;
let small: MarkbookClass;
const who: Record<string, Credentials> = {};

beforeAll(async () => {
  centre = await createCentre({ label: "markbook" });
  [big, small] = [
    await markbookClass(centre, { students: 30, homework: 40, label: "big" }),
    await markbookClass(centre, { students: 3, homework: 2, label: "small" }),
  ];
  for (const role of ["tutor", "head_tutor", "centre_admin", "student"] as const)
    who[role] = await signedInAs(centre.people[role]);
  who.otherTutor = await signedInAs(await addPerson(centre, "tutor", { name: "Not their tutor" }));
}, 60_000);

/** How many SQL statements a request sends. */
async function queriesDuring(work: () => Promise<Response>): Promise<{ count: number; response: Response }> {
  let count = 0;
  const stop = listenToQueries(() => {
    count += 1;
  });
  try {
    const response = await work();
    await response.clone().text();
    return { count, response };
  } finally {
    stop();
  }
}

interface GridCell {
  status: string;
  label: string;
  score: string | null;
  percent: string | null;
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();

/** The grid's body as the page shows it: student name, then each cell's status word, mark and percentage. */
function gridOf(html: string): { name: string; cells: (GridCell | null)[]; average: string }[] {
  const body = html.slice(html.indexOf("<tbody>"), html.indexOf("</tbody>"));
  return [...body.matchAll(/<tr data-student-id="[^"]+">(.*?)<\/tr>/gs)].map(([, row = ""]) => {
    const name = text(/<th scope="row">(.*?)<\/th>/s.exec(row)?.[1] ?? "");
    const cells = [...row.matchAll(/<td class="c-([a-z_]+)">(.*?)<\/td>/gs)].map(([, status = "", cell = ""]) => {
      if (status === "none") return null;
      const label = text(/<span class="w">(.*?)<\/span>/s.exec(cell)?.[1] ?? "");
      const mark = /<span class="m">(.*?)<\/span>/s.exec(cell)?.[1];
      const [score = null, percent = null] = mark === undefined ? [] : mark.split(" · ");
      return { status, label, score, percent };
    });
    const averages = [...row.matchAll(/<td class="markbook-average">(.*?)<\/td>/gs)].map(([, value = ""]) =>
      text(value),
    );
    return { name, cells, average: averages.at(-1) ?? "" };
  });
}

/** RFC 4180 lines of quoted or bare cells (no line breaks inside cells in a markbook). */
function csvRows(body: string): string[][] {
  return body
    .replace(/^\uFEFF/, "")
    .split("\r\n")
    .filter(Boolean)
    .map((line) =>
      [...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map(([, quoted, bare]) =>
        quoted !== undefined ? quoted.replaceAll('""', '"') : (bare ?? ""),
      ),
    );
}

describe("the class markbook", () => {
  test("a 30-student class with 40 homework renders in one request, in as many queries as a class of 3 × 2", async () => {
    await send(app, "GET", `/classes/${small.classId}/markbook`, who.tutor!);
    // Each measured cold: a rendered markbook is kept in the centre's cache.
    await invalidateCentreCache(redis, centre.id);
    const large = await queriesDuring(() => send(app, "GET", `/classes/${big.classId}/markbook`, who.tutor!));
    await invalidateCentreCache(redis, centre.id);
    const tiny = await queriesDuring(() => send(app, "GET", `/classes/${small.classId}/markbook`, who.tutor!));
    expect(large.response.status).toBe(200);
    expect(large.count).toBe(tiny.count);
    // Warm, only who may see it is checked again; the grid comes from the cache, the same page.
    const again = await queriesDuring(() => send(app, "GET", `/classes/${small.classId}/markbook`, who.tutor!));
    expect(again.count).toBeLessThan(tiny.count);
    const table = (html: string) => html.slice(html.indexOf('<table class="markbook">'), html.indexOf("</table>"));
    expect(table(await again.response.text())).toBe(table(await tiny.response.text()));
    expect(large.count).toBeLessThanOrEqual(8);
    const grid = gridOf(await large.response.text());
    expect(grid).toHaveLength(30);
    expect(grid.every((row) => row.cells.length === 40 && row.cells.every((cell) => cell !== null))).toBe(true);
  });

  test("every cell shows its status in words and links to the submission; marked cells show mark and percentage", async () => {
    const html = await (await send(app, "GET", `/classes/${big.classId}/markbook`, who.tutor!)).text();
    const ids = await db.selectFrom("submissions").where("homework_id", "in", big.homeworkIds).select("id").execute();
    for (const { id } of ids.slice(0, 50)) expect(html).toContain(`href="/submissions/${id}"`);
    const cells = gridOf(html).flatMap((row) => row.cells) as GridCell[];
    const words = { marked: "Marked", redo: "Redo", late: "Late", handed_in: "Handed in" } as Record<string, string>;
    for (const cell of cells) {
      if (words[cell.status]) expect(cell.label).toBe(words[cell.status] as string);
      expect(cell.score !== null).toBe(cell.status === "marked");
    }
    // The homework all fell due in the past: nothing handed in is late, nothing is merely "not started".
    expect(new Set(cells.map((cell) => cell.status))).toEqual(new Set(["marked", "handed_in", "late", "redo"]));
    expect(html).toContain("Class average");
  });

  test("the CSV matches the grid cell for cell", async () => {
    const query = "sort=average&dir=desc";
    const html = await (await send(app, "GET", `/classes/${big.classId}/markbook`, who.tutor!, { query })).text();
    const response = await send(app, "GET", `/classes/${big.classId}/markbook.csv`, who.tutor!, { query });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const [header, ...lines] = csvRows(await response.text());
    const summary = lines.pop() ?? [];
    const grid = gridOf(html);
    expect(header).toHaveLength(1 + 40 * 3 + 1);
    expect(lines.map((line) => line[0])).toEqual(grid.map((row) => row.name));
    for (const [r, row] of grid.entries()) {
      const line = lines[r] ?? [];
      for (const [c, cell] of row.cells.entries()) {
        const [label, mark, percent] = line.slice(1 + c * 3, 4 + c * 3);
        expect([label, mark, percent === "" ? null : `${percent}%`]).toEqual([
          cell?.label,
          cell?.score ?? "",
          cell?.percent ?? null,
        ]);
      }
      expect(line.at(-1) === "" ? "–" : `${line.at(-1)}%`).toBe(row.average);
    }
    expect(summary[0]).toBe("Class average");
    const pageAverages = [
      ...html.slice(html.indexOf("<tfoot>")).matchAll(/<td class="markbook-average">(.*?)<\/td>/gs),
    ].map(([, value = ""]) => text(value));
    const csvAverages = summary
      .slice(1)
      .filter((_, index, all) => index % 3 === 2 || index === all.length - 1)
      .map((value) => (value === "" ? "–" : `${value}%`));
    expect(csvAverages).toEqual(pageAverages);
  });

  test("sorting by a homework column puts the best mark first and unmarked work last", async () => {
    const column = big.homeworkIds[5] as string;
    const html = await (
      await send(app, "GET", `/classes/${big.classId}/markbook`, who.tutor!, { query: `sort=${column}&dir=desc` })
    ).text();
    const percents = gridOf(html).map((row) => row.cells[5]?.percent ?? null);
    const marked = percents
      .filter((value): value is string => value !== null)
      .map((value) => Number.parseInt(value, 10));
    expect(marked).toEqual([...marked].sort((a, b) => b - a));
    expect(percents.slice(marked.length).every((value) => value === null)).toBe(true);
  });

  test("a date range shows only the homework due in it", async () => {
    const rows = await db
      .selectFrom("homework")
      .where("id", "in", big.homeworkIds)
      .select(["id", "due_at"])
      .orderBy("due_at")
      .execute();
    const day = (at: Date) => at.toISOString().slice(0, 10);
    const [first, last] = [rows[10]!.due_at, rows[14]!.due_at];
    const html = await (
      await send(app, "GET", `/classes/${big.classId}/markbook`, who.tutor!, {
        query: `from=${day(first)}&to=${day(last)}`,
      })
    ).text();
    expect(gridOf(html)[0]?.cells).toHaveLength(5);
    expect(html).toContain(`data-homework-id="${rows[10]!.id}"`);
    expect(html).not.toContain(`data-homework-id="${rows[15]!.id}"`);
  });

  test("head tutors and admins see it; another tutor, a student and another class's tutor do not", async () => {
    const path = `/classes/${big.classId}/markbook`;
    for (const role of ["head_tutor", "centre_admin"])
      expect((await send(app, "GET", path, who[role]!)).status).toBe(200);
    expect((await send(app, "GET", path, who.otherTutor!)).status).toBe(404);
    expect((await send(app, "GET", `${path}.csv`, who.otherTutor!)).status).toBe(404);
    expect((await send(app, "GET", path, who.student!)).status).toBe(403);
  });

  test("bad filters get a clear 4xx, never a 500", async () => {
    const path = `/classes/${big.classId}/markbook`;
    for (const query of ["from=2026-13-45", "from=2026-03-10&to=2026-03-01", "course=nope", "sort=bogus", "dir=up"]) {
      const page = await send(app, "GET", path, who.tutor!, { query });
      expect(page.status).toBe(422);
      expect(await page.text()).toContain("Some filters could not be used");
      const csv = await send(app, "GET", `${path}.csv`, who.tutor!, { query });
      expect(csv.status).toBeGreaterThanOrEqual(400);
      expect(csv.status).toBeLessThan(500);
    }
    expect((await send(app, "GET", "/classes/not-a-uuid/markbook", who.tutor!)).status).toBe(422);
    expect((await send(app, "GET", `/classes/${crypto.randomUUID()}/markbook`, who.tutor!)).status).toBe(404);
  });
});
