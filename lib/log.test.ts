import { describe, it, expect } from "vitest";
import { Writable } from "node:stream";
import { createLogger, scrubString, serializeErrorForLog, verbatimForLog } from "./log";

// Made-up values in the shapes the portal handles; they protect nothing.
// The PEM armor is assembled so no private-key block stands in the source.
const PEM_BEGIN = ["-----BEGIN", "PRIVATE", "KEY-----"].join(" ");
const PEM_END = ["-----END", "PRIVATE", "KEY-----"].join(" ");
const SECRETS = {
  password: "correct-horse-battery-staple-42",
  email: "jane.buyer@example.com",
  marketplaceEmail: "x7k2m9q4p1r8s3t6@marketplace.amazon.com",
  phoneE164: "+14155550123",
  phoneUs: "(415) 555-0199",
  phoneIntl: "+44 20 7946 0958",
  lwaAccess: "Atza|FAKE-A-test-access-token-0123456789abcdefghij",
  lwaRefresh: "Atzr|FAKE-B-test-refresh-token-0123456789abcdefghij",
  rdt: "Atz.sprdt|FAKE-C-test-restricted-data-token-0123456789",
  clientSecret: "amzn1.oa2-cs.v1.FAKEclientsecretfortestsonly0123456789abcdef",
  bearer: "opaque-bearer-value-0a1b2c",
  jwt: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEiLCJpYXQiOjE3MDAwMDAwMDB9.c2lnbmF0dXJlLW9mLXRlc3Q",
  pemBody: "FAKEKEYBODYxFORxLOGxTESTSxONLYxNOTxAxKEY",
  dbPassword: "pg-Pa55word-xyz",
  hexKey: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  base64Key: "q2V5LWZvci10ZXN0cy1vbmx5LTMyLWJ5dGVzLTEyMzQ1Njc4OQ",
  card: "4111 1111 1111 1111",
  buyerName: "Jane Q. Buyer",
  street: "1600 Example Parkway",
  nextauthSecret: "nextauth-secret-for-test-only-abcdef",
};

function captureLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      callback();
    },
  });
  const logger = createLogger({ level: "trace", destination: stream });
  return { logger, lines, output: () => lines.join("\n") };
}

describe("log capture: no secret or PII reaches the output (S4, D8)", () => {
  it("a run that handles secrets and PII writes none of them", () => {
    const { logger, lines, output } = captureLogger();
    const requestLogger = logger.child({ requestId: "3f2504e0-4f89-41d3-9a0c-0305e82c3301" });

    // By path (known keys, nested).
    requestLogger.info({ password: SECRETS.password, user: { email: SECRETS.email, passwordHash: "argon2id$..." } }, "sign-in attempt");
    requestLogger.info({ headers: { authorization: `Bearer ${SECRETS.bearer}`, cookie: `__Host-firefeed.session=${SECRETS.jwt}` } }, "request");
    requestLogger.info(
      { order: { buyerName: SECRETS.buyerName, shippingAddress: { addressLine1: SECRETS.street }, buyer: { phone: SECRETS.phoneUs } } },
      "order synced",
    );
    requestLogger.info({ deeply: { nested: { list: [{ refreshToken: SECRETS.lwaRefresh }] } } }, "deep");
    requestLogger.info({ config: { nextauthSecret: SECRETS.nextauthSecret, clientSecret: SECRETS.clientSecret } }, "config");

    // By pattern (free text, in messages, interpolation and unexpected fields).
    requestLogger.info(`reply to ${SECRETS.email} or call ${SECRETS.phoneE164} / ${SECRETS.phoneIntl}`);
    requestLogger.info("buyer contact %s", SECRETS.marketplaceEmail);
    requestLogger.info({ note: `LWA said ${SECRETS.lwaAccess} and RDT ${SECRETS.rdt}` }, "token exchange");
    requestLogger.warn({ detail: `connect postgresql://firefeed:${SECRETS.dbPassword}@db.example.com:5432/app failed` }, "db");
    requestLogger.info({ blob: `${PEM_BEGIN}\n${SECRETS.pemBody}\n${PEM_END}` }, "key material");
    requestLogger.info({ k1: SECRETS.hexKey, k2: SECRETS.base64Key, paid: `card ${SECRETS.card}`, jwt: SECRETS.jwt }, "misc");
    requestLogger.debug({ upstream: `Authorization: Bearer ${SECRETS.bearer}` }, "sp-api call");

    // Errors: message and stack carry secrets.
    const error = new Error(`refresh failed for ${SECRETS.email} with ${SECRETS.lwaRefresh}`);
    requestLogger.error(error);
    requestLogger.error({ err: new Error(`client secret ${SECRETS.clientSecret} rejected`) }, "lwa error");
    requestLogger.error(new TypeError(`bad phone ${SECRETS.phoneUs}`), `while handling ${SECRETS.email}`);
    requestLogger.error(new Error("outer", { cause: new Error(`inner failure at postgresql://u:${SECRETS.dbPassword}@h/db`) }));

    expect(lines.length).toBe(16);
    const written = output();
    for (const [name, value] of Object.entries(SECRETS)) {
      expect(written, `${name} leaked`).not.toContain(value);
    }
    // Fragments too: the distinctive part of each value.
    for (const fragment of ["jane.buyer", "555-0199", "4155550123", "7946", "FAKE-A-test", "0123456789abcdef0123", "Pa55word", "FAKEKEYBODY", "4111"]) {
      expect(written, `${fragment} leaked`).not.toContain(fragment);
    }
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });

  it("keeps the useful, non-secret fields", () => {
    const { logger, lines } = captureLogger();
    logger
      .child({ requestId: "3f2504e0-4f89-41d3-9a0c-0305e82c3301" })
      .info({ method: "GET", route: "/_next/static/chunks/app-pages-internals.js", status: 200, durationMs: 12.5, orderId: "112-1234567-1234567" }, "request completed");
    const record = JSON.parse(lines[0] ?? "{}");
    expect(record).toMatchObject({
      level: "info",
      msg: "request completed",
      requestId: "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
      method: "GET",
      route: "/_next/static/chunks/app-pages-internals.js",
      status: 200,
      durationMs: 12.5,
      orderId: "112-1234567-1234567",
      service: "firefeed-portal",
    });
    expect(typeof record.time).toBe("string");
  });

  it("logs an error's type, message and stack in scrubbed form", () => {
    const { logger, lines } = captureLogger();
    logger.error(new RangeError(`limit for ${SECRETS.email}`));
    const record = JSON.parse(lines[0] ?? "{}");
    expect(record.err.type).toBe("RangeError");
    expect(record.err.message).toBe("limit for [REDACTED:email]");
    expect(record.err.stack).toContain("log.test.ts");
    expect(record.msg).toBe("limit for [REDACTED:email]");
  });
});

