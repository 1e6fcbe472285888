// Server-side only. This module deliberately does NOT `import "server-only"`:
// it is also loaded by plain Node/tsx scripts (server/main.ts, scripts/*) and
// by vitest, where that guard throws. Never import it from a client component.
//
// One zod schema for every environment variable the portal reads (controls
// S2, N1, N4, T4). Problems are reported by variable NAME and reason only:
// a value is never echoed, because a mistyped secret is still a secret.
import fs from "node:fs";
import net from "node:net";
import { z } from "zod";
import { keySecretProblem, textSecretProblem } from "@/lib/secrets/secret-strength";

export const APP_ENVS = ["development", "staging", "production"] as const;
export type AppEnv = (typeof APP_ENVS)[number];

/**
 * Every secret listed here may be given as `NAME` or as `NAME_FILE` (a path
 * whose content is the value, e.g. a Docker/Kubernetes secret mount). A future
 * secret gets the `_FILE` variant by being added to this list once.
 */
export const SECRET_VARIABLES = [
  "NEXTAUTH_SECRET",
  "DATABASE_URL",
  "DATABASE_MIGRATION_URL",
  "DATA_ENCRYPTION_KEY",
  "REDIS_URL",
  "SMTP_URL",
  "SPAPI_CLIENT_SECRET",
  "ALERT_WEBHOOK_SECRET",
  // Wrapped (KMS-encrypted) data keys: useless without the KMS key, but long and
  // environment-specific, so a file mount is convenient.
  "DATA_KEYS_WRAPPED",
] as const;

/**
 * There are no demo secrets: a secret that appears in this repository would
 * protect nothing (issue 9). Every start needs a session secret and, with the
 * local key provider, a data key. `npm start` in development creates random
 * ones in key files (lib/secrets/local-key-file.ts); everything else must
 * configure them. lib/secrets/secret-strength.ts refuses published, placeholder
 * and weak values in every environment.
 */
const HOW_TO_PROVIDE_SECRET: Record<"NEXTAUTH_SECRET" | "DATA_ENCRYPTION_KEY", string> = {
  NEXTAUTH_SECRET: "set NEXTAUTH_SECRET or NEXTAUTH_SECRET_FILE (generate with: openssl rand -base64 48)",
  DATA_ENCRYPTION_KEY: "set DATA_ENCRYPTION_KEY or DATA_ENCRYPTION_KEY_FILE (generate with: openssl rand -base64 32)",
};

/** Where field-encryption keys come from (R4): the local keyring or AWS KMS envelope encryption. */
export const KEY_PROVIDERS = ["local", "aws-kms"] as const;

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export class EnvError extends Error {
  override readonly name = "EnvError";
  constructor(readonly problems: ReadonlyArray<{ variable: string; reason: string }>) {
    super(
      "Invalid environment configuration:\n" +
        problems.map((p) => `  - ${p.variable}: ${p.reason}`).join("\n"),
    );
  }
}

// ---------------------------------------------------------------------------
// Field schemas. Every message is fixed text: none interpolates the input.

const emptyToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

const port = (fallback: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: "must be an integer port number" })
      .int({ error: "must be an integer port number" })
      .min(1, { error: "must be between 1 and 65535" })
      .max(65535, { error: "must be between 1 and 65535" })
      .default(fallback),
  );

const booleanFlag = z.preprocess(
  emptyToUndefined,
  z
    .enum(["true", "false", "1", "0"], { error: "must be true or false" })
    .default("false")
    .transform((v) => v === "true" || v === "1"),
);

const httpUrl = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .default("http://localhost:3000")
    .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), {
      error: "must be an absolute http(s) URL",
    })
    .transform((v) => v.replace(/\/+$/, "")),
);

/** One DNS label: 1-63 letters, digits or hyphens, not starting or ending with a hyphen. */
function isDnsLabel(label: string): boolean {
  return /^[a-z0-9-]{1,63}$/.test(label) && !label.startsWith("-") && !label.endsWith("-");
}

function isHostname(value: string): boolean {
  return value.length <= 253 && value.split(".").every(isDnsLabel);
}

const hostnameList = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((h) => h.trim().toLowerCase())
        .filter((h) => h !== ""),
    )
    .refine((list) => list.every(isHostname), {
      error: "must be a comma-separated list of hostnames (no scheme, port or path)",
    }),
);

