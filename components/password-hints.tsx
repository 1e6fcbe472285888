"use client";
// Live hints while typing. They only mirror the rules the server enforces
// (lib/auth/password/policy.ts): the server's answer is the one that counts,
// and the strength/breached-list checks run there only.
import { cx } from "./class-names";

const MIN_LENGTH = 12;
const MAX_LENGTH = 128;
const MIN_PERSONAL_PART = 4;

function personalParts(inputs: readonly string[]): string[] {
  const parts = new Set<string>();
  for (const input of inputs) {
    const text = input.trim().toLowerCase();
    if (!text) continue;
    const local = text.includes("@") ? text.slice(0, text.lastIndexOf("@")) : text;
    for (const part of local.split(/[^\p{L}\p{N}]+/u)) if (part.length >= MIN_PERSONAL_PART) parts.add(part);
  }
  return [...parts];
}

export function PasswordHints({ id, password, personalInputs = [] }: { id: string; password: string; personalInputs?: readonly string[] }) {
  const length = [...password].length;
  const lower = password.toLowerCase();
  const rules = [
    { met: length >= MIN_LENGTH && length <= MAX_LENGTH, text: `${MIN_LENGTH} to ${MAX_LENGTH} characters (now ${length})` },
    {
      met: password.length > 0 && !personalParts(personalInputs).some((part) => lower.includes(part)),
      text: "No part of your e-mail address, name or organization",
    },
    { met: null, text: "Not a common or breached password, and hard to guess: a passphrase of four or more unrelated words works well" },
    { met: null, text: "Not one of your last 10 passwords" },
  ];
  return (
    <ul id={id} className="space-y-1 text-sm" aria-live="polite">
      {rules.map((rule) => (
        <li key={rule.text} className={cx(rule.met === true ? "text-emerald-800" : "text-slate-600")}>
          <span aria-hidden="true">{rule.met === true ? "✓ " : "• "}</span>
          {rule.text}
          {rule.met === true ? <span className="sr-only"> (met)</span> : null}
        </li>
      ))}
    </ul>
  );
}
