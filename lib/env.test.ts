import { describe, it, expect } from "vitest";
import { randomBytes } from "node:crypto";
import {
  EnvError,
  describeEnvForLog,
  isPrivateOrLoopbackHost,
  loadEnv,
} from "./env";

// Random for each run: they protect nothing, and no fixed value in this
// repository would pass (lib/secrets/secret-strength.ts).
const STRONG_SECRET = randomBytes(48).toString("base64url");
const STRONG_KEY = randomBytes(32).toString("base64");
/** The secrets every start needs (npm start writes them to key files in development). */
const dev = { NEXTAUTH_SECRET: STRONG_SECRET, DATA_ENCRYPTION_KEY: STRONG_KEY };
// secretlint-disable-next-line -- made-up test value
const PROD_DB = "postgresql://app:db-password-123@db.example.com:5432/firefeed?sslmode=verify-full";

const production = {
  APP_ENV: "production",
  APP_URL: "https://portal.fire-feed.com",
  PRODUCTION_HOSTNAMES: "portal.fire-feed.com",
  NEXTAUTH_SECRET: STRONG_SECRET,
  DATA_ENCRYPTION_KEY: STRONG_KEY,
  DATABASE_URL: PROD_DB,
  SMTP_URL: "smtps://mailer.internal.example:465",
  AUDIT_CHECKPOINT_FILE: "/var/lib/firefeed/audit-checkpoints.jsonl",
  SPAPI_CLIENT_ID: "amzn1.application-oa2-client.0123456789abcdef",
  SPAPI_CLIENT_SECRET: "test-only-client-secret-value",
  SPAPI_APPLICATION_ID: "amzn1.sp.solution.00000000-0000-4000-8000-000000000000",
};

function problemsOf(source: Record<string, string | undefined>, readFile?: (p: string, e: "utf8") => string) {
  try {
    loadEnv(source, readFile);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).problems;
  }
  throw new Error("expected loadEnv to throw");
}

