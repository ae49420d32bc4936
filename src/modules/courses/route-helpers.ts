import { Elysia } from "elysia";
import type { SafeHtml } from "#html/jsx-runtime";
import { redirectTo } from "../../platform/http/redirect";
import { htmlResponse, isFragmentRequest } from "../../platform/http/render";
import type { Permission } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { type DescribeConfirmation, guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { idParams, moveForm } from "./forms";

/**
 * After a change to a list: htmx swapping that list gets the list back; a plain form (or any
 * other htmx request) is sent to the page that shows it.
 */
export async function afterChange(
  request: Request,
  location: string,
  listId: string,
  list: () => Promise<SafeHtml>,
): Promise<Response> {
  const target = request.headers.get("hx-target") ?? "";
  if (isFragmentRequest(request) && target.endsWith(`#${listId}`)) return htmlResponse(request, await list());
  return redirectTo(request, location);
}

/** One button on an item of an ordered list: it changes the item and names the list's owner. */
export interface ListAction {
  path: string;
  permission: Permission;
  /** Changes the item and returns the id of the course or lesson whose list it is on. */
  run: (actor: Actor, id: string, body: unknown) => Promise<string>;
  /** For a destructive action (delete): what its confirm page says. */
  confirm?: DescribeConfirmation;
}

/** The list refreshed after an action, for htmx, or the page that shows it. */
export type ListResponse = (request: Request, actor: Actor, ownerId: string, csrfToken: string) => Promise<Response>;

/** Moves an item up or down its list (the direction comes from the form). */
export function moveAction(
  path: string,
  permission: Permission,
  move: (actor: Actor, id: string, direction: "up" | "down") => Promise<string>,
): ListAction {
  return { path, permission, run: (actor, id, body) => move(actor, id, parseInput(moveForm, body).direction) };
}

/** The POST routes of an ordered list's buttons (move, publish, delete…), each answering with the list. */
export function listActionRoutes(name: string, actions: ListAction[], respond: ListResponse) {
  const routes = new Elysia({ name });
  for (const action of actions) {
    routes.use(
      new Elysia({ name: `${name}:${action.path}` }).use(guard).post(
        action.path,
        async ({ request, params, body, actor, csrfToken }) => {
          const { id } = parseInput(idParams, params);
          const ownerId = await action.run(actor, id, body);
          return respond(request, actor, ownerId, csrfToken);
        },
        { permission: action.permission, confirm: action.confirm },
      ),
    );
  }
  return routes;
}

/** What a form shows: the values in its fields and a message per field (none at first). */
export interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
  /** 422 (or 409) when shown again after a refused submission. */
  status?: number;
}

/** One template per form: the page that shows it first and the one that shows it again with errors. */
export function formPage(page: PageRenderer, title: string, template: (state: FormState) => SafeHtml) {
  return (state: FormState) => page(template(state), { title, status: state.status });
}

/** A form shown for the first time, filled with `values`. */
export function fresh(values: Record<string, string> = {}): FormState {
  return { values, errors: {} };
}
