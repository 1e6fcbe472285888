/**
 * Every route x every role, over HTTP against the production build (controls A2, N6).
 *
 * The cases are GENERATED: the route list comes from the app/ folder
 * (listAppRoutes), the expected outcome from the route table and the role
 * matrix (routeRequirement/decideRouteAccess). A new page is therefore tested
 * for anonymous and for each role the moment it exists; if the table cannot
 * say what it needs, the test fails and says where to add it.
 *
 * Expected outcomes:
 *  - allow                      → 200 (or the sample's documented status: an unknown id is a 404)
 *  - anonymous, protected route → 307 to /sign-in?next=<path> (next only for /seller and /admin
 *                                  paths: lib/auth/safe-next.ts never carries anything else)
 *  - signed in, no permission   → 403 (middleware rewrites to /access-denied; pages call forbidden())
 *  - public                     → 200 for everyone, except the documented cases in EXCEPTIONS
 *  - a path outside the table   → 404 (deny by default)
 *
 * Each fixture user signs in ONCE (their TOTP code can be used only once per
 * 30-second step) and their browser context's cookies are reused for every request.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import { expect, test, type APIRequestContext, type APIResponse } from "./support/test";
import { isDynamicSegment, listAppRoutes } from "../lib/rbac/app-routes.test-support";
import { decideRouteAccess, routeRequirement } from "../lib/rbac/route-policy";
import { hasPermission, type Role } from "../lib/rbac/roles";
import { safeNextPath } from "../lib/auth/safe-next";
import { readFixtures, type FixtureRole, type Fixtures } from "./support/fixtures";
import { signIn } from "./support/sign-in";

type Caller = "anonymous" | FixtureRole;
const CALLERS: readonly Caller[] = [
  "anonymous",
  "sellerOwner",
  "sellerMember",
  "otherSellerOwner",
  "operatorSupport",
  "securityAnalyst",
  "operatorAdmin",
];

const ROUTES = listAppRoutes(path.join(process.cwd(), "app"));

// ---------------------------------------------------------------------------
// Sample values for dynamic segments. Every dynamic route needs an entry here
// (a meaningful id proves "allow → 200"); a random UUID is always added by the
// test and must answer 404 to anyone who may open the route.
interface Sample {
  label: string;
  /** Values for the route's dynamic segments, by segment name (without brackets/dots). */
  values: Record<string, string>;
  /** The status for a caller the route table allows in. */
  allowedStatus: number;
  /** A different status for some callers the table allows in (another tenant's record is "not found"). */
  statusFor?: (caller: Caller, fixtures: Fixtures) => number | undefined;
  /** Text the allowed response must contain (proves it shows the right record). */
  mustContain?: (fixtures: Fixtures) => string;
}

interface DynamicSamples {
  samples: (fixtures: Fixtures) => Sample[];
  /** Status of an unknown (random uuid) value for a caller allowed in; 404 unless documented otherwise. */
  unknownValue?: { status: number; reason: string };
}

