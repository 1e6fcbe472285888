/**
 * The `test` every journey imports (instead of @playwright/test's): the same
 * test, plus a guard that fails it on ANY Content-Security-Policy violation in
 * any page of any browser context it opened (issue 9, finding 7). Each
 * document reports `securitypolicyviolation` events through a binding, so
 * violations survive navigations and are collected in Node; contexts a test
 * creates itself (browser.newContext(), e.g. a "second device") are
 * instrumented too, because the worker's browser is wrapped.
 */
import { test as base, expect, type Browser, type BrowserContext } from "@playwright/test";

export interface CspViolation {
  directive: string;
  blockedUri: string;
  sourceFile: string;
  line: number;
  sample: string;
  page: string;
}

const BINDING = "__firefeedReportCspViolation";

/** Runs in every document before its own scripts. */
const REPORTER_SCRIPT = `(() => {
  document.addEventListener("securitypolicyviolation", (event) => {
    const report = window[${JSON.stringify(BINDING)}];
    if (typeof report !== "function") return;
    report({
      directive: event.effectiveDirective || event.violatedDirective,
      blockedUri: event.blockedURI,
      sourceFile: event.sourceFile,
      line: event.lineNumber,
      sample: event.sample,
      page: location.pathname,
    });
  });
})();`;

/** Violations per context, for the test that is running in this worker. */
const collected = new Map<BrowserContext, CspViolation[]>();

async function instrument(context: BrowserContext): Promise<void> {
  const violations: CspViolation[] = [];
  collected.set(context, violations);
  await context.exposeBinding(BINDING, (_source, violation: CspViolation) => {
    violations.push(violation);
  });
  await context.addInitScript({ content: REPORTER_SCRIPT });
}

function describeViolations(violations: CspViolation[]): string {
  return violations
    .map((v) => `- ${v.directive} on ${v.page}: blocked ${v.blockedUri || "(inline)"} from ${v.sourceFile || "(document)"}:${v.line} ${v.sample ? `"${v.sample}"` : ""}`)
    .join("\n");
}

export const test = base.extend<{ cspGuard: void }, { browser: Browser }>({
  // Wrap the worker's browser once: every context it makes, the default one included, is instrumented.
  browser: [
    async ({ browser }, use) => {
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args: Parameters<Browser["newContext"]>) => {
        const context = await newContext(...args);
        await instrument(context);
        return context;
      };
      await use(browser);
    },
    { scope: "worker" },
  ],
  cspGuard: [
    async ({}, use) => {
      collected.clear();
      await use();
      const violations = [...collected.values()].flat();
      collected.clear();
      expect(violations, `Content-Security-Policy violations:\n${describeViolations(violations)}`).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
export type { Browser, BrowserContext, Locator, Page, APIRequestContext, APIResponse } from "@playwright/test";
