import { Elysia } from "elysia";
import { beginRequestLocalisation, negotiateLocale } from "../i18n";

/**
 * Every request starts in the language its browser asks for; the guard settles the person's or
 * centre's language once it knows who asks (platform/http/request-access.ts). Registered first,
 * so even a 404 for an unknown address is answered in the visitor's language.
 */
export const localisation = new Elysia({ name: "localisation" }).onRequest(({ request }) => {
  beginRequestLocalisation(negotiateLocale(request.headers.get("accept-language")));
});