describe("scrubString", () => {
  it.each([
    ["mail jane@example.co.uk now", "mail [REDACTED:email] now"],
    ["Authorization: Bearer abc.def-123", "Authorization: Bearer [REDACTED]"],
    ["redis://:pw@cache:6379/0", "redis://[REDACTED]@cache:6379/0"],
    ["call 415-555-0100", "call [REDACTED:phone]"],
    ["call +4915112345678", "call [REDACTED:phone]"],
  ])("%s", (input, expected) => {
    expect(scrubString(input)).toBe(expected);
  });

  it.each([
    "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
    "/seller/orders/112-1234567-1234567",
    "2026-11-29T09:13:38.123Z",
    "GET /api/health 200 in 12 ms",
    "/_next/static/chunks/main-app-0123456789abcdef.js",
  ])("leaves %s readable", (input) => {
    expect(scrubString(input)).toBe(input);
  });
});

describe("serializeErrorForLog", () => {
  it("keeps only type, message, stack, code and cause, scrubbed", () => {
    const error = Object.assign(new Error(`no user ${SECRETS.email}`), { code: "E_USER", requestBody: { password: SECRETS.password } });
    const serialized = serializeErrorForLog(error);
    expect(Object.keys(serialized).sort()).toEqual(["code", "message", "stack", "type"]);
    expect(JSON.stringify(serialized)).not.toContain(SECRETS.email);
    expect(JSON.stringify(serialized)).not.toContain(SECRETS.password);
  });

  it("handles thrown non-errors", () => {
    expect(serializeErrorForLog(`oops ${SECRETS.email}`)).toEqual({ type: "string", message: "oops [REDACTED:email]" });
  });
});

describe("percent-encoded secrets and PII", () => {
  it("scrubs e-mail addresses and tokens hidden by URL encoding", () => {
    const encodedEmail = "/orders/" + encodeURIComponent("jane.buyer@example.com");
    expect(scrubString(encodedEmail)).not.toContain("jane.buyer");
    expect(scrubString(encodedEmail)).not.toContain("example.com");
    const encodedToken = "/cb?x=" + encodeURIComponent("Atzr|FAKE-encoded-refresh-token-not-real");
    expect(scrubString(encodedToken)).not.toContain("FAKE-encoded-refresh-token");
  });

  it("leaves harmless encoded text as it was and survives malformed escapes", () => {
    expect(scrubString("/docs/a%20b")).toBe("/docs/a%20b");
    expect(scrubString("/bad/%E0%A4%A")).toBe("/bad/%E0%A4%A");
  });
});

describe("verbatimForLog (values public by design: signed audit checkpoints)", () => {
  const checkpoint = {
    v: 1,
    rows: 12,
    lastId: "12",
    headMac: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    sig: "0e6f2d1c3b4a59687766554433221100ffeeddccbbaa99887766554433221100",
  };

  it("keeps a marked record exactly, while the same values unmarked are redacted", () => {
    const { logger, lines } = captureLogger();
    logger.info({ auditCheckpoint: verbatimForLog(checkpoint) }, "audit checkpoint");
    logger.info({ auditCheckpoint: checkpoint }, "unmarked");
    const [marked, unmarked] = lines.map((line) => JSON.parse(line) as { auditCheckpoint: Record<string, unknown> });
    expect(marked?.auditCheckpoint).toEqual(checkpoint);
    expect(unmarked?.auditCheckpoint.headMac).toBe("[REDACTED:hex]");
  });

  it("takes only flat records of strings and numbers", () => {
    expect(() => verbatimForLog({ nested: { secret: "x" } } as unknown as Record<string, string>)).toThrow(TypeError);
  });
});
