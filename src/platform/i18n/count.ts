import { formatNumber } from "./format";
import { t } from "./translate";

/**
 * Counts of lists that grow are read only up to a cap, so their cost stays bounded: a list
 * shows "99+" (in the reader's language) beyond it rather than a number it did not read.
 */
export const COUNT_CAP = 100;

export function formatCount(count: number, cap: number = COUNT_CAP): string {
  return count >= cap ? t("common.count.atLeast", { count: cap - 1 }) : formatNumber(count);
}
