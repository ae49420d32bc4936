import { describe, expect, test } from "bun:test";
import { withLocalisation } from "../../platform/i18n";
import { consentRequestMail, invitationMail, passwordResetMail } from "./mail";

/** The people module's emails put into words, as the mail worker does, in the recipient's localisation. */
const recipient = { userId: crypto.randomUUID(), name: "Maria Lopez", centreName: "Northside Learning" };
// 23:45 UTC on 28 March 2026: already the 29th in Madrid, still the 28th in London.
const EXPIRES = "2026-03-28T23:45:00.000Z";

describe("people emails", () => {
  test("an invitation names the centre, the role and the link's end, in the centre's time zone", () => {
    const mail = withLocalisation({ locale: "en-GB", timeZone: "Europe/London" }, () =>
      invitationMail.compose(
        { link: "https://learn.example/invite/abc", expiresAt: EXPIRES, role: "parent" },
        recipient,
      ),
    );
    expect(mail.subject).toBe("Your invitation to Northside Learning on AetherLearn");
    expect(mail.greeting).toBe("Hello Maria Lopez,");
    expect(mail.paragraphs.join(" ")).toContain("with the role Parent");
    expect(mail.action).toEqual({ label: "Choose your password", url: "https://learn.example/invite/abc" });
    expect(mail.footnote).toContain("28 March 2026");
    const madrid = withLocalisation({ locale: "es", timeZone: "Europe/Madrid" }, () =>
      invitationMail.compose(
        { link: "https://learn.example/invite/abc", expiresAt: EXPIRES, role: "parent" },
        recipient,
      ),
    );
    expect(madrid.footnote).toContain("29 de marzo de 2026");
  });

  test("a reset link says who asked: the person (with what to do if it was not them) or the centre", () => {
    const params = { link: "https://learn.example/reset/xyz", expiresAt: EXPIRES };
    const [self, centre] = withLocalisation({ locale: "en-GB", timeZone: "UTC" }, () => [
      passwordResetMail.compose({ ...params, requestedBy: "self" }, recipient),
      passwordResetMail.compose({ ...params, requestedBy: "centre" }, recipient),
    ]);
    expect(self?.paragraphs.join(" ")).toContain("Someone asked for a link");
    expect(self?.paragraphs.join(" ")).toContain("If it was not you, ignore this email");
    expect(centre?.paragraphs.join(" ")).toContain("Northside Learning has sent you a link");
    expect(self?.subject).toBe(centre?.subject);
  });

  test("a consent request names the child, never their date of birth, and leads to sign-in", () => {
    const mail = withLocalisation({ locale: "ar", timeZone: "Asia/Dubai" }, () =>
      consentRequestMail.compose({ student: "Yara", link: "https://learn.example/sign-in?next=%2Fhome" }, recipient),
    );
    expect(mail.subject).toContain("Yara");
    // In Arabic throughout: the only Latin letters are the child's name.
    expect(mail.subject.replace("Yara", "")).not.toMatch(/[A-Za-z]/);
    expect(mail.action?.url).toBe("https://learn.example/sign-in?next=%2Fhome");
  });

  test("without a centre (none today, but the type allows it) the brand stands in", () => {
    const mail = withLocalisation({ locale: "en-GB", timeZone: "UTC" }, () =>
      passwordResetMail.compose(
        { link: "https://learn.example/reset/xyz", expiresAt: EXPIRES, requestedBy: "self" },
        { ...recipient, centreName: null },
      ),
    );
    expect(mail.subject).toBe("Choose a new password for AetherLearn");
  });
});
