import type { ExerciseKind, SubmissionStatus } from "../../src/platform/db/schema";
import { t } from "../../src/platform/i18n";
import { Pager } from "../components/pager";

/** A submission's status in words, in the current language. */
export function statusLabel(status: SubmissionStatus): string {
  return t(`homework.status.${status}`);
}

/** A submission's status as a badge: its words and its tone. */
export interface StatusBadge {
  label: string;
  tone: "ok" | "bad" | "";
}

/** One question as the student sees it, with their saved answer. */
export interface QuestionItem {
  exerciseId: string;
  kind: ExerciseKind;
  prompt: string;
  choices: string[];
  pages: number | null;
  points: number;
  answer: string;
}

/** An answer on the marking screen and in the student's results. */
export interface MarkedAnswer extends QuestionItem {
  position: number;
  tutorMarked: boolean;
  isCorrect: boolean | null;
  autoPoints: number | null;
  tutorPoints: number | null;
  feedback: string;
  text: string;
  /** The right answer of an auto-marked question, as words; null for tutor-marked ones. */
  correctAnswer: string | null;
}

/** Plain text typed by a person, one paragraph per blank-line-separated block. */
export function Paragraphs({ text }: { text: string }) {
  const blocks = text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean);
  return (
    <>
      {blocks.map((block) => (
        <p>
          {block.split("\n").map((line, index) => (
            <>
              {index > 0 && <br />}
              {line}
            </>
          ))}
        </p>
      ))}
    </>
  );
}

export function Badge({ badge }: { badge: StatusBadge }) {
  return <span class={badge.tone ? `badge ${badge.tone}` : "badge"}>{badge.label}</span>;
}

/** A keyset list's pager (links to the pages either side), in the homework lists' own link words. */
export function KeysetPager({ previous, next }: { previous: string | null; next: string | null }) {
  return (
    <Pager
      previous={previous}
      next={next}
      previousLabel={t("homework.pager.previous")}
      nextLabel={t("homework.pager.next")}
    />
  );
}
