import { type MessageKey, type MessageValues, t } from "../../src/platform/i18n";

// A private-use character no message or name contains, standing in for the markup.
const SLOT = "\u{E000}";

/**
 * A translated sentence split around one of its placeholders, so the view can put markup there (a
 * <strong> name, a button's label) while the sentence keeps its own word order in each language.
 * Messages hold no HTML; this is how markup goes inside one.
 */
export function messageAround(key: MessageKey, placeholder: string, values: MessageValues = {}): [string, string] {
  const [before = "", after = ""] = t(key, { ...values, [placeholder]: SLOT }).split(SLOT);
  return [before, after];
}
