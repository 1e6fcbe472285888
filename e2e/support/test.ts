/**
 * The `test` every journey imports (instead of @playwright/test's): the same
 * test, plus two guards over every page of every browser context it opened:
 *  - it fails on ANY Content-Security-Policy violation (issue 9, finding 7);
 *  - it runs axe on every page the journey visits (after a full load or a
 *    client-side navigation, once the page has been still for a moment; each
 *    path once per test) and fails on any serious or critical violation
 *    (issue 11).
 * For the CSP guard, each
 * document reports `securitypolicyviolation` events through a binding, so
 * violations survive navigations and are collected in Node; contexts a test
 * creates itself (browser.newContext(), e.g. a "second device") are
 * instrumented too, because the worker's browser is wrapped.
 */
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";

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

export interface AccessibilityViolation {
  page: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** The WCAG 2.1 A and AA rules; "serious" and "critical" fail the test. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const FAILING_IMPACTS = new Set(["serious", "critical"]);
/** How long a page must stay on one URL before it is analysed (it has rendered; the journey is reading it). */
const SETTLE_MS = 400;
/** An analysis that has not answered by then (its page navigated or closed under it) is dropped, never awaited forever. */
const ANALYSIS_TIMEOUT_MS = 15_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const accessibility = {
  violations: [] as AccessibilityViolation[],
  analysedPaths: new Set<string>(),
  pending: new Set<Promise<void>>(),
};

async function analyse(page: Page, path: string): Promise<void> {
  try {
    const results = await withTimeout(new AxeBuilder({ page }).withTags(AXE_TAGS).analyze(), ANALYSIS_TIMEOUT_MS);
    if (!results) {
      accessibility.analysedPaths.delete(path);
      return;
    }
    if (page.isClosed() || new URL(page.url()).pathname !== path) return; // left mid-analysis: nothing reliable
    for (const violation of results.violations) {
      if (!violation.impact || !FAILING_IMPACTS.has(violation.impact)) continue;
      accessibility.violations.push({
        page: path,
        rule: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
      });
    }
  } catch {
    // The page navigated or closed while axe ran: it is analysed on its next visit.
    accessibility.analysedPaths.delete(path);
  }
}

function watchAccessibility(page: Page): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      if (page.isClosed()) return;
      const url = new URL(page.url());
      if (!url.protocol.startsWith("http")) return;
      // JSON, downloads and other non-pages have no document worth checking.
      const path = url.pathname;
      if (path.startsWith("/api/") || accessibility.analysedPaths.has(path)) return;
      accessibility.analysedPaths.add(path);
      const run = page
        .evaluate(() => document.contentType)
        .then((type) => (type === "text/html" ? analyse(page, path) : undefined))
        .catch(() => {
          accessibility.analysedPaths.delete(path);
        })
        .finally(() => accessibility.pending.delete(run));
      accessibility.pending.add(run);
    }, SETTLE_MS);
  };
  page.on("load", schedule);
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) schedule();
  });
  page.on("close", () => timer && clearTimeout(timer));
}

async function instrument(context: BrowserContext): Promise<void> {
  const violations: CspViolation[] = [];
  collected.set(context, violations);
  await context.exposeBinding(BINDING, (_source, violation: CspViolation) => {
    violations.push(violation);
  });
  await context.addInitScript({ content: REPORTER_SCRIPT });
  context.on("page", watchAccessibility);
}

function describeAccessibility(violations: AccessibilityViolation[]): string {
  return violations.map((v) => `- ${v.impact} ${v.rule} on ${v.page}: ${v.help} (${v.targets.join(", ")})`).join("\n");
}

function describeViolations(violations: CspViolation[]): string {
  return violations
    .map((v) => `- ${v.directive} on ${v.page}: blocked ${v.blockedUri || "(inline)"} from ${v.sourceFile || "(document)"}:${v.line} ${v.sample ? `"${v.sample}"` : ""}`)
    .join("\n");
}

export const test = base.extend<{ cspGuard: void; accessibilityGuard: void }, { browser: Browser }>({
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
  accessibilityGuard: [
    async ({}, use) => {
      accessibility.violations = [];
      accessibility.analysedPaths.clear();
      await use();
      // The analyses still running on pages the journey ended on.
      await withTimeout(Promise.allSettled([...accessibility.pending]), ANALYSIS_TIMEOUT_MS);
      const violations = accessibility.violations;
      accessibility.violations = [];
      expect(violations, `Serious or critical accessibility violations (axe):\n${describeAccessibility(violations)}`).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
export type { Browser, BrowserContext, Locator, Page, APIRequestContext, APIResponse } from "@playwright/test";
