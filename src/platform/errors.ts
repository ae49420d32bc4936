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
  constructor(message = "The request could not be understood.") {
    super(400, message);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "Please sign in to continue.") {
    super(401, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "You do not have permission to do that.") {
    super(403, message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = "We could not find that page.") {
    super(404, message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, message);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message = "That upload is too large.") {
    super(413, message);
  }
}

/** Input that failed validation: one message per field, shown beside the form. */
export class ValidationError extends AppError {
  constructor(
    readonly fieldErrors: Record<string, string>,
    message = "Please correct the highlighted fields.",
  ) {
    super(422, message);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    message = "Too many requests. Please wait a moment and try again.",
  ) {
    super(429, message);
  }
}

/** A dependency (Redis, the database) is down: try again shortly. */
export class ServiceUnavailableError extends AppError {
  constructor(message = "AetherLearn is briefly unavailable. Please try again in a minute.") {
    super(503, message);
  }
}
