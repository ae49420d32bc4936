/**
 * Reading keyset-paged lists (src/platform/db/keyset.ts) in tests: the ids a page shows, by the
 * `data-*-id` attribute its rows carry, and its "next" / "previous" links as a person would follow them.
 */
export function idsIn(html: string, attribute: `data-${string}-id`): string[] {
  return [...html.matchAll(new RegExp(`${attribute}="([^"]+)"`, "g"))].map((match) => match[1] as string);
}

/** The page's `rel="next"` or `rel="prev"` link, unescaped; null on the last or first page. */
export function pageLink(html: string, rel: "next" | "prev"): string | null {
  return new RegExp(`<a href="([^"]+)" rel="${rel}"`).exec(html)?.[1]?.replaceAll("&amp;", "&") ?? null;
}
