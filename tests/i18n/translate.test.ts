import { describe, expect, test } from "bun:test";
import {
  currentLocale,
  currentLocalisation,
  directionOf,
  isLocale,
  lazy,
  messageSource,
  negotiateLocale,
  t,
  tIn,
  withLocalisation,
} from "../../src/platform/i18n";

/** src/platform/i18n: choosing a language, falling back, and rendering messages in it. */

describe("negotiateLocale (Accept-Language)", () => {
  test.each([
    [null, "en-GB"],
    [undefined, "en-GB"],
    ["", "en-GB"],
    ["*", "en-GB"],
    ["es", "es"],
    ["ar", "ar"],
    ["en-US", "en-US"],
    ["EN-au", "en-AU"],
    ["en", "en-GB"],
    ["en-NZ", "en-GB"],
    ["es-MX", "es"],
    ["ar-EG,ar;q=0.9", "ar"],
    ["fr-FR, de;q=0.8", "en-GB"],
    ["fr-FR, de;q=0.8, es;q=0.1", "es"],
  ] as const)("%p → %s", (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });

  test("the highest weight wins, whatever the order", () => {
    expect(negotiateLocale("es;q=0.5, ar;q=0.9, en-US;q=0.7")).toBe("ar");
    expect(negotiateLocale("es;q=0.5,en-US")).toBe("en-US");
  });

  test("equal weights keep the header's order", () => {
    expect(negotiateLocale("es;q=0.8, ar;q=0.8")).toBe("es");
    expect(negotiateLocale("ar, es")).toBe("ar");
  });

  test("q=0 means not acceptable; a weight that is not a number counts as none given (1)", () => {
    expect(negotiateLocale("es;q=0, ar;q=0.1")).toBe("ar");
    expect(negotiateLocale("es;q=0")).toBe("en-GB");
    expect(negotiateLocale("es;q=0.0, ar")).toBe("ar");
    expect(negotiateLocale("es;q=abc, ar;q=0.2")).toBe("es");
  });

  test("an unsupported language falls through to the next acceptable one", () => {
    expect(negotiateLocale("zh-CN, ja;q=0.9, es-AR;q=0.5")).toBe("es");
  });
});

describe("locales", () => {
  test("only ar is right-to-left", () => {
    expect(directionOf("ar")).toBe("rtl");
    for (const locale of ["en-GB", "en-US", "en-AU", "es"] as const) expect(directionOf(locale)).toBe("ltr");
  });

  test("isLocale accepts shipped locales only", () => {
    expect(isLocale("es")).toBe(true);
    expect(isLocale("es-MX")).toBe(false);
    expect(isLocale(42)).toBe(false);
  });
});

describe("messages and fallback", () => {
  test("en-US has its own spelling and falls back to en-GB for the rest", () => {
    expect(tIn("en-US", "common.nav.centres")).toBe("Centers");
    expect(tIn("en-GB", "common.nav.centres")).toBe("Centres");
    expect(tIn("en-US", "common.layout.signOut")).toBe(tIn("en-GB", "common.layout.signOut"));
    expect(messageSource("common.layout.signOut", "en-US")).toBe(messageSource("common.layout.signOut", "en-GB"));
    expect(tIn("en-AU", "common.form.save")).toBe("Save");
  });

  test("es and ar use their own catalogues", () => {
    expect(tIn("es", "common.layout.signOut")).not.toBe("Sign out");
    expect(tIn("ar", "common.layout.signOut")).toBe("تسجيل الخروج");
  });

  test("placeholders, numbers and plurals are formatted in the message's language", () => {
    expect(tIn("en-GB", "common.pager.pageOf", { page: 2, count: 1200 })).toBe("Page 2 of 1,200");
    expect(tIn("es", "common.pager.pageOf", { page: 2, count: 12000 })).toContain("12.000");
    expect(tIn("ar", "common.pager.pageOf", { page: 2, count: 3 })).toContain(new Intl.NumberFormat("ar").format(3));
    expect(tIn("en-GB", "common.validation.tooShort", { minimum: 1 })).toBe("Use at least 1 character.");
    expect(tIn("en-GB", "common.validation.tooShort", { minimum: 8 })).toBe("Use at least 8 characters.");
    // Arabic: two (dual) and few (3–10) are different words.
    expect(tIn("ar", "common.validation.tooShort", { minimum: 2 })).toContain("حرفين");
    expect(tIn("ar", "common.validation.tooShort", { minimum: 5 })).toContain("أحرف");
  });

  test("t() follows the current localisation, and the default is en-GB", () => {
    expect(currentLocale()).toBe("en-GB");
    expect(currentLocalisation().timeZone).toBe("UTC");
    expect(t("common.form.save")).toBe("Save");
    expect(withLocalisation({ locale: "ar" }, () => t("common.layout.signOut"))).toBe("تسجيل الخروج");
    expect(withLocalisation({ locale: "es" }, () => currentLocalisation().timeZone)).toBe("UTC");
    expect(t("common.form.save")).toBe("Save");
  });

  test("nested localisations restore the outer one", () => {
    const seen = withLocalisation({ locale: "es", timeZone: "Europe/London" }, () => {
      const inner = withLocalisation({ locale: "ar" }, () => currentLocalisation());
      return { inner, outer: currentLocalisation() };
    });
    expect(seen.inner).toEqual({ locale: "ar", timeZone: "Europe/London" });
    expect(seen.outer).toEqual({ locale: "es", timeZone: "Europe/London" });
  });

  test("lazy() renders in the language current when it is called, not when it was made", () => {
    const label = lazy("common.layout.signOut");
    const made = withLocalisation({ locale: "ar" }, () => lazy("common.pager.page", { page: 3 }));
    expect(label()).toBe("Sign out");
    expect(withLocalisation({ locale: "ar" }, label)).toBe("تسجيل الخروج");
    expect(withLocalisation({ locale: "en-US" }, label)).toBe("Sign out");
    expect(made()).toBe("Page 3");
    expect(withLocalisation({ locale: "es" }, made)).toBe(tIn("es", "common.pager.page", { page: 3 }));
  });

  test("lazy() works concurrently across requests in different languages", async () => {
    const label = lazy("common.layout.signOut");
    const tick = () => new Promise((resolve) => setTimeout(resolve, 1));
    const [es, ar] = await Promise.all(
      (["es", "ar"] as const).map((locale) =>
        withLocalisation({ locale }, async () => {
          await tick();
          return label();
        }),
      ),
    );
    expect(es).toBe(tIn("es", "common.layout.signOut"));
    expect(ar).toBe("تسجيل الخروج");
  });
});
