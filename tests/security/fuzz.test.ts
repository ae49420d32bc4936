import { beforeAll, describe, expect, test } from "bun:test";
import { createApp } from "../../src/app";
import { ROLES } from "../../src/platform/db/schema";
import { SIGNED_URL } from "../../src/platform/permissions";
import {
  anonymousCredentials,
  type Centre,
  type Credentials,
  createCentre,
  createPlatformAdmin,
  kioskCredentials,
  samplePhoto,
  signedInAs,
} from "../support/fixtures";
import { type FoundForm, formsOn, hostileVariants } from "./forms";
import { pathWithRealIds, type RealRows, realRows } from "./real-rows";
import { allowedFor, concretePath, ORIGIN, routesOf } from "./walk";

const app = createApp();
const routes = routesOf(app);
let centre: Centre;

beforeAll(async () => {
  centre = await createCentre({ label: "fuzz" });
});

/** A small deterministic generator, so a failure reproduces. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const NASTY = [
  "",
  " ",
  "0",
  "-1",
  "1e309",
  "NaN",
  "null",
  "true",
  "[]",
  "{}",
  "'; drop table users; --",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "%00",
  "\u0000",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ☃ 🚀 ع ह",
  "\u202e\u200b",
  "a".repeat(100_000),
  "9".repeat(400),
  "2026-02-30",
  "00000000-0000-0000-0000-000000000000",
];

const FIELDS = [
  "mode",
  "centre",
  "email",
  "password",
  "studentCode",
  "pin",
  "name",
  "dateOfBirth",
  "role",
  "parentId",
  "q",
  "page",
  "status",
  "confirm",
  "next",
  "action",
  "from",
  "to",
  "older",
  "after",
  "before",
  "postedAfter",
  "newer",
];

function fuzzValues(seed: number): Record<string, string>[] {
  const next = random(seed);
  return Array.from({ length: 6 }, () =>
    Object.fromEntries(
      FIELDS.filter(() => next() < 0.7).map((field) => [field, NASTY[Math.floor(next() * NASTY.length)] as string]),
    ),
  );
}

async function whoMayUse(permission: string): Promise<Credentials> {
  const role = ROLES.find((candidate) => candidate !== "platform_admin" && allowedFor(permission, candidate));
  return role && role !== "platform_admin" ? signedInAs(centre.people[role]) : anonymousCredentials();
}

function request(
  method: string,
  path: string,
  who: Credentials,
  fields: Record<string, string>,
  asJson: boolean,
): Request {
  const headers: Record<string, string> = { cookie: who.cookie, origin: ORIGIN, "x-csrf-token": who.csrfToken };
  if (method === "GET") return new Request(`${ORIGIN}${path}?${new URLSearchParams(fields)}`, { headers });
  // Wrong types arrive as JSON: arrays, objects and numbers where strings are expected.
  const body = asJson
    ? JSON.stringify({ ...fields, name: [1, 2], role: { $ne: null }, page: 1e308 })
    : new URLSearchParams(fields).toString();
  headers["content-type"] = asJson ? "application/json" : "application/x-www-form-urlencoded";
  return new Request(`${ORIGIN}${path}`, { method, headers, body });
}

describe("fuzzed input on every route gives a 4xx with a message, never a 5xx", () => {
  test.each(routes.map((route, index) => [`${route.method} ${route.path}`, route, index] as const))(
    "%s",
    async (_, route, index) => {
      const who = await whoMayUse(route.permission as string);
      const failures: string[] = [];
      for (const [n, fields] of fuzzValues(index + 1).entries()) {
        const paramValue = NASTY[n % NASTY.length] as string;
        const path = concretePath(route.path, {
          id: encodeURIComponent(paramValue) || "x",
          token: "x",
          studentId: "y",
          parentId: "z",
          bucket: "b",
        });
        const response = await app.handle(request(route.method, path, who, fields, n % 2 === 1));
        if (response.status >= 500) failures.push(`${response.status} for ${JSON.stringify(fields).slice(0, 200)}`);
        if (response.status >= 400 && response.status !== 404 && (await response.text()).length < 20)
          failures.push(`${response.status} without a message`);
      }
      expect(failures).toEqual([]);
    },
    60_000,
  );
});

type Who = (typeof ROLES)[number] | "kiosk" | "anonymous";
const EVERYONE: Who[] = [...ROLES, "kiosk", "anonymous"];

/** Routes whose well-formed use ends a session or removes rows the rest of the walk needs: last. */
const DESTRUCTIVE = /sign-out|delete|archive|revoke|disable|withdraw|remove|unlink|cancel|role|leave|enter/;