function isValidCidr(cidr: string): boolean {
  const [address, prefix, ...rest] = cidr.split("/");
  if (rest.length > 0 || address === undefined || prefix === undefined || !/^\d{1,3}$/.test(prefix)) return false;
  const family = net.isIP(address);
  if (family === 0) return false;
  const bits = Number(prefix);
  return bits <= (family === 4 ? 32 : 128);
}

const cidrList = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .optional()
    .transform((v) =>
      v === undefined
        ? undefined
        : v
            .split(",")
            .map((c) => c.trim())
            .filter((c) => c !== ""),
    )
    .refine((list) => list === undefined || list.every(isValidCidr), {
      error: "must be a comma-separated list of CIDR ranges such as 10.0.0.0/8",
    }),
);

const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;

/** True when `value` is strict base64 that decodes to exactly 32 bytes. */
export function decodesTo32Bytes(value: string): boolean {
  return BASE64_PATTERN.test(value) && value.length % 4 === 0 && Buffer.from(value, "base64").length === 32;
}

/** An integer setting with a default and safe bounds (policy settings must not be weakened past them). */
const boundedInt = (fallback: number, min: number, max: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: "must be an integer" })
      .int({ error: "must be an integer" })
      .min(min, { error: `must be between ${min} and ${max}` })
      .max(max, { error: `must be between ${min} and ${max}` })
      .default(fallback),
  );

