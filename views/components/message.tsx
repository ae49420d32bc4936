import type { Child } from "#html/jsx-runtime";

/** A character no message or value holds (Unicode private use): where the markup goes. */
const MARK = "\uE000";

/**
 * A translated sentence with one part in markup ("New PINs have <strong>6</strong> digits"):
 * the message is rendered with a marker standing for that part, and the markup takes the marker's
 * place, so the word order stays the translator's and no HTML goes into a catalogue.
 *
 *   <WithMarkup message={(mark) => t("centres.settings.pinLengthNow", { digits, shown: mark })}>
 *     <strong>{digits}</strong>
 *   </WithMarkup>
 */
export function WithMarkup({ message, children }: { message: (mark: string) => string; children: Child }) {
  const [before = "", ...rest] = message(MARK).split(MARK);
  return (
    <>
      {before}
      {children}
      {rest.join("")}
    </>
  );
}
