import { describe, expect, test } from "bun:test";
import { weakPasswordReason } from "./password-strength";

describe("password strength for the first platform admin", () => {
  test.each([
    ["short1!A", "at least 12"],
    ["demo-password-2026", "publicly known"],
    ["Password1234", "publicly known"],
    ["aaaaaaaaaaaaaaaa", "different characters"],
    ["alllowercaseletters", "three of"],
    ["Priya.Sharma-2026x", "name or email"],
  ])("refuses %p", (password, reason) => {
    expect(weakPasswordReason(password, ["priya.sharma", "Priya Sharma", "sharma"])).toContain(reason);
  });

  test.each(["Kettle-Orbit-93", "correct horse battery staple", "x7#Lq9!vB2mR"])("accepts %p", (password) => {
    expect(weakPasswordReason(password, ["priya"])).toBeNull();
  });
});