const envSchema = z.object({
  APP_ENV: z.preprocess(
    emptyToUndefined,
    z.enum(APP_ENVS, { error: "must be one of development, staging, production" }).default("development"),
  ),
  NODE_ENV: z.preprocess(
    emptyToUndefined,
    z.enum(["development", "production", "test"], { error: "must be development, production or test" }).optional(),
  ),
  PORT: port(3000),
  // Bind address of server/main.ts. Note that Docker sets HOSTNAME to the
  // container id, which resolves to the container's own address: still fine.
  HOSTNAME: z.preprocess(emptyToUndefined, z.string().default("0.0.0.0")),
  APP_URL: httpUrl,
  DATABASE_URL: optionalString,
  /**
   * The OWNER role's URL, for migrations only (npm run db:migrate, and npm
   * start when set). The running portal connects with DATABASE_URL as a role
   * that owns nothing (README, "Database roles").
   */
  DATABASE_MIGRATION_URL: optionalString,
  DATABASE_POOL_MAX: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: "must be an integer" })
      .int({ error: "must be an integer" })
      .min(1, { error: "must be between 1 and 100" })
      .max(100, { error: "must be between 1 and 100" })
      .default(10),
  ),
  EMBEDDED_DB_DIR: z.preprocess(emptyToUndefined, z.string().default(".data/pglite")),
  EMBEDDED_DB_PORT: port(54329),
  /**
   * Development only: where `npm start` keeps the random key files it creates
   * when no secret is configured. Default: `keys/` beside the embedded data
   * (.data/keys), or .data/keys/postgres-<database fingerprint> with DATABASE_URL.
   */
  LOCAL_KEYS_DIR: optionalString,
  NEXTAUTH_SECRET: optionalString,
  DATA_ENCRYPTION_KEY: optionalString,
  PRODUCTION_HOSTNAMES: hostnameList,
  TRUST_PROXY: booleanFlag,
  ADMIN_ALLOWED_CIDRS: cidrList,
  REDIS_URL: optionalString,
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  ),
  LOG_FILE: optionalString,

  // E-mail (A1): SMTP when configured; otherwise (development only) the dev outbox at /dev/outbox.
  SMTP_URL: optionalString,
  EMAIL_FROM: z.preprocess(emptyToUndefined, z.string().default("FireFeed Portal <no-reply@fire-feed.com>")),

  // Passwords (S5, DPP 1.4). Bounds keep a setting from weakening the policy below Amazon's DPP.
  PWNED_PASSWORDS_API: z.preprocess(emptyToUndefined, z.enum(["on", "off"], { error: "must be on or off" }).default("off")),
  PASSWORD_MIN_AGE_DAYS: boundedInt(1, 1, 7),
  PASSWORD_MAX_AGE_DAYS: boundedInt(365, 30, 365),
  PASSWORD_HISTORY_SIZE: boundedInt(10, 10, 24),
  // Lockout (D7): DPP allows at most 10 failures; we lock after 5 by default.
  LOCKOUT_THRESHOLD: boundedInt(5, 3, 10),
  LOCKOUT_BASE_MINUTES: boundedInt(15, 1, 1440),

  // Sessions (A4): idle timeout and absolute lifetime per kind of user.
  SESSION_IDLE_MINUTES_OPERATOR: boundedInt(30, 5, 60),
  SESSION_IDLE_MINUTES_SELLER: boundedInt(120, 5, 1440),
  SESSION_MAX_HOURS_OPERATOR: boundedInt(12, 1, 12),
  SESSION_MAX_HOURS_SELLER: boundedInt(168, 1, 168),

  // Amazon SP-API (T5). Unset client credentials in development mean: use the
  // local fake of Amazon (tools/fake-amazon) that `npm start` runs.
  SPAPI_CLIENT_ID: optionalString,
  SPAPI_CLIENT_SECRET: optionalString,
  SPAPI_APPLICATION_ID: optionalString,
  SPAPI_LWA_TOKEN_URL: z.preprocess(emptyToUndefined, z.string().default("https://api.amazon.com/auth/o2/token")),
  SPAPI_ENDPOINT_NA: z.preprocess(emptyToUndefined, z.string().default("https://sellingpartnerapi-na.amazon.com")),
  SPAPI_ENDPOINT_EU: z.preprocess(emptyToUndefined, z.string().default("https://sellingpartnerapi-eu.amazon.com")),
  SPAPI_ENDPOINT_FE: z.preprocess(emptyToUndefined, z.string().default("https://sellingpartnerapi-fe.amazon.com")),
  SPAPI_CONSENT_BASE_NA: z.preprocess(emptyToUndefined, z.string().default("https://sellercentral.amazon.com")),
  SPAPI_CONSENT_BASE_EU: z.preprocess(emptyToUndefined, z.string().default("https://sellercentral-europe.amazon.com")),
  SPAPI_CONSENT_BASE_FE: z.preprocess(emptyToUndefined, z.string().default("https://sellercentral.amazon.co.jp")),
  /** The OAuth redirect URI registered on Amazon; default `${APP_URL}/api/amazon/callback`. */
  SPAPI_REDIRECT_URI: optionalString,
  /** The app is still in Draft on Amazon: the consent URL needs version=beta (else MD1000). */
  SPAPI_DRAFT_APP: booleanFlag,

  // Order sync and Amazon-data retention (D1, D5).
  SYNC_INTERVAL_MINUTES: boundedInt(15, 1, 1440),
  SCHEDULER_ENABLED: z.preprocess(
    emptyToUndefined,
    z
      .enum(["true", "false", "1", "0"], { error: "must be true or false" })
      .default("true")
      .transform((v) => v === "true" || v === "1"),
  ),
  /** Buyer PII is purged this many days after delivery (or shipment): Amazon's DPP allows at most 30. */
  PII_RETENTION_DAYS: boundedInt(30, 1, 30),
  /** Non-PII order data is deleted after this many months: Amazon's DPP allows at most 18. */
  ORDER_RETENTION_MONTHS: boundedInt(18, 1, 18),
  /** PII reveals one user may make per hour before they are refused and an alert is raised. */
  PII_REVEAL_LIMIT_PER_HOUR: boundedInt(20, 1, 500),

  // Security console (issue 5).
  /** Audit log and security records (alerts, reviews, retention runs) are kept this long: L5 demands 365 days at least. */
  SECURITY_RECORD_RETENTION_DAYS: boundedInt(400, 365, 3650),
  /**
   * Append-only file of signed audit-chain checkpoints (lib/audit/checkpoints.ts),
   * outside the database: required in staging/production; npm start picks one
   * beside the development key files.
   */
  AUDIT_CHECKPOINT_FILE: optionalString,
  /** How often the audit-checkpoint job signs the chain's head (minutes). */
  AUDIT_CHECKPOINT_INTERVAL_MINUTES: boundedInt(5, 1, 60),
  /** Optional on-call webhook for new alerts (HMAC-SHA-256 signed JSON); https outside development. */
  ALERT_WEBHOOK_URL: optionalString,
  /** The webhook's signing secret (at least 32 characters); required when ALERT_WEBHOOK_URL is set. */
  ALERT_WEBHOOK_SECRET: optionalString,

  // Field-encryption keys (R4, R5; docs/decisions/0011-kms-envelope-key-provider.md).
  KEY_PROVIDER: z.preprocess(
    emptyToUndefined,
    z.enum(KEY_PROVIDERS, { error: `must be one of ${KEY_PROVIDERS.join(", ")}` }).default("local"),
  ),
  /** The KMS key that wraps the data keys: key id, key ARN, alias name or alias ARN. */
  AWS_KMS_KEY_ID: optionalString,
  AWS_REGION: optionalString,
  /** Optional KMS endpoint (a VPC endpoint, LocalStack, tools/fake-kms). Default: the region's public endpoint. */
  AWS_KMS_ENDPOINT: optionalString,
  /** Comma-separated base64 CiphertextBlobs of the data keys, current first (npm run keys:generate). */
  DATA_KEYS_WRAPPED: optionalString,

  // Step-up MFA (A3, N6): how recent an MFA check must be for a sensitive
  // action. At most 5 minutes (the control); shorter is stricter.
  STEP_UP_WINDOW_SECONDS: boundedInt(300, 30, 300),
});

