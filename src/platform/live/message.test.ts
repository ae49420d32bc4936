import { describe, expect, test } from "bun:test";
import { raw } from "#html/jsx-runtime";
import { regionId, renderParts, sseFrame } from "./message";

describe("live messages", () => {
  test("parts become hx-partials aimed at their regions", () => {
    const html = renderParts([
      { event: "notification-count", html: raw("<b>3</b>") },
      { event: "notifications", html: "<li>new</li>", swap: "afterbegin" },
    ]);
    expect(html).toBe(
      '<hx-partial hx-target="#live-notification-count" hx-swap="innerHTML"><b>3</b></hx-partial>' +
        '<hx-partial hx-target="#live-notifications" hx-swap="afterbegin"><li>new</li></hx-partial>',
    );
  });

  test("an event name cannot break out of the selector", () => {
    expect(() => regionId('x"] , body')).toThrow("Invalid live event name");
    expect(regionId("marking-count")).toBe("live-marking-count");
  });

  test("a frame keeps multi-line data in one message and carries the id", () => {
    expect(sseFrame({ id: "42", data: "<p>a\nb</p>" })).toBe("id: 42\ndata: <p>a\ndata: b</p>\n\n");
    expect(sseFrame({ data: "x" })).toBe("data: x\n\n");
  });
});
