// Plain module (no I/O): turns the settings forms' fields into the values
// lib/security-settings validates, and its validation issues into messages
// for the field they belong to. The bounds live only in the settings schemas;
// this file words them ("Must be at least 1") without repeating them.
import type { z } from "zod";
import { SECURITY_SETTING_SCHEMAS, type SecuritySettingKey } from "@/lib/security-settings/settings";
import { SWITCH_RULES, THRESHOLD_RULES } from "./settings-form-fields";

export type FormFields = Record<string, string | string[]>;

function text(fields: FormFields, name: string): string {
  const value = fields[name];
  return (Array.isArray(value) ? (value[0] ?? "") : (value ?? "")).trim();
}

function list(fields: FormFields, name: string): string[] {
  const value = fields[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** A whole number when the field holds one; otherwise the text itself, which the schema then refuses as "not a number". */
function wholeNumber(fields: FormFields, name: string): number | string {
  const value = text(fields, name);
  // Plain decimal notation only ("1e3" and "0x10" stay text and are refused);
  // a fraction becomes a number so the schema can say "whole number".
  const [whole = "", fraction, ...rest] = value.split(".");
  const plain = /^-?\d+$/.test(whole) && rest.length === 0 && (fraction === undefined || /^\d+$/.test(fraction));
  return plain ? Number(value) : value;
}

const checked = (fields: FormFields, name: string) => fields[name] !== undefined;

export function alertRulesFromForm(fields: FormFields): unknown {
  const value: Record<string, unknown> = {};
  for (const rule of THRESHOLD_RULES) {
    value[rule.key] = {
      enabled: checked(fields, `${rule.key}.enabled`),
      count: wholeNumber(fields, `${rule.key}.count`),
      windowMinutes: wholeNumber(fields, `${rule.key}.windowMinutes`),
    };
  }
  for (const rule of SWITCH_RULES) value[rule.key] = { enabled: checked(fields, `${rule.key}.enabled`) };
  return value;
}

export function workingHoursFromForm(fields: FormFields): unknown {
  return {
    timeZone: text(fields, "timeZone"),
    start: text(fields, "start"),
    end: text(fields, "end"),
    days: list(fields, "days").map((day) => wholeNumber({ day }, "day")),
  };
}

export function incidentContactFromForm(fields: FormFields): unknown {
  return { name: text(fields, "name"), email: text(fields, "email"), phone: text(fields, "phone") };
}

export function reviewCadenceFromForm(fields: FormFields): unknown {
  return {
    accessReviewDays: wholeNumber(fields, "accessReviewDays"),
    runbookReviewMonths: wholeNumber(fields, "runbookReviewMonths"),
    logReviewGraceDays: wholeNumber(fields, "logReviewGraceDays"),
  };
}

/** Plain-language messages for the schemas' generic issues; the schemas' own messages (e.g. "Use HH:MM") win. */
function friendlyMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      return issue.expected === "number" || issue.expected === "int" ? "Enter a whole number." : undefined;
    case "too_small":
      if (issue.origin === "array") return "Choose at least one.";
      if (issue.origin === "string") return "This field is required.";
      return `Must be at least ${String(issue.minimum)}.`;
    case "too_big":
      if (issue.origin === "string") return `Use at most ${String(issue.maximum)} characters.`;
      return `Must be at most ${String(issue.maximum)}.`;
    case "invalid_format":
      return issue.format === "email" ? "Enter an e-mail address such as security@example.com." : undefined;
    default:
      return undefined;
  }
}

/** Field errors keyed by the form field's name ("lockouts.count", "end"), or null when the value is valid. */
export function settingFieldErrors(key: SecuritySettingKey, candidate: unknown): Record<string, string[]> | null {
  const parsed = SECURITY_SETTING_SCHEMAS[key].safeParse(candidate, { error: friendlyMessage });
  if (parsed.success) return null;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    // An array item's error ("days.2") belongs to the whole group of checkboxes.
    const path = issue.path.filter((segment) => typeof segment !== "number").join(".") || "form";
    (fieldErrors[path] ??= []).push(issue.message);
  }
  return fieldErrors;
}
