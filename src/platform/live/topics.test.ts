import { describe, expect, test } from "bun:test";
import { ForbiddenError, ValidationError } from "../errors";
import { trustedCentreId } from "../tenancy";
import { liveChannel } from "./channels";
import { defineLiveTopic, LiveTopics, MAX_TOPICS } from "./topics";

const viewer = { userId: crypto.randomUUID(), role: "tutor" as const, centreId: trustedCentreId(crypto.randomUUID()) };
const own = defineLiveTopic("marking", async (who, id) => (id === who.userId ? liveChannel.marking(id) : null));

describe("live topics", () => {
  test("a kind is defined once, in plain letters", () => {
    expect(() => new LiveTopics([own, own])).toThrow("defined twice");
    expect(() => defineLiveTopic("Class:", async () => null)).toThrow("Invalid live topic kind");
    expect(new LiveTopics([own]).kinds).toEqual(["marking"]);
  });

  test("each requested topic is authorised by its own rule: unknown is 422, not theirs is 403", async () => {
    const topics = new LiveTopics([own]);
    expect(await topics.channelsFor(viewer, [`marking:${viewer.userId}`])).toEqual([`marking:${viewer.userId}`]);
    await expect(topics.channelsFor(viewer, [`marking:${crypto.randomUUID()}`])).rejects.toBeInstanceOf(ForbiddenError);
    await expect(topics.channelsFor(viewer, [`class:${crypto.randomUUID()}`])).rejects.toBeInstanceOf(ValidationError);
    await expect(topics.channelsFor(viewer, ["marking:not-a-uuid"])).rejects.toBeInstanceOf(ValidationError);
    expect(await topics.allows(viewer, [`marking:${viewer.userId}`])).toBe(true);
    expect(await topics.allows(viewer, [`marking:${crypto.randomUUID()}`])).toBe(false);
    const many = Array.from({ length: MAX_TOPICS + 1 }, () => `marking:${viewer.userId}`);
    await expect(topics.channelsFor(viewer, many)).rejects.toBeInstanceOf(ValidationError);
  });
});
