import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  emailAddress,
  normalizeEmail,
  BIDI_CONTROL_MESSAGE,
  SINGLE_LINE_MESSAGE,
  UNSAFE_CHARACTER_MESSAGE,
  displayedName,
  linkToken,
  multiLineText,
  reasonText,
  returnPath,
  secretText,
  singleLineText,
  unsafeCharacterIn,
  uuidField,
} from "./input";

const messagesOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? [] : (result.error?.issues.map((issue) => issue.message) ?? []);

describe("unsafeCharacterIn", () => {
  it.each([
    ["NUL", "a\u0000b"],
    ["backspace", "a\u0008b"],
    ["vertical tab", "a\u000bb"],
    ["escape", "a\u001b[31m"],
    ["DEL", "a\u007fb"],
    ["C1 next line", "a\u0085b"],
  ])("refuses %s", (_label, value) => expect(unsafeCharacterIn(value)).toBe("control"));

  it("refuses lone surrogates but accepts pairs", () => {
    expect(unsafeCharacterIn("x\uD800")).toBe("surrogate");
    expect(unsafeCharacterIn("\uDC00x")).toBe("surrogate");
    expect(unsafeCharacterIn("fire 🔥")).toBeNull();
  });

  it("accepts ordinary text, tabs and line breaks, accents and other scripts", () => {
    for (const value of ["Müller & Söhne GmbH", "line one\nline two\r\n\tindented", "株式会社", "שלום", "O'Brien-Smith"]) {
      expect(unsafeCharacterIn(value)).toBeNull();
    }
  });
});

describe("singleLineText", () => {
  const schema = singleLineText({ min: 2, max: 10, minMessage: "Too short." });

  it("trims, then applies its bounds with the given messages", () => {
    expect(schema.parse("  ok  ")).toBe("ok");
    expect(messagesOf(schema.safeParse(" a "))).toEqual(["Too short."]);
    expect(messagesOf(schema.safeParse("x".repeat(11)))).toEqual(["Use at most 10 characters."]);
  });

  it("refuses control characters and line breaks with a message the user can act on", () => {
    expect(messagesOf(schema.safeParse("ab\u0000cd"))).toEqual([UNSAFE_CHARACTER_MESSAGE]);
    expect(messagesOf(schema.safeParse("ab\ncd"))).toEqual([SINGLE_LINE_MESSAGE]);
    expect(messagesOf(schema.safeParse("ab\tcd"))).toEqual([SINGLE_LINE_MESSAGE]);
    expect(messagesOf(schema.safeParse("ab\u2028cd"))).toEqual([SINGLE_LINE_MESSAGE]);
  });

  it("gives the min message when the field is missing", () => {
    expect(messagesOf(schema.safeParse(undefined))).toEqual(["Too short."]);
  });
});

describe("multiLineText and reasonText", () => {
  it("keep line breaks but refuse NUL", () => {
    const notes = multiLineText({ min: 1, max: 100 });
    expect(notes.parse(" first\nsecond ")).toBe("first\nsecond");
    expect(messagesOf(notes.safeParse("first\u0000second"))).toEqual([UNSAFE_CHARACTER_MESSAGE]);
    const reason = reasonText({ min: 10, max: 500, minMessage: "Give a reason." });
    expect(messagesOf(reason.safeParse("   short  "))).toEqual(["Give a reason."]);
    expect(messagesOf(reason.safeParse("customer asked\u0000 for it"))).toEqual([UNSAFE_CHARACTER_MESSAGE]);
  });
});

describe("displayedName", () => {
  it("refuses text-direction controls that make a name look like another", () => {
    const name = displayedName({ min: 1, max: 120 });
    expect(name.parse("Ada Lovelace")).toBe("Ada Lovelace");
    expect(messagesOf(name.safeParse("Acme\u202eCorp"))).toEqual([BIDI_CONTROL_MESSAGE]);
    expect(messagesOf(name.safeParse("Acme\u2066Corp"))).toEqual([BIDI_CONTROL_MESSAGE]);
    expect(messagesOf(name.safeParse("Ada\u0000"))).toEqual([UNSAFE_CHARACTER_MESSAGE]);
  });
});

