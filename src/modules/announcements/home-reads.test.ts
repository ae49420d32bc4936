import { beforeAll, describe, expect, test } from "bun:test";
import { actorFor, type Centre, createCentre, postedAnnouncement } from "../../../tests/support/fixtures";
import { cachedViewForCentre, cachePart, partVersions } from "../../platform/cache";
import { localDate } from "../../platform/calendar";
import { db } from "../../platform/db";
import { statementsDuring } from "../../platform/db/instrumented-dialect";
import { redis } from "../../platform/redis";
import { trustedCentreId } from "../../platform/tenancy";
import { homeAnnouncements, homeAnnouncementsView } from "./links";
import { markRead, postAnnouncement } from "./service";

/**
 * The home page's announcements are cached ten minutes (docs/performance.md, "page-views2"), read
 * with the dashboard in one round trip: shown at any later moment they are what a fresh read at
 * that moment answers, and posting, deleting and reading mark them stale.
 */
let centre: Centre;
const DAY = 86_400_000;
const parent = () => centre.people.parent;
const view = (now: Date) =>
  cachedViewForCentre(redis, centre.id, homeAnnouncementsView(trustedCentreId(centre.id), parent().id, now));
const fresh = (now: Date) => homeAnnouncements(trustedCentreId(centre.id), parent().id, now);
const titles = (items: { title: string }[]) => items.map((item) => item.title);

beforeAll(async () => {
  centre = await createCentre({ label: "home-announcements" });
}, 60_000);

describe("the home page's announcements, cached", () => {
  test("a post shows at once; a second view reads nothing", async () => {
    expect(await view(new Date())).toEqual([]);
    await postedAnnouncement(centre, { title: "First news" });
    expect(titles(await view(new Date()))).toEqual(["First news"]);
    expect(await statementsDuring(() => view(new Date()))).toHaveLength(0);
  });

  test("reading one marks only the reader's list stale, and moves it below the unread", async () => {
    await postedAnnouncement(centre, { title: "Second news" });
    await view(new Date());
    const [first] = await db
      .selectFrom("announcements")
      .select("id")
      .where("centre_id", "=", centre.id)
      .where("title", "=", "First news")
      .execute();
    const others = () => partVersions(redis, centre.id, ["announcements", cachePart.reader(centre.people.student.id)]);
    const before = await others();
    await markRead(await actorFor(parent()), first?.id as string);
    expect(await others()).toEqual(before);
    const shown = await view(new Date());
    expect(titles(shown)).toEqual(["Second news", "First news"]);
    expect(shown.map((item) => item.read)).toEqual([false, true]);
  });

  test("a fortnight on, the read one has left; a full list that loses one reads the next afresh", async () => {
    for (const n of [3, 4, 5, 6]) await postedAnnouncement(centre, { title: `News ${n}` });
    // The newest shows on home pages until the end of today only.
    const admin = await actorFor(centre.people.centre_admin);
    const today = localDate(new Date(), admin.centre.timeZone);
    await postAnnouncement(admin, { title: "Today only", body: "B", audience: { kind: "centre" }, homeUntil: today });
    const now = new Date();
    const shownNow = await view(now);
    expect(titles(shownNow)).toEqual(["Today only", "News 6", "News 5", "News 4", "News 3"]);
    expect(shownNow).toEqual(await fresh(now));
    // Fifteen days on, nothing was written: "Today only" and the read one have left, and the
    // unread one the full list had no room for comes in.
    const later = new Date(now.getTime() + 15 * DAY);
    const shownLater = await view(later);
    expect(titles(shownLater)).toEqual(["News 6", "News 5", "News 4", "News 3", "Second news"]);
    expect(shownLater).toEqual(await fresh(later));
  });
});
