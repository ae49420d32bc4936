import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, Page } from "playwright";
import { axeViolations } from "../support/accessibility";
import { launchBrowser } from "../support/browser";
import { E2E_WEB_ENV, signedInPage, visit } from "../support/browser-session";
import { type Centre, type ClassFamilies, classWithFamilies, createCentre, type Person } from "../support/fixtures";
import { type RunningProcess, startWebServer } from "../support/processes";

let web: RunningProcess;
let browser: Browser;
let centre: Centre;
let classA: ClassFamilies;
let classB: ClassFamilies;

beforeAll(async () => {
  [web, browser, centre] = await Promise.all([
    startWebServer(E2E_WEB_ENV),
    launchBrowser(),
    createCentre({ label: "news-browser", timeZone: "Europe/London" }),
  ]);
  classA = await classWithFamilies(centre, { name: "Year 8 Science" });
  classB = await classWithFamilies(centre, { name: "Year 9 French" });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

/** The read count the author sees on the announcement's page, as "read of reached". */
async function readCount(page: Page): Promise<string> {
  const figure = page.locator(".read-count");
  return `${await figure.getAttribute("data-read")} of ${await figure.getAttribute("data-reached")}`;
}

describe("announcements in the browser", () => {
  test("a head tutor posts to a class; its parent sees it stand out on home, dismisses it in place, and the count moves", async () => {
    const author = await signedInPage(browser, web.url, centre, centre.people.head_tutor);
    const parentOfA = classA.parents[0] as Person;
    const parent = await signedInPage(browser, web.url, centre, parentOfA);
    const outsider = await signedInPage(browser, web.url, centre, classB.parents[0] as Person);
    try {
      // Posting, through the form.
      await author.page.getByRole("link", { name: "Announcements" }).first().click();
      await author.page.getByRole("link", { name: "Post an announcement" }).click();
      expect(await axeViolations(author.page, "new announcement form")).toEqual([]);
      await author.page.getByLabel("Title").fill("Science fair on Saturday");
      await author.page.getByLabel("Announcement").fill("Projects go on show at 10:00.\n\nFamilies are welcome.");
      await author.page.getByLabel("Send to").selectOption({ label: "Class Year 8 Science (Maths — Year 7)" });
      await author.page.getByRole("button", { name: "Post it" }).click();
      await author.page.getByRole("heading", { level: 1, name: "Science fair on Saturday" }).waitFor();
      expect(await author.page.textContent("main")).toContain("It reached 5 people");
      expect(await readCount(author.page)).toBe("0 of 5");

      // The class's parent: on home, unread, standing out with its badge and button.
      await visit(parent.page, web.url, "/home");
      const card = parent.page.locator("#home-announcements article", { hasText: "Science fair on Saturday" });
      await card.waitFor();
      expect(await card.getAttribute("class")).toContain("unread");
      expect(await card.locator(".badge").textContent()).toBe("New");
      expect(await card.textContent()).toContain("Projects go on show at 10:00.");
      expect(await axeViolations(parent.page, "parent home with an announcement")).toEqual([]);

      // Dismissed through htmx: the card is swapped in place, the page is not reloaded.
      await parent.page.waitForFunction(() => "htmx" in globalThis);
      await parent.page.evaluate(() => {
        (globalThis as unknown as { samePage: boolean }).samePage = true;
      });
      await card.getByRole("button", { name: "Mark as read" }).click();
      await parent.page
        .locator("#home-announcements article.unread", { hasText: "Science fair on Saturday" })
        .waitFor({ state: "detached", timeout: 10_000 });
      expect(await parent.page.evaluate(() => (globalThis as unknown as { samePage?: boolean }).samePage)).toBe(true);
      expect(await card.locator(".badge").count()).toBe(0);

      await author.page.reload();
      expect(await readCount(author.page)).toBe("1 of 5");

      // Another class's parent never sees it.
      await visit(outsider.page, web.url, "/home");
      expect(await outsider.page.textContent("main")).not.toContain("Science fair on Saturday");
      await visit(outsider.page, web.url, "/announcements");
      expect(await outsider.page.textContent("main")).not.toContain("Science fair on Saturday");
    } finally {
      await Promise.all([author.context.close(), parent.context.close(), outsider.context.close()]);
    }
  }, 60_000);
});
