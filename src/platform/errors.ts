import { t } from "./i18n";
/**
 * Domain errors carry an HTTP status and a message a person understands. Anything that is not
 * an AppError is unexpected: it is logged and shown as a calm 500 page.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(message = t("common.error.badRequest")) {
    super(400, message);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = t("common.error.unauthorized")) {
    super(401, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = t("common.error.forbidden")) {
    super(403, message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = t("common.error.notFound")) {
    super(404, message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, message);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message = t("common.error.tooLarge")) {
    super(413, message);
  }
}

/** Input that failed validation: one message per field, shown beside the form. */
export class ValidationError extends AppError {
  constructor(
    readonly fieldErrors: Record<string, string>,
    message = t("common.error.invalidFields"),
  ) {
    super(422, message);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    message = t("common.error.tooManyRequests"),
  ) {
    super(429, message);
  }
}

/** A dependency (Redis, the database) is down: try again shortly. */
export class ServiceUnavailableError extends AppError {
  constructor(message = t("common.error.unavailable")) {
    super(503, message);
  }
}