type ParsedEnv = z.infer<typeof envSchema>;

export type Env = Readonly<
  Omit<ParsedEnv, "NEXTAUTH_SECRET" | "DATA_ENCRYPTION_KEY" | "DATA_KEYS_WRAPPED" | "PRODUCTION_HOSTNAMES" | "ADMIN_ALLOWED_CIDRS"> & {
    NEXTAUTH_SECRET: string;
    /**
     * base64, 32 bytes once decoded. Always set with KEY_PROVIDER=local; with
     * aws-kms it is optional and, when set, only decrypts values written
     * before the switch to KMS.
     */
    DATA_ENCRYPTION_KEY: string | undefined;
    /** base64 wrapped data keys, current first (KEY_PROVIDER=aws-kms); empty otherwise. */
    DATA_KEYS_WRAPPED: readonly string[];
    PRODUCTION_HOSTNAMES: readonly string[];
    ADMIN_ALLOWED_CIDRS: readonly string[] | undefined;
  }
>;

// ---------------------------------------------------------------------------
// Network rules (N1, T4)

/** Loopback, RFC 1918, IPv6 unique-local (fc00::/7), or a single-label internal name such as `db`. */
export function isPrivateOrLoopbackHost(rawHost: string): boolean {
  const host = rawHost.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "") return false;
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  const family = net.isIP(host);
  if (family === 4) {
    const [a, b] = host.split(".").map(Number) as [number, number];
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  if (family === 6) {
    if (host === "::1") return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
    if (mapped?.[1]) return isPrivateOrLoopbackHost(mapped[1]);
    return /^f[cd][0-9a-f]{0,2}:/.test(host);
  }
  // A single label (no dot) is only resolvable on an internal network (Docker/k8s service names).
  return isDnsLabel(host);
}

const TLS_SSLMODES = new Set(["require", "verify-ca", "verify-full"]);

/** Problem text for a DATABASE_URL that would travel unencrypted over a non-private network, else null. */
export function databaseUrlTransportProblem(value: string): string | null {
  if (!URL.canParse(value)) return "must be a postgresql:// URL";
  const url = new URL(value);
  if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") return "must be a postgresql:// URL";
  const socketHost = url.searchParams.get("host");
  // An empty host with ?host=/path is a Unix socket: never leaves the machine.
  if (url.hostname === "" && socketHost?.startsWith("/")) return null;
  if (isPrivateOrLoopbackHost(url.hostname)) return null;
  const sslmode = url.searchParams.get("sslmode")?.toLowerCase();
  const ssl = url.searchParams.get("ssl")?.toLowerCase();
  if ((sslmode && TLS_SSLMODES.has(sslmode)) || ssl === "true") return null;
  return "must use TLS (sslmode=require, verify-ca or verify-full, or ssl=true) for a host that is not loopback or private";
}

/** Problem text for a REDIS_URL that would travel unencrypted over a non-private network, else null. */
export function redisUrlTransportProblem(value: string): string | null {
  if (!URL.canParse(value)) return "must be a redis:// or rediss:// URL";
  const url = new URL(value);
  if (url.protocol === "rediss:") return null;
  if (url.protocol !== "redis:") return "must be a redis:// or rediss:// URL";
  if (isPrivateOrLoopbackHost(url.hostname)) return null;
  return "must use rediss:// (TLS) for a host that is not loopback or private";
}

// ---------------------------------------------------------------------------

type Problem = { variable: string; reason: string };