function routePattern(path: string): RegExp {
  const escaped = path.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped.replace(/:\w+/g, "[^/]+").replace("*", ".+")}$`);
}

describe("well-formed bodies on real rows, and hostile variants of them, never give a 5xx", () => {
  let rows: RealRows;
  let platformAdmin: Awaited<ReturnType<typeof createPlatformAdmin>>;
  const found = new Map<string, FoundForm>();
  let photo: Uint8Array<ArrayBuffer> | undefined;
  const failures: string[] = [];
  const bodyRoutes = routes.filter((route) => route.method !== "GET" && route.permission !== SIGNED_URL);

  beforeAll(async () => {
    rows = await realRows("fuzz-real");
    platformAdmin = await createPlatformAdmin();
  }, 60_000);

  /** Fresh credentials per request, so a sign-out along the way spoils nothing after it. */
  async function credentialsFor(who: Who): Promise<Credentials> {
    if (who === "anonymous") return anonymousCredentials();
    if (who === "kiosk") return kioskCredentials(rows.kiosk);
    if (who === "platform_admin") return signedInAs(platformAdmin, { actingIn: rows.centre.id });
    return signedInAs(rows.centre.people[who]);
  }

  async function submit(path: string, who: Who, fields: Record<string, string>, as: "form" | "multipart" | "json") {
    const credentials = await credentialsFor(who);
    const headers: Record<string, string> = {
      cookie: credentials.cookie,
      origin: ORIGIN,
      "x-csrf-token": credentials.csrfToken,
    };
    const values = { ...fields, _csrf: credentials.csrfToken };
    let body: string | FormData;
    if (as === "json") {
      headers["content-type"] = "application/json";
      // Wrong types where text is expected: lists, objects, numbers, negative and huge.
      body = JSON.stringify(
        Object.fromEntries(Object.keys(values).map((key, n) => [key, [[1, 2], { $ne: null }, -1, 1e308][n % 4]])),
      );
    } else if (as === "multipart") {
      const form = new FormData();
      for (const [key, value] of Object.entries(values)) form.append(key, value);
      photo ??= await samplePhoto(64, 64);
      form.append("file", new File([photo], "photo.jpg", { type: "image/jpeg" }));
      form.append("files", new File([photo], "page.jpg", { type: "image/jpeg" }));
      body = form;
    } else {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(values).toString();
    }
    const response = await app.handle(new Request(`${ORIGIN}${path}`, { method: "POST", headers, body }));
    if (response.status >= 500)
      failures.push(`${response.status} POST ${path} as ${who} (${as}): ${await response.text()}`.slice(0, 300));
    return response.status;
  }

  test("every page, as everyone who may open it, on real rows: no 5xx, and the forms it offers", async () => {
    for (const route of routes.filter((candidate) => candidate.method === "GET")) {
      if (route.path.startsWith("/assets") || route.permission === SIGNED_URL) continue;
      for (const who of EVERYONE.filter((candidate) => allowedFor(route.permission as string, candidate))) {
        const path = pathWithRealIds(route.path, rows);
        const credentials = await credentialsFor(who);
        const response = await app.handle(new Request(`${ORIGIN}${path}`, { headers: { cookie: credentials.cookie } }));
        if (response.status >= 500) failures.push(`${response.status} GET ${path} as ${who}`);
        if (!(response.headers.get("content-type") ?? "").includes("text/html")) continue;
        for (const form of formsOn(await response.text())) {
          const key = `${form.action} ${Object.keys(form.fields).sort().join(",")}`;
          if (!found.has(key)) found.set(key, form);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(found.size).toBeGreaterThan(20);
  }, 120_000);

  test("every route with a body gets its well-formed body on real rows from every principal, and hostile ones past the guard", async () => {
    const plans = bodyRoutes.map((route) => {
      const pattern = routePattern(route.path);
      const forms = [...found.values()].filter((form) => pattern.test(form.action.split("?")[0] as string));
      // A route no page offers a form for still gets a body of ordinary values on real rows.
      const fallback: FoundForm = {
        action: pathWithRealIds(route.path, rows),
        multipart: false,
        fields: Object.fromEntries(FIELDS.map((field) => [field, "Ordinary text"])),
        typed: FIELDS,
        files: [],
      };
      return { route, forms: forms.length > 0 ? forms.slice(0, 3) : [fallback] };
    });
    plans.sort((a, b) => Number(DESTRUCTIVE.test(a.route.path)) - Number(DESTRUCTIVE.test(b.route.path)));
    for (const { route, forms } of plans) {
      for (const form of forms) {
        const as = form.multipart || form.files.length > 0 ? "multipart" : "form";
        for (const who of EVERYONE) {
          await submit(form.action, who, form.fields, as);
        }
        // The hostile variants from one principal the route allows: past the guard, roles share the code.
        const allowed = EVERYONE.find((who) => allowedFor(route.permission as string, who));
        if (!allowed) continue;
        for (const variant of hostileVariants(form)) await submit(form.action, allowed, variant.fields, as);
        await submit(form.action, allowed, form.fields, "json");
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  test("the walk reached a page form for most routes with a body", () => {
    const reached = bodyRoutes.filter((route) =>
      [...found.values()].some((form) => routePattern(route.path).test(form.action.split("?")[0] as string)),
    );
    expect(reached.length / bodyRoutes.length).toBeGreaterThan(0.6);
  });
});
