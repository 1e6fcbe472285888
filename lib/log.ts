// Server-side only. Like lib/env.ts this module does NOT `import "server-only"`
// because server/main.ts, scripts and vitest load it outside Next's bundler,
// where that guard throws. Never import it from a client component.
//
// Structured JSON logs (L1) that cannot carry secrets or PII (S4, D8). Two
// independent layers, because either alone misses things:
//  1. by KEY: pino `redact` paths for the known shapes, plus a walker that
//     censors sensitive keys at any depth (pino paths only reach fixed depths);
//  2. by PATTERN: every string in the record (message, interpolation
//     arguments, nested fields, error messages and stacks, child bindings) is
//     scrubbed of e-mail addresses, phone numbers, Amazon tokens, bearer
//     tokens, JWTs, PEM blocks, URL credentials, card-like numbers and long
//     key-like strings.
import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";
import { getEnv } from "./env";

export type { Logger } from "pino";

export const REDACTED = "[REDACTED]";

/** Keys whose values are never logged, wherever they appear (compared case-insensitively, ignoring - and _). */
const SENSITIVE_KEYS = [
  "password", "passwordHash", "newPassword", "currentPassword", "passwd",
  "secret", "clientSecret", "totpSecret", "mfaSecret", "recoveryCode", "recoveryCodes", "otp", "totp",
  "token", "accessToken", "refreshToken", "idToken", "sessionToken", "csrfToken", "restrictedDataToken", "rdt",
  "apiKey", "privateKey", "encryptionKey", "dataEncryptionKey", "nextauthSecret",
  "authorization", "cookie", "cookies", "setCookie", "xAmzAccessToken",
  "authCode", "oauthCode", "spapiOauthCode",
  "email", "buyerEmail", "phone", "phoneNumber", "buyerPhone", "buyerName", "recipientName", "name", "fullName",
  "address", "addressLine1", "addressLine2", "addressLine3", "shippingAddress", "billingAddress", "postalCode", "street",
  "databaseUrl", "redisUrl",
] as const;

const normalizeKey = (key: string) => key.replace(/[-_]/g, "").toLowerCase();
const SENSITIVE_KEY_SET = new Set(SENSITIVE_KEYS.map(normalizeKey));

export function isSensitiveKey(key: string): boolean {
  const normalized = normalizeKey(key);
  return SENSITIVE_KEY_SET.has(normalized) || normalized.startsWith("address");
}

/** pino redact paths (fast, compiled); the walker below covers other depths. */
export const REDACT_PATHS = [
  "password", "passwordHash", "token", "accessToken", "refreshToken", "secret", "clientSecret",
  "authorization", "cookie", "email", "phone", "buyerName", "address",
  "headers.authorization", "headers.cookie", 'headers["set-cookie"]', 'headers["x-amz-access-token"]',
  "req.headers.authorization", "req.headers.cookie",
  "*.password", "*.passwordHash", "*.token", "*.accessToken", "*.refreshToken", "*.secret", "*.clientSecret",
  "*.authorization", "*.cookie", "*.email", "*.phone", "*.buyerName", "*.address", "*.addressLine1", "*.addressLine2",
  "*.shippingAddress",
];

// Order matters: whole structures (PEM, URLs with credentials, JWTs) before their parts.
const SCRUB_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----/g, "[REDACTED:pem]"],
  [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*/g, "[REDACTED:pem]"],
  // scheme://user:password@ -> keep scheme and host, drop credentials.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:"'<>]*:[^\s/@"'<>]*@/gi, `$1${REDACTED}@`],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, "[REDACTED:jwt]"],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/-]+=*/gi, `$1 ${REDACTED}`],
  // Login with Amazon access/refresh tokens and SP-API Restricted Data Tokens.
  [/\bAtz(?:a|r|\.sprdt)\|[^\s"',;&]+/g, "[REDACTED:amazon-token]"],
  [/\bamzn1\.oa2-cs\.v1\.[A-Za-z0-9]+/g, "[REDACTED:amazon-client-secret]"],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, "[REDACTED:email]"],
  // Card-like numbers: 13-19 contiguous digits, or grouped 4-4-4-4(-3) / 4-6-5 by spaces or dashes.
  // (Grouping is specific so that Amazon order ids like 112-1234567-1234567 stay readable.)
  [/(?<![\d+-])(?:\d{13,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{1,7}|\d{4}([ -])\d{6}\2\d{4,5})(?![\d-])/g, "[REDACTED:number]"],
  // Phone numbers: E.164 and international with separators, then North-American style.
  // eslint-disable-next-line security/detect-unsafe-regex -- every repetition is bounded ({2,5} of {1,4} digits): no catastrophic backtracking
  [/(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}(?![\w-])/g, "[REDACTED:phone]"],
  // eslint-disable-next-line security/detect-unsafe-regex -- only optional single characters around fixed-width digit groups
  [/(?<![\w.-])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?![\w-])/g, "[REDACTED:phone]"],
  // Long hex strings (keys, digests of secrets) ...
  [/(?<![A-Za-z0-9])[0-9A-Fa-f]{32,}(?![A-Za-z0-9])/g, "[REDACTED:hex]"],
  // ... and long base64/base64url strings with mixed case and digits (keys, tokens); plain paths stay readable.
  [/(?<![A-Za-z0-9+/_-])(?=[A-Za-z0-9+/_-]*[A-Z])(?=[A-Za-z0-9+/_-]*[a-z])(?=[A-Za-z0-9+/_-]*\d)[A-Za-z0-9+/_-]{32,}={0,2}/g, "[REDACTED:key]"],
];

