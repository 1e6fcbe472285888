// Server-side only (it handles TOTP secrets). No "server-only" import: the
// seed script (tsx) enrolls demo users with it.
//
// TOTP (RFC 6238) for control A3. Parameters are the ones every authenticator
// app supports (SHA-1, 6 digits, 30 s): SHA-1 is fine inside HMAC, and
// "stronger" settings are silently ignored by several apps, which then show
// wrong codes. The secret is stored encrypted by the caller (lib/crypto); this
// module only ever sees it in memory.
import { timingSafeEqual } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { z } from "zod";

export const TOTP_ISSUER = "FireFeed";
export const TOTP_ALGORITHM = "SHA1";
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** Accepted drift in steps either side of "now" (±30 s): clock skew and typing time. */
export const TOTP_WINDOW_STEPS = 1;
const SECRET_BYTES = 20; // RFC 4226 §4: 160 bits, the HMAC-SHA-1 block-friendly size

const PERIOD_MS = TOTP_PERIOD_SECONDS * 1000;

/** Unpadded RFC 4648 base32 of at least 128 bits (26 characters). */
export const totpSecretSchema = z
  .string()
  .regex(/^[A-Z2-7]+$/, "base32 expected")
  .min(26)
  .max(128);

const totpCodeSchema = z.string().regex(/^\d{6}$/);
const MAX_CODE_INPUT_LENGTH = 64;

/** A new random secret (20 bytes from the CSPRNG), base32 as authenticator apps expect. */
export function generateTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

const otpauthUriInputSchema = z.object({
  secret: totpSecretSchema,
  // The label is "issuer:account"; a colon inside either part confuses several apps.
  accountName: z.string().trim().min(1).max(254).refine((value) => !value.includes(":"), "no colon"),
  issuer: z.string().trim().min(1).max(64).refine((value) => !value.includes(":"), "no colon").default(TOTP_ISSUER),
});

export type OtpauthUriInput = z.input<typeof otpauthUriInputSchema>;

function totpFor(secret: string, label = "", issuer = TOTP_ISSUER): TOTP {
  return new TOTP({
    issuer,
    label,
    algorithm: TOTP_ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

/** The `otpauth://totp/...` URI shown as a QR code (and as text) during enrollment. */
export function buildOtpauthUri(input: OtpauthUriInput): string {
  const { secret, accountName, issuer } = otpauthUriInputSchema.parse(input);
  return totpFor(secret, accountName, issuer).toString();
}

const otpauthUriSchema = z.string().startsWith("otpauth://totp/").max(2048);

/**
 * The QR code as an SVG string, rendered on our server: the secret never
 * reaches a third-party QR service or an <img> URL that could be logged.
 */
export async function renderTotpQrCodeSvg(uri: string): Promise<string> {
  const validUri = otpauthUriSchema.parse(uri);
  return QRCode.toString(validUri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

/** The 30-second step (RFC 6238 "T") that contains `timestampMs`. */
export function totpStepAt(timestampMs: number): number {
  return Math.floor(timestampMs / PERIOD_MS);
}

const verifyInputSchema = z.object({
  secret: totpSecretSchema,
  code: z.string(),
  /** The step of the last code this user had accepted (null when none yet). */
  lastUsedStep: z.number().int().nonnegative().nullable(),
  /** Injected clock, epoch milliseconds. */
  now: z.number().int().nonnegative(),
});

export type VerifyTotpInput = z.input<typeof verifyInputSchema>;

export type VerifyTotpResult =
  | { readonly ok: true; readonly step: number }
  | { readonly ok: false; readonly reason: "invalid" | "replayed" | "malformed" };

/**
 * Checks a code in a ±1 step window and refuses any code whose step is not
 * newer than `lastUsedStep` (replay protection, RFC 6238 §5.2: "MUST NOT
 * accept the second attempt of the same OTP"). On success the caller must
 * store the returned `step` as the user's new lastUsedStep in the same
 * transaction that accepts the sign-in, with a condition on the old value so
 * that two concurrent requests cannot both succeed.
 *
 * Throws only for a malformed secret or clock (a bug or corrupted row), never
 * for user input.
 */
export function verifyTotpCode(input: VerifyTotpInput): VerifyTotpResult {
  const { secret, code, lastUsedStep, now } = verifyInputSchema.parse(input);
  // Bound the work on user input before normalizing it.
  if (code.length > MAX_CODE_INPUT_LENGTH) return { ok: false, reason: "malformed" };
  const parsedCode = totpCodeSchema.safeParse(code.replace(/\s+/g, ""));
  if (!parsedCode.success) return { ok: false, reason: "malformed" };
  const submitted = Buffer.from(parsedCode.data, "utf8");

  const totp = totpFor(secret);
  const currentStep = totpStepAt(now);
  const matchingSteps: number[] = [];
  // Every step in the window is checked, without an early exit, so the time
  // taken does not tell which step matched.
  for (let step = currentStep - TOTP_WINDOW_STEPS; step <= currentStep + TOTP_WINDOW_STEPS; step += 1) {
    if (step < 0) continue;
    const expected = Buffer.from(totp.generate({ timestamp: step * PERIOD_MS }), "utf8");
    if (expected.length === submitted.length && timingSafeEqual(expected, submitted)) matchingSteps.push(step);
  }
  if (matchingSteps.length === 0) return { ok: false, reason: "invalid" };

  const freshSteps = matchingSteps.filter((step) => lastUsedStep === null || step > lastUsedStep);
  if (freshSteps.length === 0) return { ok: false, reason: "replayed" };
  // If one code happens to be valid for two steps, consume the later one.
  return { ok: true, step: Math.max(...freshSteps) };
}
