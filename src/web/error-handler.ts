import { Elysia } from "elysia";
import { ErrorView } from "../../views/errors";
import { AppError, TooManyRequestsError, ValidationError } from "../platform/errors";
import { requestMeta } from "../platform/http/request-context";
import { t } from "../platform/i18n";
import { acceptsEventStream, liveRetryLater } from "../platform/live";
import { errorContext, reportError } from "../platform/sentry";
import { renderPage } from "./page";

interface ErrorReply {
  status: number;
  title: string;
  message: string;
  fieldErrors?: Record<string, string>;
  headers?: Record<string, string>;
}

const TITLED = new Set([400, 401, 403, 404, 405, 409, 413, 422, 429, 500, 503]);

function titleFor(status: number): string {
  return TITLED.has(status) ? t(`common.error.title.${status as 400}`) : t("common.error.title.other");
}

function replyFor(code: string | number, error: unknown): ErrorReply | null {
  // Elysia wraps what a parse hook throws (an upload cut off at its limit) as a parse error.
  if (code === "PARSE" && error instanceof Error && error.cause instanceof AppError) return replyFor(0, error.cause);
  if (error instanceof AppError) {
    const reply: ErrorReply = {
      status: error.status,
      title: titleFor(error.status),
      message: error.message,
    };
    if (error instanceof ValidationError) reply.fieldErrors = error.fieldErrors;
    if (error instanceof TooManyRequestsError) reply.headers = { "retry-after": String(error.retryAfterSeconds) };
    return reply;
  }
  switch (code) {
    case "NOT_FOUND":
      return {
        status: 404,
        title: titleFor(404),
        message: t("common.error.pageNotFound"),
      };
    case "PARSE":
      return {
        status: 400,
        title: titleFor(400),
        message: t("common.error.unreadableBody"),
      };
    case "VALIDATION":
      return { status: 422, title: titleFor(422), message: t("common.error.invalidValues") };
    case "INVALID_COOKIE_SIGNATURE":
      return { status: 400, title: titleFor(400), message: t("common.error.badCookie") };
    default:
      return null;
  }
}

/** The one error handler: typed errors become 4xx pages with a message, everything else a logged, calm 500. */
export const errorHandler = new Elysia({ name: "error-handler" }).onError(
  { as: "global" },
  ({ code, error, request, set, ...resolved }) => {
    const meta = requestMeta(request);
    const reply = replyFor(code, error) ?? {
      status: 500,
      title: titleFor(500),
      message: t("common.error.unfinished"),
    };
    if (reply.status >= 500) meta.log.error({ err: error, code }, "unhandled error");
    if (reply.status >= 500) reportError(error, errorContext(request, meta.requestId, resolved));
    else meta.log.info({ status: reply.status, code, message: reply.message }, "request refused");

    // Recorded for the access log, which reads the status from the context.
    set.status = reply.status;
    const headers = { ...reply.headers, "x-request-id": meta.requestId };
    // A stream refused before its handler (Redis briefly away during the access round): an HTML
    // 503 would be final for the page's SSE client, an event-stream 503 makes it reconnect.
    if (reply.status === 503 && acceptsEventStream(request)) return liveRetryLater();
    if (new URL(request.url).pathname.startsWith("/api/")) {
      return Response.json(
        { error: reply.message, fieldErrors: reply.fieldErrors, requestId: meta.requestId },
        { status: reply.status, headers },
      );
    }
    const view = ErrorView({ ...reply, requestId: meta.requestId });
    return renderPage(request, view, { title: reply.title, status: reply.status, headers });
  },
);
