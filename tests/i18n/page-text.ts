import { readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * What a person reads on a rendered page: its text and the attributes that are shown or spoken
 * (aria-label, title, placeholder, alt, button values, confirmation prompts), and the checks the
 * localisation walk makes on it.
 */

/** The catalogue areas (file names of the source catalogue): a message key starts with one. */
export const AREAS = readdirSync(join(import.meta.dir, "../../src/locales/en-GB"))
  .filter((file) => file.endsWith(".json"))
  .map((file) => file.slice(0, -".json".length));

const RAW_KEY = new RegExp(`(?<![\\w.@/-])(?:${AREAS.join("|")})\\.[a-zA-Z][\\w.-]*`, "g");
const PLACEHOLDER = /\{\s*[a-zA-Z_]\w*\s*(?:\}|,\s*(?:plural|select|selectordinal|number|date|time)\b)/g;

/**
 * English a Spanish or Arabic page must not show: labels from every area of the app, matched
 * as whole words with their capital, as a person would read them on a button or a heading, and
 * English's commonest little words. Words Spanish shares ("no", "a") are not samples.
 */
export const ENGLISH_SAMPLES = [
  "Sign out",
  "Sign in",
  "Save",
  "Cancel",
  "Delete",
  "Filter",
  "Homework",
  "My homework",
  "Students",
  "Due",
  "Settings",
  "Notifications",
  "Previous",
  "Next",
  "Hand in",
  "Attendance",
  "Courses",
  "Classes",
  "Lessons",
  "Timetable",
  "Profile",
  "People",
  "Password",
  "Question",
  "Answer",
  "Feedback",
  "Overdue",
  "Present",
  "Absent",
  "Late",
  "Upload",
  "Download",
  "Export",
  "Audit log",
  "Leaderboard",
  "Add",
  "Create",
  "Edit",
  "Back",
  "Start",
  "Status",
  "Name",
  "Title",
  "Room",
  "Skip to content",
  "Page not found",
  "You have",
  "There are no",
  "No one",
  "Nothing",
  // Little words that are in no Spanish or Arabic sentence: English left mid-sentence.
  "the",
  "The",
  "your",
  "Your",
  "with",
  "and",
  "of",
  "this",
  "This",
  "will",
  "been",
  "from",
];

const ENGLISH = new RegExp(`(?<![\\p{L}])(?:${ENGLISH_SAMPLES.join("|")})(?![\\p{L}])`, "gu");

const SHOWN_ATTRIBUTES = [
  "aria-label",
  "title",
  "placeholder",
  "alt",
  "hx-confirm",
  "data-confirm",
  "aria-description",
];

function decode(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replaceAll("&quot;", '"')
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&nbsp;", "\u00a0")
    .replaceAll("&amp;", "&");
}

/** The readable pieces of an HTML document or fragment, one per text run or shown attribute. */
export function readableText(html: string): string[] {
  const body = html
    .replace(/<script\b[\s\S]*?<\/script>/gi, " ")
    .replace(/<style\b[\s\S]*?<\/style>/gi, " ")
    .replace(/<!--[\s\S]*?-->/g, " ");
  const pieces: string[] = [];
  for (const tag of body.match(/<[a-zA-Z][^>]*>/g) ?? []) {
    for (const name of SHOWN_ATTRIBUTES) {
      const value = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
      if (value) pieces.push(decode(value));
    }
    // A button's value is shown on it; a text field's value is what someone typed (data).
    if (/^<input\b/i.test(tag) && /\stype="(submit|button|reset)"/i.test(tag)) {
      const value = /\svalue="([^"]*)"/.exec(tag)?.[1];
      if (value) pieces.push(decode(value));
    }
  }
  for (const run of body.split(/<[^>]*>/)) {
    const text = decode(run).replace(/\s+/g, " ").trim();
    if (text) pieces.push(text);
  }
  return pieces;
}

export interface Finding {
  kind: "raw key" | "placeholder" | "English";
  text: string;
}

/** What is wrong with a page's readable text in a locale. */
export function findingsIn(pieces: string[], checkEnglish: boolean): Finding[] {
  const findings: Finding[] = [];
  for (const piece of pieces) {
    for (const match of piece.match(RAW_KEY) ?? []) findings.push({ kind: "raw key", text: match });
    for (const match of piece.match(PLACEHOLDER) ?? []) findings.push({ kind: "placeholder", text: match });
    if (checkEnglish)
      for (const match of piece.match(ENGLISH) ?? [])
        findings.push({ kind: "English", text: `${match} (in "${piece.slice(0, 80)}")` });
  }
  return findings;
}
