import { beforeAll, describe, expect, test } from "bun:test";
import { createApp } from "../../src/app";
import { ROLES } from "../../src/platform/db/schema";
import { isStateChanging } from "../../src/platform/http/csrf";
import {
  anonymousCredentials,
  type Centre,
  type Credentials,
  createCentre,
  type Kiosk,
  kioskCredentials,
  pairKiosk,
  signedInAs,
} from "../support/fixtures";
import { allowedFor, concretePath, routesOf, send, sendConfirmed } from "./walk";

const app = createApp();
const stateChanging = routesOf(app).filter((route) => isStateChanging(route.method));
let centre: Centre;
let kiosk: Kiosk;

beforeAll(async () => {
  centre = await createCentre({ label: "csrf" });
  kiosk = await pairKiosk(centre);
});

/** Someone the route would otherwise let in, so only the CSRF defence can refuse the request. */
async function permittedCredentials(permission: string): Promise<Credentials> {
  const role = ROLES.find((candidate) => candidate !== "platform_admin" && allowedFor(permission, candidate));
  if (role && role !== "platform_admin") return signedInAs(centre.people[role]);
  if (allowedFor(permission, "kiosk")) return kioskCredentials(kiosk);
  return anonymousCredentials();
}

const ATTACKS = [
  ["no token", { csrf: "missing" as const }],
  ["a wrong token", { csrf: "wrong" as const }],
  ["a valid token from a foreign Origin", { origin: "https://evil.example" }],
  [
    "no Origin but Sec-Fetch-Site cross-site and no token",
    { origin: null, csrf: "missing" as const, headers: { "sec-fetch-site": "cross-site" } },
  ],
] as const;

describe("a cross-site POST is refused on every state-changing route", () => {
  test("there are state-changing routes to walk", () => {
    expect(stateChanging.length).toBeGreaterThan(10);
  });

  test.each(stateChanging.map((route) => [`${route.method} ${route.path}`, route] as const))("%s", async (_, route) => {
    const who = await permittedCredentials(route.permission as string);
    const failures: string[] = [];
    for (const [name, options] of ATTACKS) {
      const response = await send(app, route.method, concretePath(route.path), who, options);
      if (response.status !== 403) failures.push(`${name}: ${response.status}`);
    }
    expect(failures).toEqual([]);
  });

  test("the same request with the session's token from our own origin is not refused for CSRF", async () => {
    const who = await signedInAs(centre.people.centre_admin);
    const response = await sendConfirmed(app, `/people/${centre.people.tutor.id}/disable`, who);
    expect(response.status).toBe(303);
  });

  test("a token from another session does not work", async () => {
    const mine = await signedInAs(centre.people.centre_admin);
    const theirs = await signedInAs(centre.people.centre_owner);
    const response = await send(app, "POST", `/people/${centre.people.tutor.id}/enable`, {
      ...mine,
      csrfToken: theirs.csrfToken,
    });
    expect(response.status).toBe(403);
  });
});
