import type { XpSourceType } from "../../platform/db/schema";
import { currentLocale, type Locale, SOURCE_LOCALE, tIn } from "../../platform/i18n";

/**
 * The reasons the app writes for its own awards (exercises, on-time homework, attendance) are
 * stored in the source language, in the ledger, which is append-only. They have few shapes, named
 * by the entry's source, so they are put back into words in the reader's language when read. A
 * tutor's award keeps the tutor's own words, and so does any reason of no known shape.
 */
const EXERCISE = /^(\d+) correct in “([\s\S]*)”$/;
const HOMEWORK = /^Handed in on time: “([\s\S]*)”$/;

/** The stored reason for an automatic award, as the event handlers write it (en-GB). */
export function automaticReason(
  award:
    | { source: "exercise"; correct: number; title: string }
    | { source: "homework"; title: string }
    | { source: "attendance"; late: boolean },
): string {
  return reasonIn(SOURCE_LOCALE, award);
}

function shortTitle(title: string): string {
  return title.length > 120 ? `${title.slice(0, 119)}…` : title;
}

function reasonIn(
  locale: Locale,
  award:
    | { source: "exercise"; correct: number; title: string }
    | { source: "homework"; title: string }
    | { source: "attendance"; late: boolean },
): string {
  switch (award.source) {
    case "exercise":
      return tIn(locale, "gamification.reason.exercise", { correct: award.correct, title: shortTitle(award.title) });
    case "homework":
      return tIn(locale, "gamification.reason.homework", { title: shortTitle(award.title) });
    case "attendance":
      return tIn(locale, award.late ? "gamification.reason.late" : "gamification.reason.present");
  }
}

/** A ledger entry's reason in a language (the current one unless named). */
export function reasonText(source: XpSourceType, stored: string, locale: Locale = currentLocale()): string {
  if (source === "exercise") {
    const match = EXERCISE.exec(stored);
    if (match) return reasonIn(locale, { source, correct: Number(match[1]), title: match[2] ?? "" });
  }
  if (source === "homework") {
    const match = HOMEWORK.exec(stored);
    if (match) return reasonIn(locale, { source, title: match[1] ?? "" });
  }
  if (source === "attendance" && (stored === "Came to a session" || stored === "Came to a session (late)")) {
    return reasonIn(locale, { source, late: stored.endsWith("(late)") });
  }
  return stored;
}