/** An AWS region name such as eu-west-1 or us-gov-west-1 (checked part by part: no backtracking regex). */
function isAwsRegion(value: string): boolean {
  const parts = value.split("-");
  const [first, ...rest] = parts;
  const last = rest.pop();
  return (
    (parts.length === 3 || parts.length === 4) &&
    /^[a-z]{2}$/.test(first ?? "") &&
    rest.every((part) => /^[a-z]{1,12}$/.test(part)) &&
    /^\d{1,2}$/.test(last ?? "")
  );
}
/** A KMS key id, key ARN, alias name or alias ARN (letters, digits and : / _ -). */
const KMS_KEY_ID_PATTERN = /^[A-Za-z0-9:/_-]{1,2048}$/;
/** A wrapped data key is a KMS CiphertextBlob: comfortably under 6 KiB of base64. */
const WRAPPED_KEY_MAX_LENGTH = 8192;

/** Rules for KEY_PROVIDER and the KMS variables (R4). Fixed texts only: nothing echoes a value. */
function keyProviderProblems(env: ParsedEnv, wrappedDataKeys: readonly string[], deployed: boolean): Problem[] {
  const problems: Problem[] = [];
  if (env.KEY_PROVIDER !== "aws-kms") {
    if (env.DATA_KEYS_WRAPPED !== undefined) {
      problems.push({ variable: "DATA_KEYS_WRAPPED", reason: "is only read with KEY_PROVIDER=aws-kms; unset it or set KEY_PROVIDER" });
    }
    return problems;
  }
  if (env.AWS_KMS_KEY_ID === undefined) {
    problems.push({ variable: "AWS_KMS_KEY_ID", reason: "is required when KEY_PROVIDER=aws-kms" });
  } else if (!KMS_KEY_ID_PATTERN.test(env.AWS_KMS_KEY_ID)) {
    problems.push({ variable: "AWS_KMS_KEY_ID", reason: "must be a KMS key id, key ARN, alias name or alias ARN" });
  }
  if (env.AWS_REGION === undefined) {
    problems.push({ variable: "AWS_REGION", reason: "is required when KEY_PROVIDER=aws-kms" });
  } else if (!isAwsRegion(env.AWS_REGION)) {
    problems.push({ variable: "AWS_REGION", reason: "must be an AWS region name such as eu-west-1" });
  }
  if (wrappedDataKeys.length === 0) {
    problems.push({ variable: "DATA_KEYS_WRAPPED", reason: "is required when KEY_PROVIDER=aws-kms (generate one with npm run keys:generate)" });
  } else if (!wrappedDataKeys.every((blob) => blob.length <= WRAPPED_KEY_MAX_LENGTH && BASE64_PATTERN.test(blob) && blob.length % 4 === 0)) {
    problems.push({ variable: "DATA_KEYS_WRAPPED", reason: "must be a comma-separated list of base64 KMS ciphertext blobs" });
  } else if (new Set(wrappedDataKeys).size !== wrappedDataKeys.length) {
    problems.push({ variable: "DATA_KEYS_WRAPPED", reason: "lists the same wrapped key twice" });
  }
  if (env.AWS_KMS_ENDPOINT !== undefined) {
    const url = URL.canParse(env.AWS_KMS_ENDPOINT) ? new URL(env.AWS_KMS_ENDPOINT) : null;
    if (url === null || !["https:", "http:"].includes(url.protocol) || url.username !== "" || url.password !== "") {
      problems.push({ variable: "AWS_KMS_ENDPOINT", reason: "must be an http(s) URL without credentials" });
    } else if (deployed && url.protocol !== "https:" && !isPrivateOrLoopbackHost(url.hostname)) {
      problems.push({ variable: "AWS_KMS_ENDPOINT", reason: "must use https:// for a host that is not loopback or private" });
    }
  }
  return problems;
}

/** Resolves `NAME_FILE` into `NAME` for every secret; reports both-set and unreadable files. */
function resolveSecretFiles(
  source: Record<string, string | undefined>,
  readFile: (path: string, encoding: "utf8") => string,
  problems: Problem[],
): Record<string, string | undefined> {
  const resolved: Record<string, string | undefined> = { ...source };
  for (const name of SECRET_VARIABLES) {
    const direct = emptyToUndefined(source[name]) as string | undefined;
    const filePath = emptyToUndefined(source[`${name}_FILE`]) as string | undefined;
    if (filePath === undefined) continue;
    if (direct !== undefined) {
      problems.push({ variable: name, reason: `set both ${name} and ${name}_FILE; set only one` });
      continue;
    }
    try {
      // Secret files usually end with a newline added by editors or `echo`.
      resolved[name] = readFile(filePath, "utf8").replace(/\r?\n$/, "");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | undefined)?.code ?? "read error";
      problems.push({ variable: `${name}_FILE`, reason: `cannot read the file (${code})` });
    }
  }
  return resolved;
}

