// Request ids tie a user-facing error to its log lines (S4: users see only
// the id). An incoming id is accepted only in a strict format so a client
// cannot inject text into logs or forge another request's id shape.
export const REQUEST_ID_HEADER = "x-request-id";

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isValidRequestId(value: string | null | undefined): value is string {
  return typeof value === "string" && UUID_PATTERN.test(value);
}

/** The incoming id when it is a UUID (lower-cased), otherwise a fresh random UUID. */
export function resolveRequestId(incoming: string | null | undefined, generate: () => string = () => crypto.randomUUID()): string {
  return isValidRequestId(incoming) ? incoming.toLowerCase() : generate();
}
