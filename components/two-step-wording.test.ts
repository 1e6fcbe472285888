import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * One term for one thing: people read "two-step verification" everywhere in
 * the portal (sign-in, settings, the operator list, alerts, reviews), never
 * "MFA", "multi-factor", "two-factor" or "2FA" beside it. Code identifiers,
 * permission ids, audit actions and rule ids keep their `mfa` names: only the
 * text of the program is checked (JSX text, string and template literals), not
 * comments, imports or types, and `mfa` only counts as a word of its own, not
 * as a part of `mfaEnrolledAt`, `users:reset-mfa` or `auth.mfa_failed`.
 */
const OTHER_TERMS = /multi-?factor|two-?factor|\b2fa\b|(?<![\w:/-]|\w\.)mfa(?![\w:/-]|\.\w)/i;

/** Where person-facing text lives: screens, shared UI, and the domain modules whose messages, labels and alert titles reach a screen. */
const SOURCE_DIRS = ["app", "components", "lib"];
const SKIPPED_DIRS = new Set(["node_modules", "generated"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(full);
    const isSource = /\.tsx?$/.test(entry.name) && !/\.d\.ts$/.test(entry.name);
    const isTest = /\.test(-support)?\.tsx?$|\.test\.|test-support/.test(entry.name);
    return isSource && !isTest ? [full] : [];
  });
}

/** A lone lowercase token ("mfa", "mfa-failures") is a key, an id or a route segment: people read sentences and capitalized labels. */
const MACHINE_TOKEN = /^[a-z][\w:./-]*$/;

/** An Error's message is for logs and the developer: unexpected errors reach one boundary that shows only the request id (style.md §11). */
function isErrorMessage(node: ts.Node): boolean {
  const call = node.parent;
  if (ts.isNewExpression(call) && ts.isIdentifier(call.expression)) return /Error$/.test(call.expression.text);
  if (ts.isCallExpression(call) && call.expression.kind === ts.SyntaxKind.SuperKeyword) {
    let scope: ts.Node | undefined = call;
    while (scope && !ts.isClassLike(scope)) scope = scope.parent;
    return Boolean(scope?.heritageClauses?.some((clause) => clause.types.some((type) => /Error$/.test(type.expression.getText()))));
  }
  return false;
}

/** Every piece of text the program could show: JSX text, string and template literals outside imports, exports, types, keys and Error messages. */
function visibleTexts(fileName: string, source: string): Array<{ line: number; text: string }> {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, fileName.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const texts: Array<{ line: number; text: string }> = [];
  const add = (node: ts.Node, text: string) => {
    if (text.trim()) texts.push({ line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1, text: text.trim() });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isImportEqualsDeclaration(node)) return;
    if (ts.isLiteralTypeNode(node) || ts.isTypeAliasDeclaration(node) || ts.isInterfaceDeclaration(node)) return;
    // `import("x")` and `require("x")` name modules, not text.
    if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === "require"))) return;
    if (ts.isJsxText(node)) add(node, node.text);
    else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      // A quoted property name is a key, not text.
      const isPropertyName = (ts.isPropertyAssignment(node.parent) || ts.isPropertySignature(node.parent)) && node.parent.name === node;
      if (!isPropertyName && !MACHINE_TOKEN.test(node.text) && !isErrorMessage(node)) add(node, node.text);
    } else if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) add(node, node.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return texts;
}

describe("two-step verification wording", () => {
  it("recognizes the other terms as words, not the identifiers that contain them", () => {
    const found = (text: string) => OTHER_TERMS.test(text);
    for (const text of ["MFA", "Reset MFA", "Reset Ada's MFA?", "their password and MFA.", "(MFA not enrolled)", "MFA failures", "Multi-factor failures", "multi-factor events", "Two-factor authentication", "Turn on 2FA"]) {
      expect(found(text), text).toBe(true);
    }
    for (const text of ["Two-step verification", "mfaEnrolledAt", "users:reset-mfa", "auth.mfa_failed", "mfa-failures", "mfa:account", "/sign-in/mfa", "lastMfaAt", "mfaFailures"]) {
      expect(found(text), text).toBe(false);
    }
  });

  it("finds JSX text and literals but not comments, imports, types or property keys", () => {
    const source = [
      'import { resetMfa } from "./reset-mfa";',
      "// Reset MFA: the operator's lost phone",
      'type Kind = "MFA";',
      'const keys = { "MFA": 1 };',
      'const column = { key: "mfa", header: "Two-step verification" };',
      'class RaceError extends Error { constructor() { super("MFA challenge already used"); } }',
      'const failure = new TypeError("multi-factor state is broken");',
      "export function Page({ name }: { name: string }) {",
      "  /* multi-factor */",
      '  return <Card title="Two-factor authentication">Reset MFA {`for ${name}: 2FA`}<b>{resetMfa.mfaEnrolledAt}</b></Card>;',
      "}",
    ].join("\n");
    const offending = visibleTexts("page.tsx", source)
      .filter(({ text }) => OTHER_TERMS.test(text))
      .map(({ text }) => text);
    expect(offending).toEqual(["Two-factor authentication", "Reset MFA", ": 2FA"]);
  });

  it('app/, components/ and lib/ say "two-step verification" to people, never MFA, multi-factor, two-factor or 2FA', () => {
    const root = path.resolve(__dirname, "..");
    const offenders = SOURCE_DIRS.flatMap((dir) => sourceFiles(path.join(root, dir))).flatMap((file) =>
      visibleTexts(file, readFileSync(file, "utf8"))
        .filter(({ text }) => OTHER_TERMS.test(text))
        .map(({ line, text }) => `${path.relative(root, file)}:${line}: ${text}`),
    );
    expect(offenders).toEqual([]);
  });
});