function messageOf(source: Record<string, string | undefined>) {
  try {
    loadEnv(source);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected loadEnv to throw");
}

describe("loadEnv defaults (development)", () => {
  it("starts with only the two secrets set, everything else defaulted", () => {
    const env = loadEnv(dev);
    expect(env.APP_ENV).toBe("development");
    expect(env.PORT).toBe(3000);
    expect(env.HOSTNAME).toBe("0.0.0.0");
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATABASE_POOL_MAX).toBe(10);
    expect(env.EMBEDDED_DB_DIR).toBe(".data/pglite");
    expect(env.EMBEDDED_DB_PORT).toBe(54329);
    expect(env.NEXTAUTH_SECRET).toBe(STRONG_SECRET);
    expect(env.DATA_ENCRYPTION_KEY).toBe(STRONG_KEY);
    expect(env.TRUST_PROXY).toBe(false);
    expect(env.LOG_LEVEL).toBe("info");
    expect(env.PRODUCTION_HOSTNAMES).toEqual([]);
    expect(env.ADMIN_ALLOWED_CIDRS).toBeUndefined();
    expect(Object.isFrozen(env)).toBe(true);
  });

  // Issue 9, finding 1: there is no published fallback any more.
  it("refuses to start without a session secret or data key, in development too, saying how to provide them", () => {
    const problems = problemsOf({});
    expect(problems.map((p) => p.variable).sort()).toEqual(["DATA_ENCRYPTION_KEY", "NEXTAUTH_SECRET"]);
    expect(problems.find((p) => p.variable === "NEXTAUTH_SECRET")?.reason).toMatch(/npm start.*NEXTAUTH_SECRET_FILE.*openssl rand/);
    expect(problems.find((p) => p.variable === "DATA_ENCRYPTION_KEY")?.reason).toMatch(/npm start.*DATA_ENCRYPTION_KEY_FILE/);
    // With DATABASE_URL (the README's PostgreSQL mode) just the same.
    expect(problemsOf({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/firefeed" }).map((p) => p.variable).sort()).toEqual([
      "DATA_ENCRYPTION_KEY",
      "NEXTAUTH_SECRET",
    ]);
  });

  it.each(["development", "staging", "production"])("refuses published, placeholder and weak secrets when APP_ENV=%s", (appEnv) => {
    const base = appEnv === "development" ? dev : { ...production, APP_ENV: appEnv };
    const refused = (values: Record<string, string>) => problemsOf({ ...base, ...values }).map((p) => p.variable);
    // The demo values of earlier releases (still in git history).
    expect(refused({ NEXTAUTH_SECRET: "development-only-demo-nextauth-secret-NOT-SECRET" })).toContain("NEXTAUTH_SECRET");
    expect(refused({ DATA_ENCRYPTION_KEY: "ZmlyZWZlZWQtZGV2LWRlbW8ta2V5LU5PVC1TRUNSRVQ=" })).toContain("DATA_ENCRYPTION_KEY");
    // Placeholders, short and repetitive values.
    expect(refused({ NEXTAUTH_SECRET: "please-change-me-before-going-to-production-0123" })).toContain("NEXTAUTH_SECRET");
    expect(refused({ NEXTAUTH_SECRET: "x".repeat(64) })).toContain("NEXTAUTH_SECRET");
    expect(refused({ NEXTAUTH_SECRET: randomBytes(16).toString("base64url") })).toContain("NEXTAUTH_SECRET");
    expect(refused({ DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64") })).toContain("DATA_ENCRYPTION_KEY");
    expect(refused({ DATA_ENCRYPTION_KEY: Buffer.from("my-own-32-byte-passphrase-abcdef").toString("base64") })).toContain("DATA_ENCRYPTION_KEY");
    expect(refused({ ALERT_WEBHOOK_URL: "https://hooks.example.com/x", ALERT_WEBHOOK_SECRET: "webhook-secret-for-the-on-call-tool" })).toContain(
      "ALERT_WEBHOOK_SECRET",
    );
  });

  it("treats empty strings as unset", () => {
    expect(loadEnv({ ...dev, PORT: "", APP_ENV: "" }).PORT).toBe(3000);
  });

  it("parses numbers, flags and lists", () => {
    const env = loadEnv({
      ...dev,
      PORT: "8080",
      DATABASE_POOL_MAX: "3",
      TRUST_PROXY: "true",
      PRODUCTION_HOSTNAMES: " Portal.Fire-Feed.com , www.fire-feed.com ",
      ADMIN_ALLOWED_CIDRS: "10.0.0.0/8, 2001:db8::/32",
      APP_URL: "http://localhost:3000/",
    });
    expect(env.PORT).toBe(8080);
    expect(env.DATABASE_POOL_MAX).toBe(3);
    expect(env.TRUST_PROXY).toBe(true);
    expect(env.PRODUCTION_HOSTNAMES).toEqual(["portal.fire-feed.com", "www.fire-feed.com"]);
    expect(env.ADMIN_ALLOWED_CIDRS).toEqual(["10.0.0.0/8", "2001:db8::/32"]);
    expect(env.APP_URL).toBe("http://localhost:3000");
  });

  it("allows a plain-text DATABASE_URL to any host in development", () => {
    expect(loadEnv({ ...dev, DATABASE_URL: "postgresql://postgres@db.example.com/x" }).DATABASE_URL).toContain("example.com");
  });
});

describe("loadEnv problems are named, never valued (S2)", () => {
  it("lists every bad variable by name with a reason", () => {
    const problems = problemsOf({ ...dev, APP_ENV: "prod", PORT: "http", LOG_LEVEL: "loud", TRUST_PROXY: "yes" });
    expect(problems.map((p) => p.variable).sort()).toEqual(["APP_ENV", "LOG_LEVEL", "PORT", "TRUST_PROXY"]);
  });

  it("never prints a variable's value", () => {
    const message = messageOf({
      ...production,
      NEXTAUTH_SECRET: "short-but-secret-xyz",
      DATA_ENCRYPTION_KEY: "not-base64-secret-abc!",
      // secretlint-disable-next-line -- made-up test value
      DATABASE_URL: "postgresql://app:hunter2-password@db.example.com/firefeed",
      REDIS_URL: "redis://:redis-password-q@cache.example.com:6379",
      PORT: "secretish-port",
    });
    for (const secret of ["short-but-secret-xyz", "not-base64-secret-abc", "hunter2-password", "redis-password-q", "secretish-port"]) {
      expect(message).not.toContain(secret);
    }
    expect(message).toContain("PORT");
  });

  it("rejects out-of-range ports and pool sizes", () => {
    expect(problemsOf({ ...dev, PORT: "70000" })[0]?.variable).toBe("PORT");
    expect(problemsOf({ ...dev, EMBEDDED_DB_PORT: "0" })[0]?.variable).toBe("EMBEDDED_DB_PORT");
    expect(problemsOf({ ...dev, DATABASE_POOL_MAX: "0" })[0]?.variable).toBe("DATABASE_POOL_MAX");
  });

  it("rejects bad hostnames, CIDRs and URLs", () => {
    expect(problemsOf({ ...dev, PRODUCTION_HOSTNAMES: "https://portal.fire-feed.com" })[0]?.variable).toBe("PRODUCTION_HOSTNAMES");
    expect(problemsOf({ ...dev, ADMIN_ALLOWED_CIDRS: "10.0.0.0/33" })[0]?.variable).toBe("ADMIN_ALLOWED_CIDRS");
    expect(problemsOf({ ...dev, ADMIN_ALLOWED_CIDRS: "10.0.0.0" })[0]?.variable).toBe("ADMIN_ALLOWED_CIDRS");
    expect(problemsOf({ ...dev, APP_URL: "ftp://x" })[0]?.variable).toBe("APP_URL");
    expect(problemsOf({ ...dev, DATABASE_URL: "mysql://x/y" })[0]?.variable).toBe("DATABASE_URL");
    expect(problemsOf({ ...dev, REDIS_URL: "http://x" })[0]?.variable).toBe("REDIS_URL");
  });

  it("rejects a DATA_ENCRYPTION_KEY that is not 32 bytes, in any environment", () => {
    expect(problemsOf({ ...dev, DATA_ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") })[0]?.variable).toBe("DATA_ENCRYPTION_KEY");
    expect(problemsOf({ ...dev, DATA_ENCRYPTION_KEY: "%%%%" })[0]?.variable).toBe("DATA_ENCRYPTION_KEY");
  });
});

describe("NAME_FILE secrets (S2)", () => {
  const files: Record<string, string> = { "/run/secrets/auth": `${STRONG_SECRET}\n`, "/run/secrets/db": PROD_DB };
  const readFile = (path: string) => {
    const content = files[path];
    if (content === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
    return content;
  };

  it("reads each secret from its _FILE, dropping the trailing newline", () => {
    const env = loadEnv(
      { ...production, NEXTAUTH_SECRET: undefined, NEXTAUTH_SECRET_FILE: "/run/secrets/auth", DATABASE_URL: undefined, DATABASE_URL_FILE: "/run/secrets/db" },
      readFile,
    );
    expect(env.NEXTAUTH_SECRET).toBe(STRONG_SECRET);
    expect(env.DATABASE_URL).toBe(PROD_DB);
  });

  it("refuses both NAME and NAME_FILE", () => {
    const problems = problemsOf({ ...dev, NEXTAUTH_SECRET: STRONG_SECRET, NEXTAUTH_SECRET_FILE: "/run/secrets/auth" }, readFile);
    expect(problems).toEqual([expect.objectContaining({ variable: "NEXTAUTH_SECRET" })]);
  });

  it("reports an unreadable file by variable name", () => {
    const problems = problemsOf({ ...dev, REDIS_URL_FILE: "/nope" }, readFile);
    expect(problems).toEqual([{ variable: "REDIS_URL_FILE", reason: "cannot read the file (ENOENT)" }]);
  });

  it("supports every listed secret", () => {
    const env = loadEnv({ NEXTAUTH_SECRET: STRONG_SECRET, DATA_ENCRYPTION_KEY_FILE: "/k", REDIS_URL_FILE: "/r" }, (p) => (p === "/k" ? STRONG_KEY : "redis://127.0.0.1:6379"));
    expect(env.DATA_ENCRYPTION_KEY).toBe(STRONG_KEY);
    expect(env.REDIS_URL).toBe("redis://127.0.0.1:6379");
  });
});

describe("staging and production refuse development defaults (N4)", () => {
  it("accepts a complete production configuration", () => {
    const env = loadEnv(production);
    expect(env.APP_ENV).toBe("production");
  });

  it.each(["staging", "production"])("%s requires the secrets, DATABASE_URL and SMTP_URL", (appEnv) => {
    const problems = problemsOf({ APP_ENV: appEnv, APP_URL: "https://x.example.com", PRODUCTION_HOSTNAMES: "x.example.com" });
    expect(problems.map((p) => p.variable).sort()).toEqual([
      "AUDIT_CHECKPOINT_FILE",
      "DATABASE_URL",
      "DATA_ENCRYPTION_KEY",
      "NEXTAUTH_SECRET",
      "SMTP_URL",
      "SPAPI_APPLICATION_ID",
      "SPAPI_CLIENT_ID",
      "SPAPI_CLIENT_SECRET",
    ]);
  });

  it("T5: refuses plain-http SP-API endpoints outside development, allows the local fake in development", () => {
    const problems = problemsOf({ ...production, SPAPI_ENDPOINT_NA: "http://127.0.0.1:4555", SPAPI_LWA_TOKEN_URL: "http://127.0.0.1:4555/auth/o2/token" });
    expect(problems.map((p) => p.variable).sort()).toEqual(["SPAPI_ENDPOINT_NA", "SPAPI_LWA_TOKEN_URL"]);
    expect(loadEnv({ ...dev, SPAPI_ENDPOINT_NA: "http://127.0.0.1:4555" }).SPAPI_ENDPOINT_NA).toBe("http://127.0.0.1:4555");
  });

  it("keeps Amazon-data retention within the DPP (D1: PII <= 30 days, D5: orders <= 18 months)", () => {
    expect(loadEnv(dev).PII_RETENTION_DAYS).toBe(30);
    expect(loadEnv(dev).ORDER_RETENTION_MONTHS).toBe(18);
    const weakened = problemsOf({ ...dev, PII_RETENTION_DAYS: "45", ORDER_RETENTION_MONTHS: "24" });
    expect(weakened.map((p) => p.variable).sort()).toEqual(["ORDER_RETENTION_MONTHS", "PII_RETENTION_DAYS"]);
  });

  it("keeps identity policy settings within Amazon's DPP bounds (S5, D7, A4)", () => {
    const env = loadEnv(dev);
    expect(env.PASSWORD_MIN_AGE_DAYS).toBe(1);
    expect(env.PASSWORD_MAX_AGE_DAYS).toBe(365);
    expect(env.PASSWORD_HISTORY_SIZE).toBe(10);
    expect(env.LOCKOUT_THRESHOLD).toBe(5);
    expect(env.SESSION_IDLE_MINUTES_OPERATOR).toBe(30);
    expect(env.SESSION_MAX_HOURS_OPERATOR).toBe(12);
    expect(env.SESSION_MAX_HOURS_SELLER).toBe(168);
    const weakened = problemsOf({ ...dev, PASSWORD_MAX_AGE_DAYS: "400", PASSWORD_HISTORY_SIZE: "3", LOCKOUT_THRESHOLD: "11", SESSION_MAX_HOURS_OPERATOR: "24" });
    expect(weakened.map((p) => p.variable).sort()).toEqual([
      "LOCKOUT_THRESHOLD",
      "PASSWORD_HISTORY_SIZE",
      "PASSWORD_MAX_AGE_DAYS",
      "SESSION_MAX_HOURS_OPERATOR",
    ]);
  });

  it("requires NEXTAUTH_SECRET of at least 32 characters", () => {
    const secret = randomBytes(48).toString("base64url");
    expect(problemsOf({ ...production, NEXTAUTH_SECRET: secret.slice(0, 31) })).toEqual([
      { variable: "NEXTAUTH_SECRET", reason: "must be at least 32 characters (openssl rand -base64 48)" },
    ]);
    expect(loadEnv({ ...production, NEXTAUTH_SECRET: secret.slice(0, 32) }).NEXTAUTH_SECRET).toHaveLength(32);
  });

  it("requires an https APP_URL and PRODUCTION_HOSTNAMES in production only", () => {
    const problems = problemsOf({ ...production, APP_URL: "http://portal.fire-feed.com", PRODUCTION_HOSTNAMES: "" });
    expect(problems.map((p) => p.variable).sort()).toEqual(["APP_URL", "PRODUCTION_HOSTNAMES"]);
    expect(loadEnv({ ...production, APP_ENV: "staging", APP_URL: "http://staging.internal", PRODUCTION_HOSTNAMES: "" }).APP_ENV).toBe("staging");
  });
});

describe("database and Redis transport (N1, T4)", () => {
  const withDb = (DATABASE_URL: string) => ({ ...production, DATABASE_URL });

  it.each([
    "postgresql://u:p@db.example.com/x?sslmode=require",
    "postgresql://u:p@db.example.com/x?sslmode=verify-ca",
    "postgres://u:p@db.example.com/x?sslmode=verify-full",
    "postgresql://u:p@db.example.com/x?ssl=true",
    "postgresql://u:p@127.0.0.1:5432/x",
    "postgresql://u:p@localhost/x",
    "postgresql://u:p@10.1.2.3/x",
    "postgresql://u:p@172.16.0.5/x",
    "postgresql://u:p@172.31.255.1/x",
    "postgresql://u:p@192.168.1.1/x",
    "postgresql://u:p@[::1]/x",
    "postgresql://u:p@[fd12:3456::1]/x",
    "postgresql://u:p@db:5432/x",
    "postgresql:///x?host=/var/run/postgresql",
  ])("accepts %s", (url) => {
    expect(loadEnv(withDb(url)).DATABASE_URL).toBe(url);
  });

  it.each([
    "postgresql://u:p@db.example.com/x",
    "postgresql://u:p@db.example.com/x?sslmode=prefer",
    "postgresql://u:p@db.example.com/x?sslmode=disable",
    "postgresql://u:p@8.8.8.8/x",
    "postgresql://u:p@172.32.0.1/x",
    "postgresql://u:p@[2001:db8::1]/x",
  ])("refuses unencrypted remote %s", (url) => {
    expect(problemsOf(withDb(url))).toEqual([expect.objectContaining({ variable: "DATABASE_URL", reason: expect.stringContaining("TLS") })]);
  });

  it("applies the same rule to REDIS_URL", () => {
    expect(loadEnv({ ...production, REDIS_URL: "rediss://cache.example.com:6380" }).REDIS_URL).toContain("rediss");
    expect(loadEnv({ ...production, REDIS_URL: "redis://redis:6379" }).REDIS_URL).toContain("redis");
    expect(loadEnv({ ...production, REDIS_URL: "redis://127.0.0.1:6379" }).REDIS_URL).toContain("127");
    expect(problemsOf({ ...production, REDIS_URL: "redis://cache.example.com:6379" })).toEqual([
      expect.objectContaining({ variable: "REDIS_URL", reason: expect.stringContaining("rediss://") }),
    ]);
  });

  it("classifies hosts", () => {
    expect(isPrivateOrLoopbackHost("::ffff:10.0.0.1")).toBe(true);
    expect(isPrivateOrLoopbackHost("fc00::1")).toBe(true);
    expect(isPrivateOrLoopbackHost("fe80::1")).toBe(false);
    expect(isPrivateOrLoopbackHost("169.254.169.254")).toBe(false);
    expect(isPrivateOrLoopbackHost("db.internal.example")).toBe(false);
  });
});

describe("describeEnvForLog (S4)", () => {
  it("masks secrets and URL credentials", () => {
    const env = loadEnv({ ...production, REDIS_URL: "rediss://:redis-pass-zz@cache.example.com:6380" });
    const described = JSON.stringify(describeEnvForLog(env));
    expect(described).not.toContain(STRONG_SECRET);
    expect(described).not.toContain(STRONG_KEY);
    expect(described).not.toContain("db-password-123");
    expect(described).not.toContain("redis-pass-zz");
    expect(described).toContain("db.example.com:5432/firefeed");
    expect(described).toContain('"NEXTAUTH_SECRET":"[set]"');
  });

  it("shows that secrets are set, never what they are", () => {
    const described = describeEnvForLog(loadEnv(dev));
    expect(described).toMatchObject({ NEXTAUTH_SECRET: "[set]", DATA_ENCRYPTION_KEY: "[set]", DATABASE_URL: "[embedded]" });
    expect(JSON.stringify(described)).not.toContain(STRONG_SECRET);
    expect(JSON.stringify(described)).not.toContain(STRONG_KEY);
  });
});

describe("field-encryption key provider (R4, N4)", () => {
  // base64 stand-ins for KMS ciphertext blobs: made-up test values.
  const WRAPPED_A = Buffer.from("FAKE-wrapped-data-key-A-not-real").toString("base64");
  const WRAPPED_B = Buffer.from("FAKE-wrapped-data-key-B-not-real").toString("base64");
  const kms = { KEY_PROVIDER: "aws-kms", AWS_KMS_KEY_ID: "alias/firefeed-production", AWS_REGION: "eu-west-1", DATA_KEYS_WRAPPED: `${WRAPPED_A},${WRAPPED_B}` };

  it("defaults to the local keyring", () => {
    const env = loadEnv(dev);
    expect(env.KEY_PROVIDER).toBe("local");
    expect(env.DATA_KEYS_WRAPPED).toEqual([]);
    expect(env.DATA_ENCRYPTION_KEY).toBe(STRONG_KEY);
  });

  it("with aws-kms in production, DATA_ENCRYPTION_KEY is not required", () => {
    const env = loadEnv({ ...production, DATA_ENCRYPTION_KEY: undefined, ...kms });
    expect(env.KEY_PROVIDER).toBe("aws-kms");
    expect(env.DATA_ENCRYPTION_KEY).toBeUndefined();
    expect(env.DATA_KEYS_WRAPPED).toEqual([WRAPPED_A, WRAPPED_B]);
    expect(describeEnvForLog(env)).toMatchObject({ DATA_ENCRYPTION_KEY: "[unset]", DATA_KEYS_WRAPPED: "[2 wrapped]", KEY_PROVIDER: "aws-kms" });
    expect(JSON.stringify(describeEnvForLog(env))).not.toContain(WRAPPED_A);
  });

  it("with the local keyring in production, DATA_ENCRYPTION_KEY stays required", () => {
    expect(problemsOf({ ...production, DATA_ENCRYPTION_KEY: undefined })).toEqual([
      {
      variable: "DATA_ENCRYPTION_KEY",
      reason:
        "is required when APP_ENV=production: set DATA_ENCRYPTION_KEY or DATA_ENCRYPTION_KEY_FILE (generate with: openssl rand -base64 32), or use KEY_PROVIDER=aws-kms",
    },
    ]);
  });

  it("with aws-kms, a DATA_ENCRYPTION_KEY still set must not be a published key (it stays decrypt-only)", () => {
    expect(problemsOf({ ...production, ...kms, DATA_ENCRYPTION_KEY: "ZmlyZWZlZWQtZGV2LWRlbW8ta2V5LU5PVC1TRUNSRVQ=" }).map((p) => p.variable)).toEqual([
      "DATA_ENCRYPTION_KEY",
    ]);
    expect(loadEnv({ ...production, ...kms }).DATA_ENCRYPTION_KEY).toBe(STRONG_KEY);
  });

  it("in development with aws-kms no local key is needed", () => {
    const env = loadEnv({ NEXTAUTH_SECRET: STRONG_SECRET, ...kms });
    expect(env.DATA_ENCRYPTION_KEY).toBeUndefined();
  });

  it("names every missing or malformed KMS variable, never its value", () => {
    expect(problemsOf({ ...dev, KEY_PROVIDER: "aws-kms" }).map((p) => p.variable)).toEqual(["AWS_KMS_KEY_ID", "AWS_REGION", "DATA_KEYS_WRAPPED"]);
    const problems = problemsOf({ ...dev, ...kms, AWS_REGION: "Europe (Ireland)", AWS_KMS_KEY_ID: "key id with spaces", DATA_KEYS_WRAPPED: "FAKE-not*base64" });
    expect(problems.map((p) => p.variable)).toEqual(["AWS_KMS_KEY_ID", "AWS_REGION", "DATA_KEYS_WRAPPED"]);
    expect(JSON.stringify(problems)).not.toMatch(/Ireland|spaces|FAKE-not/);
    expect(problemsOf({ ...dev, ...kms, DATA_KEYS_WRAPPED: `${WRAPPED_A},${WRAPPED_A}` })).toEqual([
      { variable: "DATA_KEYS_WRAPPED", reason: "lists the same wrapped key twice" },
    ]);
    expect(problemsOf({ ...dev, KEY_PROVIDER: "vault" })[0]?.variable).toBe("KEY_PROVIDER");
    expect(problemsOf({ ...dev, DATA_KEYS_WRAPPED: WRAPPED_A })[0]?.variable).toBe("DATA_KEYS_WRAPPED");
  });

  it("accepts DATA_KEYS_WRAPPED_FILE", () => {
    const env = loadEnv({ ...dev, ...kms, DATA_KEYS_WRAPPED: undefined, DATA_KEYS_WRAPPED_FILE: "/run/secrets/keys" }, () => `${WRAPPED_B}\n`);
    expect(env.DATA_KEYS_WRAPPED).toEqual([WRAPPED_B]);
  });

  it("AWS_KMS_ENDPOINT: http only to loopback/private hosts outside development, never with credentials", () => {
    expect(loadEnv({ ...dev, ...kms, AWS_KMS_ENDPOINT: "http://127.0.0.1:4599" }).AWS_KMS_ENDPOINT).toBe("http://127.0.0.1:4599");
    expect(loadEnv({ ...production, ...kms, AWS_KMS_ENDPOINT: "http://kms-proxy:4599" }).AWS_KMS_ENDPOINT).toBe("http://kms-proxy:4599");
    expect(loadEnv({ ...production, ...kms, AWS_KMS_ENDPOINT: "https://kms.eu-west-1.amazonaws.com" }).KEY_PROVIDER).toBe("aws-kms");
    expect(problemsOf({ ...production, ...kms, AWS_KMS_ENDPOINT: "http://kms.example.com" })).toEqual([
      { variable: "AWS_KMS_ENDPOINT", reason: "must use https:// for a host that is not loopback or private" },
    ]);
    expect(problemsOf({ ...dev, ...kms, AWS_KMS_ENDPOINT: "https://user:pw@kms.example.com" })[0]?.variable).toBe("AWS_KMS_ENDPOINT");
    expect(problemsOf({ ...dev, ...kms, AWS_KMS_ENDPOINT: "ftp://kms.example.com" })[0]?.variable).toBe("AWS_KMS_ENDPOINT");
  });
});

describe("STEP_UP_WINDOW_SECONDS (A3)", () => {
  it("defaults to 5 minutes and may only be shortened, down to 30 s", () => {
    expect(loadEnv(dev).STEP_UP_WINDOW_SECONDS).toBe(300);
    expect(loadEnv({ ...dev, STEP_UP_WINDOW_SECONDS: "60" }).STEP_UP_WINDOW_SECONDS).toBe(60);
    expect(problemsOf({ ...dev, STEP_UP_WINDOW_SECONDS: "301" })).toEqual([{ variable: "STEP_UP_WINDOW_SECONDS", reason: "must be between 30 and 300" }]);
    expect(problemsOf({ ...dev, STEP_UP_WINDOW_SECONDS: "29" })[0]?.variable).toBe("STEP_UP_WINDOW_SECONDS");
    expect(problemsOf({ ...dev, STEP_UP_WINDOW_SECONDS: "1.5" })[0]?.variable).toBe("STEP_UP_WINDOW_SECONDS");
  });
});
