import type { SafeHtml } from "#html/jsx-runtime";
import { ValidationError } from "../../platform/errors";
import { redirectTo } from "../../platform/http/redirect";
import { htmlResponse, isFragmentRequest } from "../../platform/http/render";

/** Re-renders a form with its messages (422) when validation fails; other errors go to the error handler. */
export async function withFormErrors(
  work: () => Promise<Response>,
  onInvalid: (errors: Record<string, string>) => Response | Promise<Response>,
): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ValidationError) return onInvalid(error.fieldErrors);
    throw error;
  }
}

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
