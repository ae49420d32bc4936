import { lazy } from "./i18n";

/**
 * A message as text, or as `lazy("key")`: rendered when read, in the language of the request
 * then. For messages fixed before any request exists (a route's upload limit built when the app
 * starts, see formWithin), which would otherwise be frozen in the language of start-up.
 */
export type ErrorMessage = string | (() => string);

/**
 * Domain errors carry an HTTP status and a message a person understands. Anything that is not
 * an AppError is unexpected: it is logged and shown as a calm 500 page.
 */
export class AppError extends Error {
  readonly #message: ErrorMessage;

  constructor(
    readonly status: number,
    message: ErrorMessage,
  ) {
    super();
    this.#message = message;
    this.name = new.target.name;
  }

  override get message(): string {
    return typeof this.#message === "function" ? this.#message() : this.#message;
  }
}

export class BadRequestError extends AppError {
  constructor(message: ErrorMessage = lazy("common.error.badRequest")) {
    super(400, message);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message: ErrorMessage = lazy("common.error.unauthorized")) {
    super(401, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: ErrorMessage = lazy("common.error.forbidden")) {
    super(403, message);
  }
}

export class NotFoundError extends AppError {
  constructor(message: ErrorMessage = lazy("common.error.notFound")) {
    super(404, message);
  }
}

export class ConflictError extends AppError {
  constructor(message: ErrorMessage) {
    super(409, message);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: ErrorMessage = lazy("common.error.tooLarge")) {
    super(413, message);
  }
}

/** Input that failed validation: one message per field, shown beside the form. */
export class ValidationError extends AppError {
  constructor(
    readonly fieldErrors: Record<string, string>,
    message: ErrorMessage = lazy("common.error.invalidFields"),
  ) {
    super(422, message);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    message: ErrorMessage = lazy("common.error.tooManyRequests"),
  ) {
    super(429, message);
  }
}

/** A dependency (Redis, the database) is down: try again shortly. */
export class ServiceUnavailableError extends AppError {
  constructor(message: ErrorMessage = lazy("common.error.unavailable")) {
    super(503, message);
  }
}
