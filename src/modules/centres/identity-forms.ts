import { z } from "zod";
import { lazy } from "../../platform/i18n";
import type { CentreContact } from "./identity";

/** Every IANA zone the runtime knows, UTC included, in the order a select lists them. */
export const TIME_ZONES: readonly string[] = [...new Set([...Intl.supportedValuesOf("timeZone"), "UTC"])].sort();
const ZONES = new Set(TIME_ZONES);

/**
 * The zones the time-zone field suggests: the current zone's region (a centre moves its clock
 * within its own part of the world far more often than across it), and UTC. Any other zone can
 * still be typed, and is checked; listing all ~400 cost the settings page a third of its weight.
 */
export function suggestedTimeZones(current: string): string[] {
  const region = current.includes("/") ? `${current.slice(0, current.indexOf("/"))}/` : "";
  return TIME_ZONES.filter((zone) => zone === "UTC" || zone === current || (region !== "" && zone.startsWith(region)));
}

export const NAME_MAX = 200;

export const nameForm = z.object({
  name: z
    .string({ error: lazy("centres.identity.nameRequired") })
    .trim()
    .min(1, { error: lazy("centres.identity.nameRequired") })
    .max(NAME_MAX, { error: lazy("centres.identity.nameTooLong", { max: NAME_MAX }) }),
});

export const timeZoneForm = z.object({
  timeZone: z
    .string({ error: lazy("centres.identity.timeZoneInvalid") })
    .trim()
    .refine((zone) => ZONES.has(zone), { error: lazy("centres.identity.timeZoneInvalid") }),
});

/** "" means "not given": the column is cleared. */
const optional = (text: string) => (text === "" ? null : text);

/** A website as typed; "example.org" is read as https://example.org. */
function websiteUrl(text: string): string | null {
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(withScheme);
    const ok = (url.protocol === "https:" || url.protocol === "http:") && url.hostname.includes(".");
    return ok && !url.username && !url.password ? url.href : null;
  } catch {
    return null;
  }
}

export const contactForm = z
  .object({
    email: z
      .string()
      .trim()
      .max(254, { error: lazy("centres.identity.emailInvalid") })
      .default("")
      .refine((text) => text === "" || z.email().safeParse(text).success, {
        error: lazy("centres.identity.emailInvalid"),
      }),
    phone: z
      .string()
      .trim()
      .default("")
      .refine((text) => text === "" || (/^\+?[\d\s().-]{5,40}$/.test(text) && /(\d.*){5}/.test(text)), {
        error: lazy("centres.identity.phoneInvalid"),
      }),
    postalAddress: z
      .string()
      .trim()
      .max(500, { error: lazy("centres.identity.postalAddressTooLong", { max: 500 }) })
      .default(""),
    website: z
      .string()
      .trim()
      .max(300, { error: lazy("centres.identity.websiteInvalid") })
      .default("")
      .refine((text) => text === "" || websiteUrl(text) !== null, { error: lazy("centres.identity.websiteInvalid") }),
  })
  .transform(
    (form): CentreContact => ({
      email: optional(form.email),
      phone: optional(form.phone.replace(/\s+/g, " ")),
      postalAddress: optional(form.postalAddress.replace(/\r\n?/g, "\n")),
      website: form.website === "" ? null : websiteUrl(form.website),
    }),
  );
