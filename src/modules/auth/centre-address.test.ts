import { beforeAll, describe, expect, test } from "bun:test";
import {
  type Centre,
  createCentre,
  createPlatformAdmin,
  type PasswordPerson,
  signInFormFor,
} from "../../../tests/support/fixtures";
import { csrfTokenIn, signIn } from "../../../tests/support/session";
import { visitor } from "../../../tests/support/visitor";
import { createApp } from "../../app";

/** Sign-in that fits many tenants: each centre at its own address, found by its code, nothing listed. */
const app = createApp();
let centres: Centre[];
let platformAdmin: PasswordPerson;

beforeAll(async () => {
  centres = await Promise.all(["north", "south", "east"].map((label) => createCentre({ label: `address-${label}` })));
  platformAdmin = await createPlatformAdmin();
});

function namesIn(html: string, list: Centre[]): string[] {
  return list.filter((centre) => html.includes(centre.name) || html.includes(centre.slug)).map((c) => c.name);
}

describe("public pages name no centre", () => {
  test.each(["/", "/sign-in", "/forgot-password", "/platform/sign-in", "/sign-in?next=%2Fhome"])("%s", async (path) => {
    const html = await (await visitor(app).get(path)).text();
    expect(namesIn(html, centres)).toEqual([]);
    expect(html).not.toContain("<select");
    expect(html).not.toContain("Platform administration</option>");
  });

  test("a centre's own page names that centre alone", async () => {
    const [north, ...others] = centres as [Centre, ...Centre[]];
    const html = await (await visitor(app).get(`/c/${north.slug}`)).text();
    expect(html).toContain(`Sign in to ${north.name}`);
    expect(namesIn(html, others)).toEqual([]);
    expect(html).not.toContain("<select");
    expect(html).toContain(`<input type="hidden" name="centre" value="${north.slug}">`);
    expect(html).toContain(`href="/forgot-password?centre=${north.slug}"`);
  });
});

describe("finding a centre by its code", () => {
  test("a known code, typed in any case with spaces, leads to the centre's address, carrying next", async () => {
    const north = centres[0] as Centre;
    const response = await visitor(app).get(
      `/sign-in?code=${encodeURIComponent(`  ${north.slug.toUpperCase()} `)}&next=%2Fhomework`,
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/c/${north.slug}?next=%2Fhomework`);
  });

  test("an unknown or malformed code gets one message that suggests nothing; an unknown address too", async () => {
    const north = centres[0] as Centre;
    const messages = new Set<string>();
    for (const code of [`${north.slug}x`, "no-such-centre", "!!", "a".repeat(150)]) {
      const response = await visitor(app).get(`/sign-in?code=${encodeURIComponent(code)}`);
      expect({ code, status: response.status }).toEqual({ code, status: 404 });
      const html = await response.text();
      // What was typed comes back in the field; no centre's name does.
      expect(centres.filter((centre) => html.includes(centre.name))).toEqual([]);
      messages.add(/<p class="field-error"[^>]*>([^<]+)</.exec(html)?.[1] ?? "");
    }
    expect([...messages]).toEqual([
      "We could not find a centre with that code. Check the code your centre gave you, or use the link it sent you.",
    ]);
    const unknown = await visitor(app).get("/c/no-such-centre");
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("There is no centre at this address.");
  });
});

describe("signing in at the centre's address", () => {
  test("a parent types only email and password there, and lands home; signing out leads back there", async () => {
    const south = centres[1] as Centre;
    const browser = visitor(app);
    const page = await (await browser.get(`/c/${south.slug}`)).text();
    const parent = south.people.parent;
    const signedIn = await browser.post("/sign-in", {
      _csrf: csrfTokenIn(page),
      mode: "password",
      centre: south.slug,
      email: parent.email,
      password: parent.password,
      next: "",
    });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get("location")).toBe("/home");

    const session = await signIn(app, signInFormFor(south, parent));
    const out = await session.post("/sign-out");
    expect(out.headers.get("location")).toBe(`/c/${south.slug}`);
  });

  test("a wrong password comes back on the centre's page, in one message", async () => {
    const south = centres[1] as Centre;
    const browser = visitor(app);
    const page = await (await browser.get(`/c/${south.slug}`)).text();
    const refused = await browser.post("/sign-in", {
      _csrf: csrfTokenIn(page),
      mode: "password",
      centre: south.slug,
      email: south.people.parent.email,
      password: "not the password",
    });
    expect(refused.status).toBe(401);
    const html = await refused.text();
    expect(html).toContain(`Sign in to ${south.name}`);
    expect(html).toContain("That email and password do not match an active account at this centre.");
  });

  test("the staff form never falls back to platform administration", async () => {
    const browser = visitor(app);
    const page = await (await browser.get("/platform/sign-in")).text();
    // Without a centre the staff form is refused, even with the platform admin's own credentials.
    const noCentre = await browser.post("/sign-in", {
      _csrf: csrfTokenIn(page),
      mode: "password",
      centre: "",
      email: platformAdmin.email,
      password: platformAdmin.password,
    });
    expect(noCentre.status).toBe(422);
    expect(await noCentre.text()).toContain("Open your centre&#39;s sign-in page, or type its code");
  });

  test("the platform admin signs in at its own address, and out to it", async () => {
    const session = await signIn(app, signInFormFor({ slug: "" }, platformAdmin));
    expect((await session.get("/platform/centres")).status).toBe(200);
    const out = await session.post("/sign-out");
    expect(out.headers.get("location")).toBe("/platform/sign-in");
  });
});
