/**
 * Known accounts for the browser tests, one per role, created in the e2e
 * portal's fresh database before the server starts (see start-e2e-server.ts).
 * Passwords and TOTP secrets are random for each run and kept in a git-ignored
 * JSON file under .data/e2e: nothing here is a credential of any real system.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as OTPAuth from "otpauth";
import { e2eServers } from "./e2e-paths";

export type FixtureRole =
  | "sellerOwner"
  | "sellerMember"
  | "otherSellerOwner"
  | "operatorSupport"
  | "securityAnalyst"
  | "operatorAdmin"
  // Security console journeys (issue 5): the target of a failed sign-in burst,
  // and an operator whose access is revoked in an access review.
  | "alertTarget"
  | "reviewSubject"
  // A second analyst for the issue 11 journeys (landing, overview, step-up), so the suite's
  // many analyst sign-ins stay under the per-account two-step limit (10 per 15 minutes).
  | "journeyAnalyst";

export interface FixtureUser {
  id: string;
  email: string;
  displayName: string;
  password: string;
  totpSecret: string;
  role: string;
  kind: "SELLER" | "OPERATOR";
  organizationId: string | null;
}

export interface Fixtures {
  users: Record<FixtureRole, FixtureUser>;
  organizations: { acme: string; borealis: string };
  /** One record per detail page, for the RBAC matrix (e2e/rbac-matrix.spec.ts); the seller is e2e/support/seller-page-fixtures.ts's. */
  samples: {
    alertId: string;
    incidentId: string;
    campaignId: string;
    logReviewId: string;
    sellerOrganizationId: string;
    /** One order of Acme's (no buyer data), for the order page's tenant checks. */
    acmeOrder: { id: string; amazonOrderId: string };
  };
}

const fixturesFile = path.join(e2eServers.portal.dir, "fixtures.json");
const totpStepsFile = path.join(e2eServers.portal.dir, "totp-steps.json");

export function writeFixtures(fixtures: Fixtures): void {
  mkdirSync(path.dirname(fixturesFile), { recursive: true });
  writeFileSync(fixturesFile, JSON.stringify(fixtures, null, 2), { mode: 0o600 });
}

export function readFixtures(): Fixtures {
  return JSON.parse(readFileSync(fixturesFile, "utf8")) as Fixtures;
}

export function randomPassword(): string {
  return `${randomBytes(18).toString("base64url")}-Ff9!`;
}

function totpFor(secret: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" });
}

function readUsedSteps(): Record<string, number> {
  return existsSync(totpStepsFile) ? (JSON.parse(readFileSync(totpStepsFile, "utf8")) as Record<string, number>) : {};
}

/**
 * A TOTP code the portal has not seen yet for this secret. The portal refuses a
 * code whose time step was already used (replay protection, A3), so a test that
 * signs the same user in twice within 30 seconds waits for the next step here,
 * like a person would wait for the next code.
 */
export async function freshTotpCode(secret: string): Promise<string> {
  const used = readUsedSteps();
  let step = Math.floor(Date.now() / 30_000);
  while (used[secret] !== undefined && step <= used[secret]) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    step = Math.floor(Date.now() / 30_000);
  }
  used[secret] = step;
  mkdirSync(path.dirname(totpStepsFile), { recursive: true });
  writeFileSync(totpStepsFile, JSON.stringify(used));
  return totpFor(secret).generate({ timestamp: step * 30_000 + 1000 });
}
