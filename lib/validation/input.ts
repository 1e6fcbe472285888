// One set of input primitives for every form and every server action
// (issue 9, finding 6; style.md: zod at every boundary). Each primitive says
// what a value IS (a single line of text, a person's name, a reason that is
// recorded, an id) and refuses what the portal cannot store or show safely,
// with a field error the user can act on:
//  - control characters (C0 except tab/newline/carriage return, DEL, C1): a
//    NUL byte cannot be stored in PostgreSQL text at all, and the others
//    corrupt e-mails, logs and CSV exports;
//  - lone UTF-16 surrogates: not valid Unicode; they would be silently
//    replaced on the way to the database;
//  - line breaks where one line is expected (names, titles, e-mail headers);
//  - bidirectional controls in names and titles: they make what is shown
//    differ from what is stored ("Trojan Source" names in lists and audit logs).
// lib/auth/define-action.ts applies unsafeCharacterIn() to every submitted
// field as a safety net, so even a field a schema forgot cannot reach the
// database with a NUL in it.
import { z } from "zod";

export const UNSAFE_CHARACTER_MESSAGE = "Remove the invisible control characters from this field.";
export const SINGLE_LINE_MESSAGE = "Use a single line.";
export const BIDI_CONTROL_MESSAGE = "Remove the invisible text-direction characters from this field.";

// Tab (09), newline (0A) and carriage return (0D) are ordinary in multi-line text.
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LINE_BREAK = /[\t\n\r\u2028\u2029]/;
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Why `value` cannot be accepted as text anywhere, or null when it can. */
export function unsafeCharacterIn(value: string): "control" | "surrogate" | null {
  if (CONTROL_CHARACTER.test(value)) return "control";
  if (LONE_SURROGATE.test(value)) return "surrogate";
  return null;
}

interface TextOptions {
  /** Shorter (after trimming) is refused; 0 or absent allows empty. */
  min?: number;
  max: number;
  /** Shown when the value is shorter than `min` (or missing). */
  minMessage?: string;
  maxMessage?: string;
}

function storable(schema: z.ZodString): z.ZodString {
  return schema.refine((value) => unsafeCharacterIn(value) === null, { error: UNSAFE_CHARACTER_MESSAGE });
}

function bounded(schema: z.ZodString, options: TextOptions): z.ZodString {
  let result = schema;
  if (options.min && options.min > 0) result = result.min(options.min, { error: options.minMessage ?? (options.min === 1 ? "Fill in this field." : `Use at least ${options.min} characters.`) });
  return result.max(options.max, { error: options.maxMessage ?? `Use at most ${options.max.toLocaleString("en-US")} characters.` });
}

/**
 * The ONE form in which an e-mail address is stored and compared, so
 * "Jane@Acme.com " and "jane@acme.com" are the same account. Only case,
 * Unicode form and surrounding space are normalized: dots and "+tags" are
 * kept, because whether they are significant is each mail provider's rule
 * (Gmail ignores dots, most corporate servers do not) and folding them would
 * merge two real people's accounts.
 */
export function normalizeEmail(email: string): string {
  return email.normalize("NFC").trim().toLowerCase();
}

const MAX_EMAIL_LENGTH = 254; // RFC 5321 path limit.

/** A submitted e-mail address: normalized, then validated. Every form and action schema uses it. */
export const emailAddress = z
  .string({ error: "Enter your e-mail address." })
  .max(MAX_EMAIL_LENGTH, { error: "This e-mail address is too long." })
  .refine((value) => unsafeCharacterIn(value) === null, { error: UNSAFE_CHARACTER_MESSAGE })
  .transform(normalizeEmail)
  .pipe(z.email({ error: "Enter a valid e-mail address, like name@company.com." }));

/** One line of text, trimmed (titles, labels, phone numbers, search terms). */
export function singleLineText(options: TextOptions): z.ZodString {
  return bounded(storable(z.string({ error: options.minMessage ?? "Fill in this field." }).trim()), options).refine(
    (value) => !LINE_BREAK.test(value),
    { error: SINGLE_LINE_MESSAGE },
  );
}

/** Free text over several lines, trimmed (notes, descriptions, markdown). */
export function multiLineText(options: TextOptions): z.ZodString {
  return bounded(storable(z.string({ error: options.minMessage ?? "Fill in this field." }).trim()), options);
}

/** A name people read in lists, e-mails and the audit log: one line, no text-direction tricks. */
export function displayedName(options: TextOptions): z.ZodString {
  return singleLineText(options).refine((value) => !BIDI_CONTROL.test(value), { error: BIDI_CONTROL_MESSAGE });
}

/** Why someone did something: recorded (audit trail, reveal log), so it must be real text of some length. */
export function reasonText(options: TextOptions & { min: number }): z.ZodString {
  return multiLineText(options);
}

/** A secret the user types (password, one-time code): never trimmed or altered, only bounded and storable. */
export function secretText(options: TextOptions): z.ZodString {
  return bounded(storable(z.string({ error: options.minMessage ?? "Fill in this field." })), options);
}

/** A row id from a form or a URL. Malformed ids never reach the database (a uuid column would throw). */
export function uuidField(message = "This record was not found."): z.ZodUUID {
  return z.uuid({ error: message });
}

const uuidSchema = z.uuid();

/**
 * Whether `value` can be a row id at all. Ids arrive from forms and route
 * params; a malformed one is "not found" (and never reaches the database,
 * where the uuid column would turn it into an exception).
 */
export function isUuid(value: unknown): value is string {
  return uuidSchema.safeParse(value).success;
}

/** An opaque token from a link (e-mail verification, reset, invitation): URL-safe characters only. */
export function linkToken(messages: { missing: string; invalid: string }): z.ZodString {
  return z
    .string({ error: messages.missing })
    .min(1, { error: messages.missing })
    .max(200, { error: messages.invalid })
    .regex(/^[A-Za-z0-9_-]+$/, { error: messages.invalid });
}

/** A same-site path to return to after a step (sign-in's `next`): checked again where it is used. */
export const returnPath = z.string().max(512).refine((value) => unsafeCharacterIn(value) === null && !LINE_BREAK.test(value), {
  error: UNSAFE_CHARACTER_MESSAGE,
});

/** An HTML checkbox: "on" when ticked, absent otherwise. */
export function ticked(message: string): z.ZodLiteral<"on"> {
  return z.literal("on", { error: message });
}
