import { Elysia } from "elysia";
import type { CentreIdentity, IdentitySaved } from "../../../views/centres/identity";
import { type MovingSessionRow, TimeZonePreviewView } from "../../../views/centres/time-zone-preview";
import { db } from "../../platform/db";
import { AppError, NotFoundError, ValidationError } from "../../platform/errors";
import type { Confirmation } from "../../platform/http/confirmation";
import { redirectTo } from "../../platform/http/redirect";
import { type StreamedFormBody, streamedFormBody } from "../../platform/http/streamed-form";
import { formatDateParts, formatLocalDate, formatTime, t } from "../../platform/i18n";
import type { Permission } from "../../platform/permissions";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import type { TimeZonePlan } from "../classes";
import { centreUrl } from "./address";
import {
  type CentreEditor,
  changeTimeZone,
  previewTimeZoneChange,
  removeLogo,
  renameCentre,
  setLogo,
  updateContact,
} from "./identity";
import { contactForm, nameForm, timeZoneForm } from "./identity-forms";
import { logoPath } from "./logo";
import { centreSettings } from "./queries";

/**
 * The forms that change a centre's identity, for its owner (/settings) and for the platform admin
 * (/platform/centres/:id): the same service functions behind the same forms, each route set with
 * its own permission and its own way of naming the centre.
 */

/** The centre's identity as its settings pages show it. */
export async function centreIdentity(centreId: string): Promise<CentreIdentity> {
  const centre = await centreSettings(db, centreId);
  if (!centre) throw new NotFoundError(t("centres.settings.centreGone"));
  return {
    name: centre.name,
    slug: centre.slug,
    address: centreUrl(centre.slug),
    timeZone: centre.timeZone,
    contact: centre.contact,
    logoSrc: logoPath(centre),
  };
}

/** A form that came back with errors, or what was saved. */
export interface IdentityFormState {
  values?: Record<string, string>;
  errors?: Record<string, string>;
  status?: number;
}

// biome-ignore lint/suspicious/noExplicitAny: the two route sets hand in Elysia contexts of different shapes.
type Context = any;

export interface IdentityRouteOptions {
  /** "/settings", or "/platform/centres/:id". */
  base: string;
  permission: Permission;
  /** Who changes which centre, from the request. */
  editor: (context: Context) => Promise<CentreEditor>;
  /** The settings page for this request, the path it lives at, and it rendered with a form's errors. */
  home: (context: Context) => string;
  render: (context: Context, state: IdentityFormState) => Promise<Response>;
}

/** What was typed, to fill the form again: strings only, cut short. */
function typed(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (key !== "_csrf" && typeof value === "string") values[key] = value.slice(0, 600);
  }
  return values;
}

const MOVES_SHOWN = 200;

/** The plan written for the reader: dates and times in their language, on the right clocks. */
function previewRows(plan: TimeZonePlan): { moving: MovingSessionRow[]; notShown: number } {
  const clock = { weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit" } as const;
  const moving = plan.moves.slice(0, MOVES_SHOWN).map((move) => ({
    className: move.className,
    date: formatLocalDate(move.localDate, { weekday: "short", day: "numeric", month: "long", year: "numeric" }),
    time: formatTime(move.to, plan.to),
    wasOnNewClock: formatDateParts(move.from, clock, plan.to),
    cancelled: move.cancelled,
    duplicate: move.duplicate,
  }));
  return { moving, notShown: Math.max(0, plan.moves.length - MOVES_SHOWN) };
}

function timeZonePreview(context: Context, base: string, plan: TimeZonePlan, centreName: string): Response {
  const page = context.page as PageRenderer;
  const rows = previewRows(plan);
  const when = { dateStyle: "medium", timeStyle: "short" } as const;
  return page(
    <TimeZonePreviewView
      centreName={centreName}
      from={plan.from}
      to={plan.to}
      moving={rows.moving}
      movingNotShown={rows.notShown}
      staying={plan.staying.map((session) => ({
        className: session.className,
        before: formatDateParts(session.startsAt, when, plan.from),
        after: formatDateParts(session.startsAt, when, plan.to),
      }))}
      pastCount={plan.pastCount}
      actionBase={base}
      csrfToken={context.csrfToken}
    />,
    { title: t("centres.timeZone.pageTitle") },
  );
}

/** The question before the logo goes: the image is deleted, so bringing it back means uploading it again. */
async function confirmRemoveLogo(options: IdentityRouteOptions, context: Context): Promise<Confirmation> {
  const { name } = await centreIdentity((await options.editor(context)).centreId);
  return {
    question: t("centres.identity.confirmLogo.question", { name }),
    consequence: t("centres.identity.confirmLogo.consequence"),
    action: t("centres.identity.confirmLogo.action"),
    back: options.home(context),
    done: t("centres.identity.saved.logoRemoved"),
  };
}

/** Runs a change, then back to the settings page with its notice; a bad form comes back with its messages. */
async function saveThen(
  options: IdentityRouteOptions,
  context: Context,
  saved: IdentitySaved,
  change: (editor: CentreEditor) => Promise<unknown>,
): Promise<Response> {
  try {
    await change(await options.editor(context));
  } catch (error) {
    const values = saved === "logo" ? {} : typed(context.body);
    if (error instanceof ValidationError) {
      return options.render(context, { values, errors: error.fieldErrors, status: 422 });
    }
    // A logo refused for its type, size or pixels: the message goes beside the file field.
    if (saved === "logo" && error instanceof AppError && [400, 413, 415, 422].includes(error.status)) {
      return options.render(context, { errors: { logo: error.message }, status: error.status });
    }
    throw error;
  }
  return redirectTo(context.request, `${options.home(context)}?saved=${saved}`);
}

export function identityRoutes(options: IdentityRouteOptions) {
  const { base, permission } = options;
  return new Elysia({ name: `centre-identity:${base}` })
    .use(guard)
    .post(
      `${base}/name`,
      (context) =>
        saveThen(options, context, "name", (editor) => renameCentre(editor, parseInput(nameForm, context.body).name)),
      { permission },
    )
    .post(
      `${base}/contact`,
      (context) =>
        saveThen(options, context, "contact", (editor) => updateContact(editor, parseInput(contactForm, context.body))),
      { permission },
    )
    .post(
      `${base}/time-zone`,
      async (context) => {
        try {
          const { timeZone } = parseInput(timeZoneForm, context.body);
          const editor = await options.editor(context);
          const plan = await previewTimeZoneChange(editor, timeZone);
          const { name } = await centreIdentity(editor.centreId);
          return timeZonePreview(context, options.home(context), plan, name);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          return options.render(context, { values: typed(context.body), errors: error.fieldErrors, status: 422 });
        }
      },
      { permission },
    )
    .post(
      `${base}/time-zone/confirm`,
      (context) =>
        saveThen(options, context, "timeZone", (editor) =>
          changeTimeZone(editor, parseInput(timeZoneForm, context.body).timeZone),
        ),
      { permission },
    )
    .post(
      `${base}/logo`,
      (context) =>
        saveThen(options, context, "logo", (editor) => {
          const { file } = context.body as StreamedFormBody;
          if (!file || file.name === "") throw new ValidationError({ logo: t("centres.identity.chooseLogo") });
          return setLogo(editor, file);
        }),
      // Streamed: the CSRF token is read before the image, which goes to storage as it arrives.
      { permission, parse: streamedFormBody },
    )
    .post(`${base}/logo/remove`, (context) => saveThen(options, context, "logoRemoved", removeLogo), {
      permission,
      confirm: (context) => confirmRemoveLogo(options, context),
    });
}
