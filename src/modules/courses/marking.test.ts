import { describe, expect, test } from "bun:test";
import { markAnswer, normaliseAnswer, parseNumber } from "./marking";

const choice = { kind: "multiple_choice" as const, config: { choices: ["2", "3", "4"], correct: 2 }, points: 2 };
const numeric = { kind: "numeric" as const, config: { answer: 1.5, tolerance: 0.1 }, points: 3 };
const negative = { kind: "numeric" as const, config: { answer: -4.2, tolerance: 0.05 }, points: 1 };
const exact = { kind: "numeric" as const, config: { answer: 12, tolerance: 0 }, points: 1 };
const short = { kind: "short_answer" as const, config: { accepted: ["Paris", "the city of Paris"] }, points: 1 };

describe("multiple choice", () => {
  test("the correct index scores the exercise's points", () => {
    expect(markAnswer(choice, 2)).toEqual({ isCorrect: true, points: 2 });
    expect(markAnswer(choice, "2")).toEqual({ isCorrect: true, points: 2 });
  });
  test("another index is wrong", () => {
    expect(markAnswer(choice, 0)).toEqual({ isCorrect: false, points: 0 });
    expect(markAnswer(choice, "1")).toEqual({ isCorrect: false, points: 0 });
  });
  test("malformed responses are wrong, not errors", () => {
    for (const response of [null, undefined, "", "two", "2.0", 2.5, -2, "99", {}, [2], true, Number.NaN, "2; drop"]) {
      expect(markAnswer(choice, response)).toEqual({ isCorrect: false, points: 0 });
    }
  });
});

describe("numeric", () => {
  test("tolerance is inclusive at both ends", () => {
    expect(markAnswer(numeric, 1.6)?.isCorrect).toBe(true);
    expect(markAnswer(numeric, 1.4)?.isCorrect).toBe(true);
    expect(markAnswer(numeric, "1.6")?.isCorrect).toBe(true);
    expect(markAnswer(numeric, 1.61)?.isCorrect).toBe(false);
    expect(markAnswer(numeric, 1.39)?.isCorrect).toBe(false);
  });
  test("a decimal comma reads like a decimal point", () => {
    expect(markAnswer(numeric, "1,5")).toEqual({ isCorrect: true, points: 3 });
    expect(markAnswer(numeric, " 1.5 ")).toEqual({ isCorrect: true, points: 3 });
    expect(markAnswer(numeric, "1,55")?.isCorrect).toBe(true);
  });
  test("negative numbers, including a typographic minus", () => {
    expect(markAnswer(negative, "-4.2")?.isCorrect).toBe(true);
    expect(markAnswer(negative, "−4,25")?.isCorrect).toBe(true);
    expect(markAnswer(negative, -4.15)?.isCorrect).toBe(true);
    expect(markAnswer(negative, "4.2")?.isCorrect).toBe(false);
    expect(markAnswer(negative, -4.3)?.isCorrect).toBe(false);
  });
  test("zero tolerance wants the exact value", () => {
    expect(markAnswer(exact, "12")?.isCorrect).toBe(true);
    expect(markAnswer(exact, "12.0")?.isCorrect).toBe(true);
    expect(markAnswer(exact, "12.0001")?.isCorrect).toBe(false);
  });
  test("malformed responses are wrong, not errors", () => {
    for (const response of [
      null,
      undefined,
      "",
      "abc",
      "1.5.1",
      "1,5,1",
      "--1.5",
      "1e999",
      Infinity,
      {},
      [1.5],
      "x".repeat(5000),
    ]) {
      expect(markAnswer(numeric, response)).toEqual({ isCorrect: false, points: 0 });
    }
  });
  test("parseNumber reads what people type", () => {
    expect(parseNumber("1 000")).toBe(1000);
    expect(parseNumber("1,000.5")).toBe(1000.5);
    expect(parseNumber(".5")).toBe(0.5);
    expect(parseNumber("+3")).toBe(3);
    expect(parseNumber("2e3")).toBe(2000);
    expect(parseNumber("0x10")).toBeNull();
    expect(parseNumber("")).toBeNull();
  });
});

describe("short answer", () => {
  test("normalised: case, spaces, trailing punctuation", () => {
    expect(markAnswer(short, "paris")).toEqual({ isCorrect: true, points: 1 });
    expect(markAnswer(short, "  PARIS.  ")?.isCorrect).toBe(true);
    expect(markAnswer(short, "The   city of\tParis!")?.isCorrect).toBe(true);
    expect(markAnswer(short, "Paris?!")?.isCorrect).toBe(true);
  });
  test("a different answer or an empty one is wrong", () => {
    expect(markAnswer(short, "London")?.isCorrect).toBe(false);
    expect(markAnswer(short, "...")?.isCorrect).toBe(false);
    expect(markAnswer(short, "Pa ris")?.isCorrect).toBe(false);
  });
  test("malformed responses are wrong, not errors", () => {
    for (const response of [null, undefined, 42, {}, ["Paris"], true]) {
      expect(markAnswer(short, response)).toEqual({ isCorrect: false, points: 0 });
    }
  });
  test("normaliseAnswer", () => {
    expect(normaliseAnswer("  Hello   World.. ")).toBe("hello world");
    expect(normaliseAnswer("ＡＢＣ")).toBe("abc");
  });
});

describe("tutor-marked kinds", () => {
  test("free response and worksheet are left for the tutor", () => {
    expect(markAnswer({ kind: "free_response", config: {}, points: 5 }, "an essay")).toBeNull();
    expect(markAnswer({ kind: "worksheet", config: { pages: 2 }, points: 5 }, null)).toBeNull();
  });
  test("an unreadable config is left for the tutor rather than marked wrong", () => {
    expect(markAnswer({ kind: "multiple_choice", config: { choices: ["a"] }, points: 1 }, 0)).toBeNull();
    expect(markAnswer({ kind: "numeric", config: { answer: "x" }, points: 1 }, 1)).toBeNull();
    expect(markAnswer({ kind: "short_answer", config: null, points: 1 }, "a")).toBeNull();
  });
});
