import { beforeAll, describe, expect, test } from "bun:test";
import { createApp } from "../../src/app";
import { ROLES } from "../../src/platform/db/schema";
import {
  anonymousCredentials,
  type Centre,
  type Credentials,
  createCentre,
  createPlatformAdmin,
  type Kiosk,
  kioskCredentials,
  type PasswordPerson,
  pairKiosk,
  signedInAs,
} from "../support/fixtures";
import { allowedFor, concretePath, isKnownPermission, isRefusal, routesOf, send } from "./walk";

const app = createApp();
const routes = routesOf(app);
type Who = (typeof ROLES)[number] | "kiosk" | "anonymous";
const EVERYONE: Who[] = [...ROLES, "kiosk", "anonymous"];

let centre: Centre;
let kiosk: Kiosk;
let platformAdminId: PasswordPerson;

beforeAll(async () => {
  centre = await createCentre({ label: "walk" });
  kiosk = await pairKiosk(centre);
  platformAdminId = await createPlatformAdmin();
});

/** Fresh credentials per request, so a sign-out along the walk cannot spoil the next request. */
async function credentialsFor(who: Who): Promise<Credentials> {
  if (who === "anonymous") return anonymousCredentials();
  if (who === "kiosk") return kioskCredentials(kiosk);
  // The platform admin works inside the centre explicitly, as after choosing it on /platform.
  if (who === "platform_admin") return signedInAs(platformAdminId, { actingIn: centre.id });
  return signedInAs(centre.people[who]);
}

describe("every route declares a permission from the table", () => {
  test("the app has routes to walk", () => {
    expect(routes.length).toBeGreaterThan(15);
  });

  test.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))("%s", (_, route) => {
    expect(isKnownPermission(route.permission)).toBe(true);
  });
});

describe("every route × every principal matches the permission table", () => {
  test.each(routes.map((route) => [`${route.method} ${route.path} (${route.permission})`, route] as const))(
    "%s",
    async (_, route) => {
      const outcomes: string[] = [];
      for (const who of EVERYONE) {
        const response = await send(app, route.method, concretePath(route.path), await credentialsFor(who));
        const allowed = allowedFor(route.permission as string, who);
        const refused = isRefusal(response);
        if (response.status >= 500 || allowed === refused)
          outcomes.push(`${who}: ${response.status} (allowed=${allowed})`);
      }
      expect(outcomes).toEqual([]);
    },
    30_000,
  );
});
