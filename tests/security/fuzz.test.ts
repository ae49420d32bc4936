import { beforeAll, describe, expect, test } from "bun:test";
import { createApp } from "../../src/app";
import { ROLES } from "../../src/platform/db/schema";
import {
  anonymousCredentials,
  type Credentials,
  createTestCentre,
  signedInAs,
  type TestCentre,
} from "../support/identities";
import { allowedFor, concretePath, ORIGIN, routesOf } from "./walk";

const app = createApp();
const routes = routesOf(app);
let centre: TestCentre;

beforeAll(async () => {
  centre = await createTestCentre("fuzz");
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
  return role && role !== "platform_admin" ? signedInAs(centre.people[role], centre.id) : anonymousCredentials();
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