const DYNAMIC_SAMPLES: Readonly<Record<string, DynamicSamples>> = {
  "/admin/operators/[userId]": {
    samples: ({ users }) => [
    {
      label: "an operator's id",
      values: { userId: users.operatorSupport.id },
      allowedStatus: 200,
      mustContain: (f) => f.users.operatorSupport.email,
    },
    // The operator pages only ever show operators: a seller's id is "not found", like a random one.
    { label: "a seller user's id (not an operator)", values: { userId: users.sellerOwner.id }, allowedStatus: 404 },
    { label: "the other tenant's owner's id", values: { userId: users.otherSellerOwner.id }, allowedStatus: 404 },
    { label: "a malformed id", values: { userId: "not-a-uuid" }, allowedStatus: 404 },
    ],
  },
  // A seller's order page: the organization's own order opens; another organization's is "not found", like a random id.
  "/seller/orders/[orderId]": {
    samples: ({ samples }) => [
      {
        label: "Acme's order",
        values: { orderId: samples.acmeOrder.id },
        allowedStatus: 200,
        statusFor: (caller, fixtures) =>
          caller !== "anonymous" && fixtures.users[caller].organizationId !== fixtures.organizations.acme ? 404 : undefined,
        mustContain: (f) => f.samples.acmeOrder.amazonOrderId,
      },
      { label: "a malformed id", values: { orderId: "not-a-uuid" }, allowedStatus: 404 },
    ],
  },
  // The operator's seller page (e2e/support/seller-page-fixtures.ts); any organization opens, none of its people or buyers show.
  "/admin/sellers/[organizationId]": {
    samples: ({ samples, organizations }) => [
      { label: "the sample seller", values: { organizationId: samples.sellerOrganizationId }, allowedStatus: 200, mustContain: () => "Cedar Ridge Supply Ltd" },
      { label: "a fixture seller", values: { organizationId: organizations.borealis }, allowedStatus: 200, mustContain: () => "Borealis Goods GmbH" },
      { label: "a malformed id", values: { organizationId: "not-a-uuid" }, allowedStatus: 404 },
    ],
  },
  // Security console detail pages (records seeded by e2e/support/seed-fixtures.ts).
  "/admin/security/alerts/[alertId]": {
    samples: ({ samples }) => [
      { label: "an alert", values: { alertId: samples.alertId }, allowedStatus: 200, mustContain: () => "Fixture alert: a setting changed" },
      { label: "a malformed id", values: { alertId: "not-a-uuid" }, allowedStatus: 404 },
    ],
  },
  "/admin/security/incidents/[incidentId]": {
    samples: ({ samples }) => [
      { label: "an incident", values: { incidentId: samples.incidentId }, allowedStatus: 200, mustContain: () => "Fixture incident" },
      { label: "a malformed id", values: { incidentId: "not-a-uuid" }, allowedStatus: 404 },
    ],
  },
  "/admin/security/access-reviews/[campaignId]": {
    samples: ({ samples }) => [
      { label: "a campaign", values: { campaignId: samples.campaignId }, allowedStatus: 200, mustContain: () => "Progress" },
      { label: "a malformed id", values: { campaignId: "not-a-uuid" }, allowedStatus: 404 },
    ],
  },
  "/admin/security/access-reviews/[campaignId]/report": {
    samples: ({ samples }) => [
      {
        label: "a campaign's report",
        values: { campaignId: samples.campaignId },
        allowedStatus: 200,
        mustContain: () => "FireFeed access review report",
      },
    ],
  },
  "/admin/security/log-reviews/[reviewId]": {
    samples: ({ samples }) => [
      { label: "a log review", values: { reviewId: samples.logReviewId }, allowedStatus: 200, mustContain: () => "Security-relevant events" },
      { label: "a malformed id", values: { reviewId: "not-a-uuid" }, allowedStatus: 404 },
    ],
  },
  // next-auth's own endpoints (public, they do their own checks).
  "/api/auth/[...nextauth]": {
    samples: () => [
      { label: "session", values: { nextauth: "session" }, allowedStatus: 200 },
      { label: "csrf", values: { nextauth: "csrf" }, allowedStatus: 200 },
      { label: "providers", values: { nextauth: "providers" }, allowedStatus: 200 },
    ],
    unknownValue: { status: 400, reason: "next-auth answers an unknown action with 400 Bad Request" },
  },
};

// ---------------------------------------------------------------------------
// Documented exceptions to "the table's decision → the status above". Each
// one says why; nothing is skipped silently.
interface ExpectedResponse {
  /** The status, or the statuses that are all acceptable (only for documented exceptions). */
  status: number | readonly number[];
  /** Where a redirect must point (pathname, plus `next` when given). */
  location?: { pathname: string; next?: string | null };
}

interface Exception {
  path: string;
  callers: (caller: Caller, fixtures: Fixtures) => boolean;
  expected: (caller: Caller, fixtures: Fixtures) => ExpectedResponse;
  reason: string;
}

