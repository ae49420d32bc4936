import { beforeAll, describe, expect, test } from "bun:test";
import { DEMO_CENTRES, DEMO_PIN, demoDateOfBirth, demoStudentCode } from "../../scripts/seed";
import { createApp } from "../../src/app";
import { DEFAULT_PIN_LENGTH } from "../../src/modules/centres/pin-length";
import { PIN_BIRTH_YEAR_FIRST, PIN_BIRTH_YEAR_LAST, pinProblem, randomPin } from "../../src/modules/people/pin-policy";
import { GENERATED_CODE_CHARS } from "../../src/modules/people/tokens";
import { db } from "../../src/platform/db";
import { selectFromTenant, trustedCentreId } from "../../src/platform/tenancy";
import { type Centre, createCentre, signedInAs } from "../support/fixtures";
import { signIn } from "../support/session";
import { send } from "./walk";

/**
 * Acceptance 1, second half: trivial PINs are refused on every path that sets a PIN (a new
 * student, a reset, a student's own change, the demo seed), and new PINs and codes are random.
 */
const app = createApp();
const SIX = { minLength: 6 };
const FOUR = { minLength: 4 };
let centre: Centre;

beforeAll(async () => {
  centre = await createCentre({ label: "pinrules" });
});

function secretOf(html: string): string {
  return (/data-secret>\s*([^<\s]+)\s*</.exec(html)?.[1] ?? "").trim();
}

describe("the PIN rules", () => {
  test("repeats, runs, skips, keypad shapes, years and birthdays are refused", () => {
    for (const pin of ["111111", "0000", "123456", "654321", "1234", "4321", "7890", "890123", "2468", "1357"])
      expect(pinProblem(pin, FOUR)).toContain("too easy");
    for (const pin of ["121212", "123123", "4545", "2580", "147258", "112233"])
      expect(pinProblem(pin, FOUR)).toContain("too easy");
    for (const year of [PIN_BIRTH_YEAR_FIRST, 1987, 2015, PIN_BIRTH_YEAR_LAST])
      expect(pinProblem(String(year), FOUR)).toContain("too easy");
    const birthday = { minLength: 4, dateOfBirth: "2014-07-23" };
    for (const pin of ["2307", "0723", "230714", "072314", "140723", "23072014", "07232014", "20140723"])
      expect(pinProblem(pin, birthday)).toContain("date of birth");
    expect(pinProblem("5827", FOUR)).toBeNull();
    expect(pinProblem("5827", SIX)).toContain("6 to 8 digits");
    expect(pinProblem("582719", SIX)).toBeNull();
    expect(pinProblem("12a456", SIX)).toContain("digits");
  });

  test("random PINs have the asked length and always pass the rules", () => {
    for (let n = 0; n < 500; n++) {
      const pin = randomPin(n % 2 === 0 ? 4 : 6, "2014-07-23");
      expect(pinProblem(pin, { minLength: pin.length, dateOfBirth: "2014-07-23" })).toBeNull();
    }
  });

  test("the demo seed's PIN passes for every demo student", () => {
    expect(DEMO_PIN).toHaveLength(DEFAULT_PIN_LENGTH);
    for (const demo of DEMO_CENTRES)
      for (let index = 0; index < 30; index++) {
        expect(demoStudentCode(demo, index)).toMatch(/^[A-Z]{2}\d{3}$/);
        expect(pinProblem(DEMO_PIN, { minLength: DEFAULT_PIN_LENGTH, dateOfBirth: demoDateOfBirth(index) })).toBeNull();
      }
  });
});

describe("every path that sets a PIN", () => {
  test("creating a student refuses trivial, short and birthday PINs; left empty, PIN and code are random", async () => {
    const admin = await signedInAs(centre.people.centre_admin);
    const base = { name: "Nia Rules", studentCode: "", dateOfBirth: "2014-07-23" };
    for (const [pin, message] of [
      ["123456", "too easy to guess"],
      ["000000", "too easy to guess"],
      ["5827", "6 to 8 digits"],
      ["230714", "date of birth"],
    ] as const) {
      const refused = await send(app, "POST", "/people/students", admin, { body: { ...base, pin } });
      expect(refused.status).toBe(422);
      expect(await refused.text()).toContain(message);
    }
    const codes = new Set<string>();
    for (let n = 0; n < 3; n++) {
      const created = await send(app, "POST", "/people/students", admin, { body: { ...base, pin: "" } });
      expect(created.status).toBe(201);
      const html = await created.text();
      expect(pinProblem(secretOf(html), { minLength: 6, dateOfBirth: base.dateOfBirth })).toBeNull();
      const code = /Student code ([A-Z0-9]+) · PIN/.exec(html)?.[1] ?? "";
      expect(code).toMatch(new RegExp(`^[A-Z]{1,3}[2-9A-HJKMNP-Z]{${GENERATED_CODE_CHARS}}$`));
      codes.add(code);
    }
    expect(codes.size).toBe(3);
  });

  test("a reset gives a random PIN of the centre's length, which the owner can set to 4", async () => {
    const student = centre.people.student;
    const head = await signedInAs(centre.people.head_tutor);
    const six = secretOf(await (await send(app, "POST", `/people/${student.id}/pin`, head)).text());
    expect(six).toHaveLength(6);
    expect(pinProblem(six, { minLength: 6, dateOfBirth: "2005-01-01" })).toBeNull();

    const owner = await signedInAs(centre.people.centre_owner);
    expect((await send(app, "POST", "/settings/pin-length", owner, { body: { pinLength: "5" } })).status).toBe(422);
    expect((await send(app, "POST", "/settings/pin-length", head, { body: { pinLength: "4" } })).status).toBe(403);
    expect((await send(app, "POST", "/settings/pin-length", owner, { body: { pinLength: "4" } })).status).toBe(303);
    expect(await (await send(app, "GET", "/settings", owner)).text()).toContain("<strong>4</strong> digits");
    const four = secretOf(await (await send(app, "POST", `/people/${student.id}/pin`, head)).text());
    expect(four).toHaveLength(4);
    expect(pinProblem(four, { minLength: 4, dateOfBirth: "2005-01-01" })).toBeNull();
    // Even at four digits, years stay refused when staff type the PIN.
    const admin = await signedInAs(centre.people.centre_admin);
    const year = await send(app, "POST", "/people/students", admin, {
      body: { name: "Year Pin", studentCode: "", dateOfBirth: "2014-07-23", pin: "2014" },
    });
    expect(year.status).toBe(422);
    await send(app, "POST", "/settings/pin-length", owner, { body: { pinLength: "6" } });

    // The student signs in with the PIN the reset gave.
    const code = await selectFromTenant(db, "users", trustedCentreId(centre.id))
      .where("id", "=", student.id)
      .select("student_code")
      .executeTakeFirstOrThrow();
    await signIn(app, { centre: centre.slug, studentCode: code.student_code as string, pin: four });
  });
});
