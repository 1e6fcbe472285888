// Server-side only (see deps.ts for why lib/spapi does not import "server-only").
//
// Typed errors of the SP-API client. Their messages are built from fixed text,
// HTTP statuses, Amazon error codes and operation names only: never from a
// token, a secret, a request URL with its query, or a response body (which may
// hold buyer PII). Callers branch on the class, not on the message.

export class SpApiError extends Error {
  override name = "SpApiError";
}

/** The configuration is invalid (e.g. a non-HTTPS endpoint outside tests). */
export class SpApiConfigError extends SpApiError {
  override name = "SpApiConfigError";
}

/** A request was about to leave over plain HTTP to a host that is not allowed. */
export class InsecureEndpointError extends SpApiConfigError {
  override name = "InsecureEndpointError";
}

/** Login with Amazon refused or failed a token request. */
export class LwaError extends SpApiError {
  override name = "LwaError";
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly oauthError: string | undefined,
  ) {
    super(message);
  }
}

/** `invalid_grant`: the authorization code or refresh token is expired, reused or revoked. */
export class LwaInvalidGrantError extends LwaError {
  override name = "LwaInvalidGrantError";
}

/** `invalid_client` (or 401): our client id/secret are wrong, e.g. a secret that was not rotated in time. */
export class LwaInvalidClientError extends LwaError {
  override name = "LwaInvalidClientError";
}

export interface SpApiHttpErrorDetails {
  operation: string;
  status: number;
  /** Amazon's error code from the `errors` envelope (e.g. "QuotaExceeded"), when there was one. */
  code?: string;
  /** x-amzn-RequestId, for support cases with Amazon. */
  requestId?: string;
  attempts?: number;
}

/** Base of the errors that come from an SP-API HTTP response (or its absence). */
export class SpApiRequestError extends SpApiError {
  override name = "SpApiRequestError";
  readonly operation: string;
  readonly status: number;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly attempts: number | undefined;

  constructor(details: SpApiHttpErrorDetails, what = "failed") {
    super(
      `SP-API ${details.operation} ${what}: HTTP ${details.status || "no response"}` +
        (details.code ? ` ${details.code}` : "") +
        (details.attempts && details.attempts > 1 ? ` after ${details.attempts} attempts` : ""),
    );
    this.operation = details.operation;
    this.status = details.status;
    this.code = details.code;
    this.requestId = details.requestId;
    this.attempts = details.attempts;
  }
}

/** 429 QuotaExceeded, still failing after the retries. */
export class SpApiQuotaExceededError extends SpApiRequestError {
  override name = "SpApiQuotaExceededError";
}

/** 5xx or no response at all (network error, timeout), still failing after the retries. */
export class SpApiServerError extends SpApiRequestError {
  override name = "SpApiServerError";
}

/** 401/403: the token is revoked, malformed or lacks the role. The caller marks the connection revoked. */
export class SpApiUnauthorizedError extends SpApiRequestError {
  override name = "SpApiUnauthorizedError";
}

export class SpApiNotFoundError extends SpApiRequestError {
  override name = "SpApiNotFoundError";
}

/** 400/422: Amazon rejected our input. Not retried. */
export class SpApiValidationError extends SpApiRequestError {
  override name = "SpApiValidationError";
}

/**
 * The response did not match its zod schema (Amazon changed a shape, or a
 * proxy answered). The message lists only the failing paths, never values:
 * the body may hold PII.
 */
export class SpApiResponseShapeError extends SpApiRequestError {
  override name = "SpApiResponseShapeError";
  constructor(
    details: SpApiHttpErrorDetails,
    readonly issuePaths: string[],
  ) {
    super(details, `returned an unexpected shape at ${issuePaths.slice(0, 5).join(", ") || "(root)"}`);
  }
}

/** A revocation signal: the sync engine must stop calling SP-API for this connection. */
export function isRevocationError(error: unknown): error is LwaInvalidGrantError | SpApiUnauthorizedError {
  return error instanceof LwaInvalidGrantError || error instanceof SpApiUnauthorizedError;
}