const signedIn = (caller: Caller) => caller !== "anonymous";
/** Where each role starts after sign-in (issue 11): the analyst on the security dashboard, other operators on the console overview. */
const landingOf = (caller: Caller, fixtures: Fixtures) => {
  if (caller === "anonymous" || fixtures.users[caller].kind === "SELLER") return "/seller";
  return fixtures.users[caller].role === "OPERATOR_SECURITY_ANALYST" ? "/admin/security" : "/admin";
};

const EXCEPTIONS: readonly Exception[] = [
  {
    path: "/sign-in",
    callers: signedIn,
    expected: (caller, fixtures) => ({ status: 307, location: { pathname: landingOf(caller, fixtures) } }),
    reason: "someone already signed in is sent to where their role starts (the analyst: the security dashboard) instead of seeing the sign-in form again",
  },
  {
    path: "/recovery-code-used",
    callers: signedIn,
    expected: (caller, fixtures) => ({ status: 307, location: { pathname: landingOf(caller, fixtures) } }),
    reason:
      "the page after a recovery-code sign-in: a session opened with the authenticator app (as the fixtures sign in) goes straight on to where the role starts (e2e/recovery-codes.spec.ts shows the page itself)",
  },
  {
    path: "/security.txt",
    callers: () => true,
    expected: () => ({ status: 308, location: { pathname: "/.well-known/security.txt" } }),
    reason: "RFC 9116 §3: the legacy location redirects to /.well-known/security.txt",
  },
  {
    path: "/api/health",
    callers: () => true,
    expected: () => ({ status: [200, 503] }),
    reason:
      "public readiness probe: 503 means 'database or migrations not ready' (e.g. a migration added to the work tree after the server started), never a refusal",
  },
  {
    path: "/api/amazon/callback",
    callers: (caller, fixtures) =>
      caller !== "anonymous" && hasPermission(fixtures.users[caller].role as Role, "amazon:connect"),
    expected: () => ({ status: 303, location: { pathname: "/seller/amazon" } }),
    reason:
      "Amazon's OAuth redirect target: an allowed caller without a valid state is sent to the connection page with a plain error (?error=state) and nothing changes",
  },
  {
    path: "/api/admin/access-reviews/export",
    callers: (caller, fixtures) =>
      caller !== "anonymous" && hasPermission(fixtures.users[caller].role as Role, "access-reviews:manage"),
    expected: () => ({ status: 400 }),
    reason:
      "the evidence export needs ?campaignId=<uuid>: an allowed caller without one gets 400 Bad Request (the export with a campaign is exercised in e2e/access-reviews.spec.ts)",
  },
  {
    path: "/access-denied",
    callers: () => true,
    expected: () => ({ status: 403 }),
    reason: "the friendly refusal page itself: it always answers 403 (middleware rewrites refused requests to it)",
  },
];

// ---------------------------------------------------------------------------
interface Case {
  route: string;
  path: string;
  label: string;
  allowedStatus: number;
  statusFor?: Sample["statusFor"];
  mustContain?: (fixtures: Fixtures) => string;
}

function fill(route: string, values: Record<string, string>): string {
  return route
    .split("/")
    .map((segment) => {
      if (!isDynamicSegment(segment)) return segment;
      const name = segment.replace(/^\[{1,2}(\.\.\.)?/, "").replace(/\]{1,2}$/, "");
      const value = values[name];
      if (value === undefined) throw new Error(`${route}: no sample value for [${name}] in DYNAMIC_SAMPLES (e2e/rbac-matrix.spec.ts)`);
      return encodeURIComponent(value);
    })
    .join("/");
}