/**
 * Validates `source` (normally process.env). Pure apart from reading `_FILE`
 * paths through `readFile`. Returns a frozen, typed env or throws EnvError
 * listing every problem by variable name.
 */
export function loadEnv(
  source: Record<string, string | undefined>,
  readFile: (path: string, encoding: "utf8") => string = fs.readFileSync,
): Env {
  const problems: Problem[] = [];
  const resolved = resolveSecretFiles(source, readFile, problems);

  const parsed = envSchema.safeParse(resolved);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ variable: String(issue.path[0] ?? "environment"), reason: issue.message });
    }
    throw new EnvError(problems);
  }
  const env = parsed.data;
  const deployed = env.APP_ENV !== "development";
  const isProduction = env.APP_ENV === "production";

  const nextAuthSecret = env.NEXTAUTH_SECRET;
  const dataEncryptionKey = env.DATA_ENCRYPTION_KEY;
  const usesKms = env.KEY_PROVIDER === "aws-kms";
  // Development without configured secrets is `npm start`'s job (it creates key
  // files before reading the env); anything else gets told how to provide them.
  const missingHint = deployed ? `is required when APP_ENV=${env.APP_ENV}:` : "is not set: `npm start` creates a random one in a key file; otherwise";

  if (nextAuthSecret === undefined) {
    problems.push({ variable: "NEXTAUTH_SECRET", reason: `${missingHint} ${HOW_TO_PROVIDE_SECRET.NEXTAUTH_SECRET}` });
  } else {
    const problem = textSecretProblem(nextAuthSecret);
    if (problem) problems.push({ variable: "NEXTAUTH_SECRET", reason: problem });
  }
  if (dataEncryptionKey === undefined) {
    // With KMS envelope encryption the data keys come from DATA_KEYS_WRAPPED.
    if (!usesKms) {
      problems.push({ variable: "DATA_ENCRYPTION_KEY", reason: `${missingHint} ${HOW_TO_PROVIDE_SECRET.DATA_ENCRYPTION_KEY}, or use KEY_PROVIDER=aws-kms` });
    }
  } else if (!decodesTo32Bytes(dataEncryptionKey)) {
    problems.push({ variable: "DATA_ENCRYPTION_KEY", reason: "must be standard base64 that decodes to exactly 32 bytes" });
  } else {
    const problem = keySecretProblem(dataEncryptionKey);
    if (problem) problems.push({ variable: "DATA_ENCRYPTION_KEY", reason: problem });
  }

  if (deployed) {
    if (env.DATABASE_URL === undefined) {
      problems.push({ variable: "DATABASE_URL", reason: `is required when APP_ENV=${env.APP_ENV} (the embedded database is for development only)` });
    }
    if (env.SMTP_URL === undefined) {
      problems.push({ variable: "SMTP_URL", reason: `is required when APP_ENV=${env.APP_ENV} (the dev outbox is for development only)` });
    }
    if (env.AUDIT_CHECKPOINT_FILE === undefined) {
      problems.push({
        variable: "AUDIT_CHECKPOINT_FILE",
        reason: `is required when APP_ENV=${env.APP_ENV}: an append-only file outside the database for signed audit checkpoints`,
      });
    }
    for (const name of ["SPAPI_CLIENT_ID", "SPAPI_CLIENT_SECRET", "SPAPI_APPLICATION_ID"] as const) {
      if (env[name] === undefined) {
        problems.push({ variable: name, reason: `is required when APP_ENV=${env.APP_ENV} (the local fake of Amazon is for development only)` });
      }
    }
    // T5: SP-API and LWA only over HTTPS outside development.
    for (const name of [
      "SPAPI_LWA_TOKEN_URL",
      "SPAPI_ENDPOINT_NA",
      "SPAPI_ENDPOINT_EU",
      "SPAPI_ENDPOINT_FE",
      "SPAPI_CONSENT_BASE_NA",
      "SPAPI_CONSENT_BASE_EU",
      "SPAPI_CONSENT_BASE_FE",
    ] as const) {
      if (!URL.canParse(env[name]) || new URL(env[name]).protocol !== "https:") {
        problems.push({ variable: name, reason: `must be an https:// URL when APP_ENV=${env.APP_ENV}` });
      }
    }
  }

  const wrappedDataKeys = (env.DATA_KEYS_WRAPPED ?? "")
    .split(",")
    .map((blob) => blob.trim())
    .filter((blob) => blob !== "");
  problems.push(...keyProviderProblems(env, wrappedDataKeys, deployed));

  if (env.ALERT_WEBHOOK_URL !== undefined) {
    const url = URL.canParse(env.ALERT_WEBHOOK_URL) ? new URL(env.ALERT_WEBHOOK_URL) : null;
    if (url === null || !["https:", "http:"].includes(url.protocol) || url.username !== "" || url.password !== "") {
      problems.push({ variable: "ALERT_WEBHOOK_URL", reason: "must be an http(s) URL without credentials" });
    } else if (deployed && url.protocol !== "https:") {
      problems.push({ variable: "ALERT_WEBHOOK_URL", reason: `must be an https:// URL when APP_ENV=${env.APP_ENV}` });
    }
    if (env.ALERT_WEBHOOK_SECRET === undefined) {
      problems.push({ variable: "ALERT_WEBHOOK_SECRET", reason: "is required when ALERT_WEBHOOK_URL is set" });
    }
  }
  if (env.ALERT_WEBHOOK_SECRET !== undefined) {
    const problem = textSecretProblem(env.ALERT_WEBHOOK_SECRET);
    if (problem) problems.push({ variable: "ALERT_WEBHOOK_SECRET", reason: problem });
  }

  if (env.DATABASE_URL !== undefined) {
    const problem = deployed
      ? databaseUrlTransportProblem(env.DATABASE_URL)
      : URL.canParse(env.DATABASE_URL) && /^postgres(ql)?:$/.test(new URL(env.DATABASE_URL).protocol)
        ? null
        : "must be a postgresql:// URL";
    if (problem) problems.push({ variable: "DATABASE_URL", reason: problem });
  }
  if (env.DATABASE_MIGRATION_URL !== undefined) {
    const problem = deployed
      ? databaseUrlTransportProblem(env.DATABASE_MIGRATION_URL)
      : URL.canParse(env.DATABASE_MIGRATION_URL) && /^postgres(ql)?:$/.test(new URL(env.DATABASE_MIGRATION_URL).protocol)
        ? null
        : "must be a postgresql:// URL";
    if (problem) problems.push({ variable: "DATABASE_MIGRATION_URL", reason: problem });
    else if (env.DATABASE_URL === undefined) {
      problems.push({ variable: "DATABASE_URL", reason: "is required with DATABASE_MIGRATION_URL (the portal's own least-privileged role)" });
    }
  }
  if (env.LOCAL_KEYS_DIR !== undefined && deployed) {
    problems.push({ variable: "LOCAL_KEYS_DIR", reason: `is for development only; with APP_ENV=${env.APP_ENV} provide secrets from your secret store` });
  }
  if (env.REDIS_URL !== undefined) {
    const problem = deployed
      ? redisUrlTransportProblem(env.REDIS_URL)
      : URL.canParse(env.REDIS_URL) && /^rediss?:$/.test(new URL(env.REDIS_URL).protocol)
        ? null
        : "must be a redis:// or rediss:// URL";
    if (problem) problems.push({ variable: "REDIS_URL", reason: problem });
  }

  if (isProduction) {
    if (new URL(env.APP_URL).protocol !== "https:") {
      problems.push({ variable: "APP_URL", reason: "must be an https:// URL when APP_ENV=production" });
    }
    if (env.PRODUCTION_HOSTNAMES.length === 0) {
      problems.push({ variable: "PRODUCTION_HOSTNAMES", reason: "is required when APP_ENV=production (the hostnames that get HSTS)" });
    }
  }

  if (problems.length > 0) throw new EnvError(problems);

  return Object.freeze({
    ...env,
    NEXTAUTH_SECRET: nextAuthSecret as string,
    DATA_ENCRYPTION_KEY: dataEncryptionKey,
    DATA_KEYS_WRAPPED: Object.freeze(wrappedDataKeys),
    PRODUCTION_HOSTNAMES: Object.freeze([...env.PRODUCTION_HOSTNAMES]),
    ADMIN_ALLOWED_CIDRS: env.ADMIN_ALLOWED_CIDRS ? Object.freeze([...env.ADMIN_ALLOWED_CIDRS]) : undefined,
  });
}

