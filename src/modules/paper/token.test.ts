import { describe, expect, test } from "bun:test";
import { signWorksheetPage, verifyWorksheetPage } from "./token";

const page = { homeworkId: crypto.randomUUID(), studentId: crypto.randomUUID(), page: 3 };

describe("worksheet page tokens", () => {
  test("a signed page verifies to the same homework, student and page, and stays compact", () => {
    const token = signWorksheetPage(page);
    expect(token.length).toBeLessThan(70);
    expect(verifyWorksheetPage(token)).toEqual({ ok: true, page });
  });

  test("any changed character is refused", () => {
    const token = signWorksheetPage(page);
    for (const index of [5, 20, 40, token.length - 1]) {
      const char = token[index] === "A" ? "B" : "A";
      const tampered = token.slice(0, index) + char + token.slice(index + 1);
      expect(verifyWorksheetPage(tampered)).toEqual({ ok: false, reason: "bad_signature" });
    }
  });

  test("someone else's QR code is not ours, and a truncated one is refused", () => {
    expect(verifyWorksheetPage("https://example.com")).toEqual({ ok: false, reason: "not_ours" });
    expect(verifyWorksheetPage(signWorksheetPage(page).slice(0, -4))).toEqual({ ok: false, reason: "bad_signature" });
  });

  test("pages outside 0..999 are not signed", () => {
    expect(() => signWorksheetPage({ ...page, page: 1000 })).toThrow();
    expect(() => signWorksheetPage({ ...page, page: -1 })).toThrow();
  });
});