/** Replaces every secret- or PII-shaped substring of `text`. */
export function scrubString(text: string): string {
  // Percent-encoded values (paths, query strings, form bodies) hide e-mails and
  // tokens from the patterns (`jane%40example.com`): scrub the decoded form too.
  const decoded = text.includes("%") ? safeDecodeURIComponent(text) : text;
  let result = decoded;
  for (const [pattern, replacement] of SCRUB_PATTERNS) result = result.replace(pattern, replacement);
  return result === decoded && decoded !== text ? text : result;
}

function safeDecodeURIComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // Malformed escapes: decode the well-formed ones one by one.
    return text.replace(/%[0-9a-f]{2}/gi, (escape) => {
      try {
        return decodeURIComponent(escape);
      } catch {
        return escape;
      }
    });
  }
}

export interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  code?: string;
  cause?: SerializedError;
}

/** Type, message, stack (and code/cause) of an error, scrubbed. Never the error's other own fields. */
export function serializeErrorForLog(error: unknown, depth = 0): SerializedError {
  if (!(error instanceof Error)) {
    return { type: typeof error, message: scrubString(typeof error === "string" ? error : safeStringify(error)) };
  }
  const serialized: SerializedError = { type: error.name || error.constructor?.name || "Error", message: scrubString(error.message) };
  if (error.stack) serialized.stack = scrubString(error.stack);
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && code.length <= 64) serialized.code = scrubString(code);
  if (error.cause !== undefined && depth < 3) serialized.cause = serializeErrorForLog(error.cause, depth + 1);
  return serialized;
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

const MAX_DEPTH = 8;

const VERBATIM = Symbol("firefeed.log.verbatim");

/**
 * Marks a flat record of strings and numbers as public by design, so the
 * scrubber leaves it as it is. Only for values that exist to be published and
 * compared later (the audit chain's signed checkpoints: a MAC and a signature
 * look like the hex secrets the patterns redact). Never for secrets or
 * personal data: anything else inside is still refused.
 */
export function verbatimForLog<T extends Record<string, string | number>>(value: T): T {
  for (const item of Object.values(value)) {
    if (typeof item !== "string" && typeof item !== "number") throw new TypeError("verbatimForLog takes a flat record of strings and numbers");
  }
  return Object.freeze(Object.assign(Object.create(null) as object, value, { [VERBATIM]: true }));
}

const isVerbatim = (value: object): boolean => (value as Record<symbol, unknown>)[VERBATIM] === true;

/** A deep copy of `value` with sensitive keys censored and every string scrubbed. */
export function scrubValue(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === "string") return scrubString(value);
  if (value === null || typeof value !== "object") return typeof value === "bigint" ? value.toString() : value;
  if (value instanceof Error) return serializeErrorForLog(value);
  if (value instanceof Date) return value;
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return "[binary]";
  if (isVerbatim(value)) return value;
  if (seen.has(value)) return "[circular]";
  if (depth >= MAX_DEPTH) return "[too deep]";
  seen.add(value);
  if (value instanceof Map) value = Object.fromEntries(value);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1, seen));
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    result[key] = isSensitiveKey(key) && item !== undefined && item !== null ? REDACTED : scrubValue(item, depth + 1, seen);
  }
  return result;
}

export interface CreateLoggerOptions {
  level?: string;
  /** Where lines go; defaults to stdout. Tests pass a capturing stream. */
  destination?: DestinationStream;
}

export function buildLoggerOptions(level = "info"): LoggerOptions {
  return {
    level,
    base: { service: "firefeed-portal", pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: "msg",
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    formatters: {
      level: (label) => ({ level: label }),
      bindings: (bindings) => scrubValue(bindings) as Record<string, unknown>,
      log: (object) => scrubValue(object) as Record<string, unknown>,
    },
    serializers: {
      // The logMethod hook has usually serialized errors already; anything else is scrubbed as data.
      err: (err: unknown) => (err instanceof Error ? serializeErrorForLog(err) : scrubValue(err)),
      error: (err: unknown) => (err instanceof Error ? serializeErrorForLog(err) : scrubValue(err)),
    },
    hooks: {
      // Scrub the arguments before pino formats them: this is what reaches the
      // message (including %s/%o interpolation) and turns Errors into safe shapes.
      logMethod(args, method) {
        const [first, ...rest] = args as unknown[];
        const scrubbedRest = rest.map((arg) => scrubValue(arg));
        if (first instanceof Error) {
          const message = typeof rest[0] === "string" ? scrubbedRest : [scrubString(first.message), ...scrubbedRest];
          return method.apply(this, [{ err: serializeErrorForLog(first) }, ...message] as Parameters<typeof method>);
        }
        return method.apply(this, [scrubValue(first), ...scrubbedRest] as Parameters<typeof method>);
      },
    },
  };
}

/** A logger writing JSON lines to `destination` (stdout by default). */
export function createLogger({ level = "info", destination }: CreateLoggerOptions = {}): Logger {
  return pino(buildLoggerOptions(level), destination ?? pino.destination({ dest: 1, sync: true }));
}

let sharedLogger: Logger | undefined;

/** The process-wide logger: stdout, plus LOG_FILE when set (tests read that file). */
export function getLogger(): Logger {
  if (sharedLogger) return sharedLogger;
  const env = getEnv();
  const stdout = pino.destination({ dest: 1, sync: true });
  const destination = env.LOG_FILE
    ? pino.multistream([
        { level: "trace", stream: stdout },
        { level: "trace", stream: pino.destination({ dest: env.LOG_FILE, mkdir: true, sync: true }) },
      ])
    : stdout;
  sharedLogger = createLogger({ level: env.LOG_LEVEL, destination });
  return sharedLogger;
}
