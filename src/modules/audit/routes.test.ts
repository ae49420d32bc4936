import { beforeAll, describe, expect, test } from "bun:test";
import { createCentre } from "../../../tests/support/fixtures";
import { recordAudit } from "../../platform/audit";
import { db } from "../../platform/db";
import { ValidationError } from "../../platform/errors";
import { htmlResponse } from "../../platform/http/render";
import type { CentreId } from "../../platform/tenancy";
import type { PageRenderer } from "../../web/page";
import { AUDIT_PAGE_SIZE, auditLogPage } from "./routes";

let centreId: CentreId;
let otherCentreId: CentreId;
const hostileTarget = `<img src=x onerror=alert(1)>`;

async function newCentre(): Promise<CentreId> {
  return (await createCentre({ label: "audit-view", timeZone: "Europe/London" })).id;
}

function event(centre: CentreId, action: "auth.sign_in" | "user.role_change", targetId = "u-1") {
  return recordAudit(db, {
    centreId: centre,
    actor: { id: null, role: "centre_admin" },
    action,
    target: { type: "user", id: targetId },
    before: { role: "tutor" },
    after: { role: "head_tutor", password: "hunter2" },
    request: { ip: "203.0.113.5", userAgent: "test", requestId: "req-view" },
  });
}

beforeAll(async () => {
  centreId = await newCentre();
  otherCentreId = await newCentre();
  for (let i = 0; i < AUDIT_PAGE_SIZE + 2; i++) await event(centreId, "auth.sign_in");
  await event(centreId, "user.role_change", hostileTarget);
  await event(otherCentreId, "user.role_change", "other-centre-secret");
});

async function view(query: Record<string, string>, headers: Record<string, string> = {}) {
  const request = new Request(`http://localhost/audit?${new URLSearchParams(query)}`, { headers });
  const page: PageRenderer = (fragment) => htmlResponse(request, `<main>${fragment.html}</main>`);
  return (await auditLogPage(request, { id: centreId, timeZone: "Europe/London" }, query, page)).text();
}

describe("the audit log viewer", () => {
  test("shows one centre's events, newest first, escaped, with a link to older pages", async () => {
    const html = await view({});
    expect(html).toContain("<form");
    expect(html).toContain(`hx-push-url="true"`);
    expect((html.match(/data-audit-id=/g) ?? []).length).toBe(AUDIT_PAGE_SIZE);
    expect(html.indexOf(`data-action="user.role_change"`)).toBeLessThan(html.indexOf(`data-action="auth.sign_in"`));
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toContain(hostileTarget);
    expect(html).toContain("<strong>role</strong>: tutor → head_tutor");
    expect(html).toContain("[redacted]");
    expect(html).not.toContain("hunter2");
    expect(html).not.toContain("other-centre-secret");
    expect(html).toMatch(/href="\/audit\?older=\d+\.\d+" rel="next"/);
  });

  test("filters and pages without JavaScript; htmx gets the results fragment alone", async () => {
    const filtered = await view({ action: "user.role_change", actor: "", from: "", to: "" });
    expect((filtered.match(/data-audit-id=/g) ?? []).length).toBe(1);

    const first = await view({ action: "auth.sign_in" });
    const older = /older=([\d.]+)/.exec(first)![1]!;
    const fragment = await view(
      { action: "auth.sign_in", older },
      { "HX-Request": "true", "HX-Target": "div#audit-results" },
    );
    expect(fragment.startsWith(`<div id="audit-results">`)).toBe(true);
    expect((fragment.match(/data-audit-id=/g) ?? []).length).toBe(2);
    expect(fragment).toContain("Newer");
    expect(fragment).not.toContain("Older");
  });

  test("refuses malformed filters and page links with a 422, not a 500", async () => {
    const malformed: Record<string, string>[] = [
      { older: "not-a-cursor" },
      { from: "2026-02-30" },
      { action: "drop.table" },
      { actorId: "1" },
    ];
    for (const query of malformed) {
      await expect(view(query)).rejects.toBeInstanceOf(ValidationError);
    }
  });
});
