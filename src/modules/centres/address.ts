import { config } from "../../config";

/**
 * A centre's public address: `/c/<slug>` on the installation's one hostname (no DNS per centre).
 * The slug is also the centre's code, which a visitor types on the landing or sign-in page.
 */

/** Lower-case letters, digits and hyphens, 2 to 63 long, starting with a letter or digit (the column's check). */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

/**
 * Names a centre cannot take: words that read as the installation's own pages, or would if
 * centres were ever served on subdomains.
 */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "admin",
  "api",
  "app",
  "assets",
  "c",
  "help",
  "kiosk",
  "login",
  "mail",
  "platform",
  "settings",
  "sign-in",
  "sign-out",
  "signin",
  "static",
  "support",
  "www",
]);

export function isUsableSlug(slug: string): boolean {
  return SLUG_PATTERN.test(slug) && !RESERVED_SLUGS.has(slug);
}

/** What a visitor typed as their centre's code, as a slug to look up; null when it cannot be one. */
export function slugFromCode(code: string): string | null {
  const slug = code.trim().toLowerCase();
  return SLUG_PATTERN.test(slug) ? slug : null;
}

/** The centre's sign-in page, as a path on this site. */
export function centrePath(slug: string): string {
  return `/c/${slug}`;
}

/** The centre's sign-in page as a full link, for emails. */
export function centreUrl(slug: string): string {
  return new URL(centrePath(slug), config.PUBLIC_URL).href;
}
