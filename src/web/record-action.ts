import type { z } from "zod";
import { redirectTo } from "../platform/http/redirect";
import type { Actor } from "../platform/principal";
import { parseInput } from "../platform/validation";

/**
 * A POST that does one thing to the record its path names, then redirects (post/redirect/get):
 * `.post("/classes/:id/archive", recordAction(classParams, archiveClass, (id) => …), { permission })`.
 * The path is parsed by the module's schema, so a malformed id is a 422 before the action runs.
 */
export function recordAction(
  paramsSchema: z.ZodType<{ id: string }>,
  act: (actor: Actor, id: string) => Promise<unknown>,
  redirect: (id: string) => string,
) {
  return async ({ request, params, actor }: { request: Request; params: unknown; actor: Actor }) => {
    const { id } = parseInput(paramsSchema, params);
    await act(actor, id);
    return redirectTo(request, redirect(id));
  };
}