describe("secretText", () => {
  it("keeps a password exactly as typed (no trimming) but refuses NUL", () => {
    const password = secretText({ min: 1, max: 1024 });
    expect(password.parse("  spaced out  ")).toBe("  spaced out  ");
    expect(messagesOf(password.safeParse("pass\u0000word"))).toEqual([UNSAFE_CHARACTER_MESSAGE]);
  });
});

describe("ids, tokens and paths", () => {
  it("uuidField accepts a uuid only, with the caller's message", () => {
    const id = uuidField("Not found.");
    expect(id.parse("5f1c2a9e-8d4b-4c3e-9a1f-2b3c4d5e6f72")).toBe("5f1c2a9e-8d4b-4c3e-9a1f-2b3c4d5e6f72");
    expect(messagesOf(id.safeParse("5f1c2a9e\u0000"))).toEqual(["Not found."]);
  });

  it("linkToken accepts base64url only", () => {
    const token = linkToken({ missing: "Incomplete.", invalid: "Invalid." });
    expect(token.parse("abcDEF123_-")).toBe("abcDEF123_-");
    expect(messagesOf(token.safeParse(""))).toContain("Incomplete.");
    expect(messagesOf(token.safeParse("abc\u0000"))).toEqual(["Invalid."]);
    expect(messagesOf(token.safeParse("x".repeat(201)))).toContain("Invalid.");
  });

  it("returnPath refuses control characters and line breaks (header injection)", () => {
    expect(returnPath.parse("/seller/orders?page=2")).toBe("/seller/orders?page=2");
    expect(returnPath.safeParse("/x\r\nSet-Cookie: a=b").success).toBe(false);
    expect(returnPath.safeParse("/x\u0000").success).toBe(false);
  });
});

describe("normalizeEmail", () => {
  it("trims and lower-cases, keeping dots and +tags (they may be significant to the provider)", () => {
    expect(normalizeEmail("  Jane.Doe+Portal@Acme-Corp.COM \n")).toBe("jane.doe+portal@acme-corp.com");
  });

  it("unifies Unicode forms", () => {
    expect(normalizeEmail("Re\u0301my@example.com")).toBe(normalizeEmail("R\u00e9my@example.com"));
  });
});

describe("emailAddress", () => {
  it("returns the normalized address", () => {
    expect(emailAddress.parse(" Ops.Lead@FireFeed.example ")).toBe("ops.lead@firefeed.example");
  });

  it.each(["", "not-an-email", "a@", "@example.com", "a b@example.com", `${"a".repeat(250)}@example.com`])("refuses %j", (value) => {
    expect(emailAddress.safeParse(value).success).toBe(false);
  });
});

describe("one home for the input primitives", () => {
  // Every schema takes ids and e-mail addresses from this module, so the
  // control-character rule and the normalization cannot be forgotten in one
  // action. lib/email/send-email.ts checks outgoing headers, not input.
  const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  const sourceFiles = (directory: string): string[] =>
    readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
      return /\.tsx?$/.test(entry.name) && !/\.test(-support)?\.tsx?$/.test(entry.name) ? [full] : [];
    });
  const ALLOWED = new Set(["lib/validation/input.ts", "lib/email/send-email.ts"]);

  it("no other module writes its own uuid or e-mail rule", () => {
    const inline = ["app", "lib", "components"]
      .flatMap((folder) => sourceFiles(path.join(ROOT, folder)))
      .filter((file) => !ALLOWED.has(path.relative(ROOT, file)))
      .filter((file) => /\bz\.(?:uuid|email)\(|\.(?:uuid|email)\(\s*["'{)]/.test(readFileSync(file, "utf8")))
      .map((file) => path.relative(ROOT, file));
    expect(inline, "use uuidField()/isUuid or emailAddress from lib/validation/input.ts").toEqual([]);
  });
});
