import { Elysia } from "elysia";
import { resolveRequestAccess } from "../platform/http/request-access";
import type { RoutePermission } from "../platform/permissions";
import { tokenPlugin } from "../platform/session/tokens";
import { pageRenderer } from "./page";

/**
 * Every route declares `{ permission }` beside its path. The guard resolves the request once
 * (platform/http/request-access.ts) and hands the handler the principal, the acting `actor` with
 * their centre, the request's audit data, the CSRF token, and `page` to render in the layout.
 */
export const guard = new Elysia({ name: "guard" }).use(tokenPlugin).macro({
  permission: (permission: RoutePermission) => ({
    detail: { permission } as Record<string, unknown>,
    async resolve({ request, cookie, tokens, body, query, params }) {
      const access = await resolveRequestAccess(permission, { request, tokens, cookie, body, query, params });
      return { ...access, page: pageRenderer(request, access.principal, access.centre) };
    },
  }),
});