/** The concrete paths to request for every app route; problems (routes the test cannot judge) separately. */
function buildCases(fixtures: Fixtures): { cases: Case[]; problems: string[] } {
  const cases: Case[] = [];
  const problems: string[] = [];
  for (const route of ROUTES) {
    if (routeRequirement(route).kind === "deny") {
      problems.push(`${route}: not in the route table — add an entry to ROUTE_POLICY in lib/rbac/route-policy.ts`);
      continue;
    }
    const dynamicNames = route.split("/").filter(isDynamicSegment);
    if (dynamicNames.length === 0) {
      cases.push({ route, path: route, label: "static", allowedStatus: 200 });
      continue;
    }
    const dynamicSamples = DYNAMIC_SAMPLES[route];
    if (!dynamicSamples) {
      problems.push(`${route}: dynamic route without sample values — add it to DYNAMIC_SAMPLES in e2e/rbac-matrix.spec.ts`);
      continue;
    }
    const randomValues = Object.fromEntries(
      dynamicNames.map((segment) => [segment.replace(/^\[{1,2}(\.\.\.)?/, "").replace(/\]{1,2}$/, ""), randomUUID()]),
    );
    const unknown: Sample = {
      label: dynamicSamples.unknownValue ? `a random uuid; ${dynamicSamples.unknownValue.reason}` : "a random uuid",
      values: randomValues,
      allowedStatus: dynamicSamples.unknownValue?.status ?? 404,
    };
    for (const sample of [...dynamicSamples.samples(fixtures), unknown]) {
      const concrete = fill(route, sample.values);
      if (routeRequirement(concrete).kind === "deny") {
        problems.push(`${concrete} (${route}, ${sample.label}): the route table denies it — add an entry to ROUTE_POLICY`);
        continue;
      }
      cases.push({
        route,
        path: concrete,
        label: sample.label,
        allowedStatus: sample.allowedStatus,
        statusFor: sample.statusFor,
        mustContain: sample.mustContain,
      });
    }
  }
  // Deny by default: a path the table does not know is a 404 for everyone.
  cases.push({ route: "(outside the table)", path: `/no-such-area-${randomUUID().slice(0, 8)}`, label: "unknown path", allowedStatus: 404 });
  return { cases, problems };
}

function roleOf(caller: Caller, fixtures: Fixtures): Role | null {
  return caller === "anonymous" ? null : (fixtures.users[caller].role as Role);
}

function expectedFor(testCase: Case, caller: Caller, fixtures: Fixtures): { expected: ExpectedResponse; why: string } {
  const exception = EXCEPTIONS.find((candidate) => candidate.path === testCase.path && candidate.callers(caller, fixtures));
  if (exception) return { expected: exception.expected(caller, fixtures), why: `exception: ${exception.reason}` };
  if (routeRequirement(testCase.path).kind === "deny") return { expected: { status: 404 }, why: "not in the route table" };
  const role = roleOf(caller, fixtures);
  const decision = decideRouteAccess(testCase.path, role ? { role } : null);
  switch (decision) {
    case "allow":
      return { expected: { status: testCase.statusFor?.(caller, fixtures) ?? testCase.allowedStatus }, why: `allowed (${testCase.label})` };
    case "sign-in": {
      const next = safeNextPath(testCase.path);
      return {
        expected: { status: 307, location: { pathname: "/sign-in", next: next && next !== "/" ? next : null } },
        why: "anonymous on a protected route",
      };
    }
    case "forbidden":
      return { expected: { status: 403 }, why: `${role ?? "anonymous"} lacks ${JSON.stringify(routeRequirement(testCase.path))}` };
  }
}

/** Identifiers of the other organization's people, which a seller's pages must never show. */
function foreignTenantMarkers(caller: Caller, fixtures: Fixtures): string[] {
  if (caller === "anonymous" || fixtures.users[caller].kind !== "SELLER") return [];
  const ownOrganization = fixtures.users[caller].organizationId;
  return Object.values(fixtures.users)
    .filter((user) => user.kind === "SELLER" && user.organizationId !== ownOrganization)
    .flatMap((user) => [user.email, user.displayName, user.id, user.organizationId ?? ""])
    .filter((marker) => marker.length > 0);
}

