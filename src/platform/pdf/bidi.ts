import bidiFactory from "bidi-js";

const bidi = bidiFactory();

/** A stretch of text at one embedding level, with its mirrored characters already swapped in. */
export interface LevelRun<T> {
  text: string;
  /** The run's characters as written (before mirroring), in logical order. */
  logical: string;
  level: number;
  /** What the caller attached to every character of the run (the font that draws it). */
  tag: T;
}

/**
 * Splits a line into runs of one bidi level and one tag (as chosen by `tagOf` per character, in
 * logical order), then puts the runs in visual order (UAX #9 rule L2: from the highest level down to
 * the lowest odd one, reverse every maximal sequence at or above it). Each run stays in logical
 * order: the shaper lays out a right-to-left run (odd level) and returns its glyphs right to left.
 */
export function visualRuns<T>(
  line: string,
  direction: "ltr" | "rtl",
  tagOf: (codePoint: number, previous: T | undefined) => T,
): LevelRun<T>[] {
  const embedding = bidi.getEmbeddingLevels(line, direction);
  const mirrored = bidi.getMirroredCharactersMap(line, embedding);
  const runs: LevelRun<T>[] = [];
  let previous: T | undefined;
  for (let index = 0; index < line.length; ) {
    const codePoint = line.codePointAt(index) ?? 0;
    const width = codePoint > 0xffff ? 2 : 1;
    const original = line.slice(index, index + width);
    const char = mirrored.get(index) ?? original;
    const level = embedding.levels[index] ?? 0;
    const tag = tagOf(codePoint, previous);
    const last = runs.at(-1);
    if (last && last.level === level && last.tag === tag) {
      last.text += char;
      last.logical += original;
    } else runs.push({ text: char, logical: original, level, tag });
    previous = tag;
    index += width;
  }
  const levels = runs.map((run) => run.level);
  const highest = Math.max(0, ...levels);
  const lowestOdd = Math.min(...levels.map((level) => (level % 2 === 1 ? level : level + 1)));
  for (let level = highest; level >= lowestOdd; level -= 1) {
    let start = 0;
    while (start < runs.length) {
      if ((runs[start]?.level ?? 0) < level) {
        start += 1;
        continue;
      }
      let end = start;
      while (end < runs.length && (runs[end]?.level ?? 0) >= level) end += 1;
      runs.splice(start, end - start, ...runs.slice(start, end).reverse());
      start = end;
    }
  }
  return runs;
}
