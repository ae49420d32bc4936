import { Elysia } from "elysia";
import { ErrorView } from "../../views/errors";
import { AppError, TooManyRequestsError, ValidationError } from "../platform/errors";
import { requestMeta } from "../platform/http/request-context";
import { errorContext, reportError } from "../platform/sentry";
import { renderPage } from "./page";

interface ErrorReply {
  status: number;
  title: string;
  message: string;
  fieldErrors?: Record<string, string>;
  headers?: Record<string, string>;
}

const TITLES: Record<number, string> = {
  400: "That request did not make sense",
  401: "Please sign in",
  403: "Not allowed",
  404: "Page not found",
  405: "Not allowed",
  409: "That clashes with something",
  413: "Too large",
  422: "Please check what you entered",
  429: "Slow down a little",
};

function replyFor(code: string | number, error: unknown): ErrorReply | null {
  // Elysia wraps what a parse hook throws (an upload cut off at its limit) as a parse error.
  if (code === "PARSE" && error instanceof Error && error.cause instanceof AppError) return replyFor(0, error.cause);
  if (error instanceof AppError) {
    const reply: ErrorReply = {
      status: error.status,
      title: TITLES[error.status] ?? "Request refused",
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
        title: TITLES[404]!,
        message: "We could not find that page. Check the address, or start again from the home page.",
      };
    case "PARSE":
      return {
        status: 400,
        title: TITLES[400]!,
        message: "The request body could not be read. Please submit the form again.",
      };
    case "VALIDATION":
      return { status: 422, title: TITLES[422]!, message: "Some of the values sent were not valid." };
    case "INVALID_COOKIE_SIGNATURE":
      return { status: 400, title: TITLES[400]!, message: "Your session cookie was not valid. Please sign in again." };
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
      title: "Something went wrong",
      message: "We could not finish that request.",
    };
    if (reply.status >= 500) meta.log.error({ err: error, code }, "unhandled error");
    if (reply.status >= 500) reportError(error, errorContext(request, meta.requestId, resolved));
    else meta.log.info({ status: reply.status, code, message: reply.message }, "request refused");

    // Recorded for the access log, which reads the status from the context.
    set.status = reply.status;
    const headers = { ...reply.headers, "x-request-id": meta.requestId };
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