async function check(request: APIRequestContext, caller: Caller, fixtures: Fixtures, testCase: Case): Promise<string | null> {
  const { expected, why } = expectedFor(testCase, caller, fixtures);
  const response: APIResponse = await request.get(testCase.path, { maxRedirects: 0 });
  const where = `${caller} GET ${testCase.path} [${testCase.route}, ${testCase.label}]`;
  const acceptable: readonly number[] = typeof expected.status === "number" ? [expected.status] : expected.status;
  if (!acceptable.includes(response.status())) {
    return `${where}: expected ${acceptable.join(" or ")} (${why}), got ${response.status()} ${response.headers().location ?? ""}`.trim();
  }
  if (expected.location) {
    const location = response.headers().location;
    if (!location) return `${where}: redirect without a Location header`;
    const target = new URL(location, "http://placeholder.invalid");
    if (target.pathname !== expected.location.pathname) return `${where}: redirects to ${location}, expected ${expected.location.pathname}`;
    if (expected.location.next !== undefined && target.searchParams.get("next") !== expected.location.next) {
      return `${where}: redirects with next=${target.searchParams.get("next")}, expected next=${expected.location.next}`;
    }
  }
  if (response.status() === 200) {
    const body = await response.text();
    if (testCase.mustContain && !body.includes(testCase.mustContain(fixtures))) return `${where}: the page does not show the requested record`;
    if (testCase.path.startsWith("/seller")) {
      const leaked = foreignTenantMarkers(caller, fixtures).filter((marker) => body.includes(marker));
      if (leaked.length > 0) return `${where}: shows ${leaked.length} identifier(s) of another organization (tenant scoping)`;
    }
  }
  return null;
}

/**
 * Navigation by permission (issue 11): every page linked from the area's home
 * (its navigation included) is fetched, and every link on those pages is
 * requested. A link that answers 403 is a dead end shown to someone who may
 * not use it. The pages are read as the server renders them (links are
 * server-rendered), so nothing here depends on client timing.
 */
async function deadLinks(request: APIRequestContext, home: string): Promise<string[]> {
  const linksOn = async (pagePath: string): Promise<string[]> => {
    const html = await (await request.get(pagePath)).text();
    return [...html.matchAll(/<a\b[^>]*?\shref="(\/[^"]*)"/g)].map((match) => (match[1] ?? "").replaceAll("&amp;", "&"));
  };
  const pages = [...new Set([home, ...(await linksOn(home))])].filter((href) => !href.startsWith("/api/"));
  const links = new Map<string, string>();
  for (const pagePath of pages) {
    for (const href of await linksOn(pagePath)) if (!links.has(href)) links.set(href, pagePath);
  }
  const dead: string[] = [];
  for (const [href, shownOn] of links) {
    const response = await request.get(href, { maxRedirects: 0 });
    if (response.status() === 403) dead.push(`${href} (shown on ${shownOn}) answers 403`);
  }
  expect(links.size, `links found from ${home}`).toBeGreaterThan(2);
  return dead;
}

test.describe("route x role matrix", () => {
  test("every app route is judged by the route table", () => {
    const fixtures = readFixtures();
    const { cases, problems } = buildCases(fixtures);
    expect(problems, "routes whose expected outcome cannot be computed").toEqual([]);
    expect(ROUTES.length).toBeGreaterThan(20);
    expect(cases.length).toBeGreaterThan(ROUTES.length);
  });

  for (const caller of CALLERS) {
    test(`every route as ${caller}`, async ({ browser, page, baseURL }) => {
      test.setTimeout(180_000);
      const fixtures = readFixtures();
      const { cases, problems } = buildCases(fixtures);
      expect(problems).toEqual([]);

      let request: APIRequestContext;
      let anonymousContext: Awaited<ReturnType<typeof browser.newContext>> | undefined;
      if (caller === "anonymous") {
        anonymousContext = await browser.newContext({ baseURL });
        request = anonymousContext.request;
      } else {
        await signIn(page, fixtures.users[caller]);
        request = page.request;
      }
      try {
        const failures: string[] = [];
        for (const testCase of cases) {
          const failure = await check(request, caller, fixtures, testCase);
          if (failure) failures.push(failure);
        }
        expect(failures, `${failures.length} of ${cases.length} requests did not match the matrix`).toEqual([]);
        if (caller !== "anonymous") expect(await deadLinks(request, fixtures.users[caller].kind === "SELLER" ? "/seller" : "/admin")).toEqual([]);
      } finally {
        await anonymousContext?.close();
      }
    });
  }
});