// Parsed once per process: the environment of a running process does not
// change, and parsing once keeps hot paths (middleware, logging) cheap.
let cachedEnv: Env | undefined;

/** The validated environment of this process (throws EnvError on the first call if invalid). */
export function getEnv(): Env {
  cachedEnv ??= loadEnv(process.env);
  return cachedEnv;
}

/** Tests only: forget the cached env so the next getEnv() re-reads process.env. */
export function resetEnvCacheForTests(): void {
  cachedEnv = undefined;
}

/** Masks credentials in a connection URL, keeping scheme, host, port and database for diagnosis. */
function maskConnectionUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!URL.canParse(value)) return "[unparseable]";
  const url = new URL(value);
  const credentials = url.username || url.password ? "[REDACTED]@" : "";
  const sslmode = url.searchParams.get("sslmode");
  return `${url.protocol}//${credentials}${url.host}${url.pathname}${sslmode ? `?sslmode=${sslmode}` : ""}`;
}

/** A log-safe view of the env: secrets reduced to "[set]"/"[demo]", URLs without credentials (S4). */
export function describeEnvForLog(env: Env): Record<string, unknown> {
  return {
    APP_ENV: env.APP_ENV,
    NODE_ENV: env.NODE_ENV,
    PORT: env.PORT,
    HOSTNAME: env.HOSTNAME,
    APP_URL: env.APP_URL,
    DATABASE_URL: maskConnectionUrl(env.DATABASE_URL) ?? "[embedded]",
    DATABASE_MIGRATION_URL: env.DATABASE_MIGRATION_URL === undefined ? "[unset]" : maskConnectionUrl(env.DATABASE_MIGRATION_URL),
    DATABASE_POOL_MAX: env.DATABASE_POOL_MAX,
    EMBEDDED_DB_DIR: env.EMBEDDED_DB_DIR,
    EMBEDDED_DB_PORT: env.EMBEDDED_DB_PORT,
    NEXTAUTH_SECRET: "[set]",
    DATA_ENCRYPTION_KEY: env.DATA_ENCRYPTION_KEY === undefined ? "[unset]" : "[set]",
    KEY_PROVIDER: env.KEY_PROVIDER,
    AWS_KMS_KEY_ID: env.AWS_KMS_KEY_ID,
    AWS_REGION: env.AWS_REGION,
    AWS_KMS_ENDPOINT: env.AWS_KMS_ENDPOINT === undefined ? undefined : new URL(env.AWS_KMS_ENDPOINT).origin,
    DATA_KEYS_WRAPPED: `[${env.DATA_KEYS_WRAPPED.length} wrapped]`,
    STEP_UP_WINDOW_SECONDS: env.STEP_UP_WINDOW_SECONDS,
    PRODUCTION_HOSTNAMES: env.PRODUCTION_HOSTNAMES,
    TRUST_PROXY: env.TRUST_PROXY,
    ADMIN_ALLOWED_CIDRS: env.ADMIN_ALLOWED_CIDRS,
    REDIS_URL: maskConnectionUrl(env.REDIS_URL),
    SMTP_URL: maskConnectionUrl(env.SMTP_URL) ?? "[dev outbox]",
    SPAPI_CLIENT_ID: env.SPAPI_CLIENT_ID ?? "[local fake]",
    SPAPI_CLIENT_SECRET: env.SPAPI_CLIENT_SECRET === undefined ? "[unset]" : "[set]",
    SPAPI_ENDPOINT_NA: env.SPAPI_ENDPOINT_NA,
    SECURITY_RECORD_RETENTION_DAYS: env.SECURITY_RECORD_RETENTION_DAYS,
    AUDIT_CHECKPOINT_FILE: env.AUDIT_CHECKPOINT_FILE ?? "[unset]",
    AUDIT_CHECKPOINT_INTERVAL_MINUTES: env.AUDIT_CHECKPOINT_INTERVAL_MINUTES,
    ALERT_WEBHOOK_URL: env.ALERT_WEBHOOK_URL === undefined ? "[unset]" : new URL(env.ALERT_WEBHOOK_URL).origin,
    ALERT_WEBHOOK_SECRET: env.ALERT_WEBHOOK_SECRET === undefined ? "[unset]" : "[set]",
    LOG_LEVEL: env.LOG_LEVEL,
    LOG_FILE: env.LOG_FILE,
  };
}
