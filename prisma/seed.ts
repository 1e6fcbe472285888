// Server-side only (a tsx script; no "server-only" import).
//
// Demo data for a fresh database: a demo seller organization with its owner,
// and an operator admin. Runs only when the database has no users, so it never
// touches a real installation. Passwords are generated here, never written in
// the code; they are printed once and kept in a 0600 file beside the embedded
// data so a developer can find them again.
import { randomInt } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { seedDemoAlerts } from "@/lib/alerts/seed";
import { hashPassword } from "@/lib/auth/password";
import { seedDemoIncidents } from "@/lib/incidents/seed-demo";
import { startAccessReviewCampaign } from "@/lib/access-reviews/access-reviews";
import { ensureLogReviews } from "@/lib/log-reviews/log-reviews";
import { applyDevelopmentSecrets } from "@/server/development-secrets";
import { demoCredentialsPath, withDatabase } from "@/lib/db/database-target";
import { createPrismaClient } from "@/lib/db/prisma-factory";
import type { Db } from "@/lib/db/db";

export interface DemoCredential {
  role: string;
  email: string;
  password: string;
}

export interface SeedResult {
  /** False when the database already had users: nothing was created. */
  created: boolean;
  credentials: DemoCredential[];
}

export interface SeedOptions {
  /** Where to keep the credentials; defaults to <EMBEDDED_DB_DIR parent>/demo-credentials.txt. */
  credentialsFile?: string;
  /** Where the one-time box is printed; defaults to stdout. Pass null to print nothing. */
  output?: NodeJS.WritableStream | null;
}

export const DEMO_ORGANIZATION_NAME = "Demo Seller Co.";
export const DEMO_OWNER_EMAIL = "owner@demo-seller.example";
export const DEMO_OPERATOR_EMAIL = "dana.admin@fire-feed.example";
/** The security team's demo account: the security console (alerts, incidents, reviews) is theirs, not the admin's. */
export const DEMO_ANALYST_EMAIL = "alex.analyst@fire-feed.example";

// No look-alike characters (0/O, 1/l/I), so a password read off a screen types right.
const PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

function generatePassword(length = 24): string {
  let password = "";
  for (let i = 0; i < length; i += 1) password += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  // Groups of six read and type more easily: xxxxxx-xxxxxx-xxxxxx-xxxxxx.
  return password.match(/.{1,6}/g)!.join("-");
}

function credentialsBox(credentials: DemoCredential[], file: string): string {
  const lines = [
    "Demo accounts created (shown once; also saved for you, readable only by you, in:",
    `  ${file} )`,
    "",
    ...credentials.flatMap((credential) => [
      `${credential.role}`,
      `  e-mail:   ${credential.email}`,
      `  password: ${credential.password}`,
    ]),
    "",
    "Sign in at /sign-in; the first sign-in sets up two-step verification",
    "(any authenticator app: scan the QR code or type the secret).",
    "For local development only. Never use these accounts in production.",
  ];
  const width = Math.max(...lines.map((line) => line.length));
  const border = `+${"-".repeat(width + 2)}+`;
  return [border, ...lines.map((line) => `| ${line.padEnd(width)} |`), border].join("\n");
}

/** Creates the demo organization and accounts if, and only if, the database has no users. */
export async function seedDemoData(prisma: Db, options: SeedOptions = {}): Promise<SeedResult> {
  const owner: DemoCredential = { role: "Seller owner (Demo Seller Co.)", email: DEMO_OWNER_EMAIL, password: generatePassword() };
  const operator: DemoCredential = { role: "Operator admin (FireFeed)", email: DEMO_OPERATOR_EMAIL, password: generatePassword() };
  const analyst: DemoCredential = { role: "Security analyst (FireFeed)", email: DEMO_ANALYST_EMAIL, password: generatePassword() };
  // Hash before the transaction: argon2id is slow on purpose and would hold the lock.
  const [ownerHash, operatorHash, analystHash] = await Promise.all([
    hashPassword(owner.password),
    hashPassword(operator.password),
    hashPassword(analyst.password),
  ]);

  const created = await prisma.$transaction(async (tx) => {
    // Two starters seeding at once must not both see "no users".
    // (Its own lock key: 72707369 is the migration lock, 72707370 the audit chain, 72707371 the reveal limit, 72707372 the alert evaluator.)
    await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(72707373)");
    if ((await tx.user.count()) > 0) return false;
    const now = new Date();
    const organization = await tx.organization.create({ data: { legalName: DEMO_ORGANIZATION_NAME, countryCode: "US" } });
    await tx.user.create({
      data: {
        email: owner.email,
        displayName: "Sam Rivera",
        kind: "SELLER",
        role: "SELLER_OWNER",
        organizationId: organization.id,
        passwordHash: ownerHash,
        passwordChangedAt: now,
        emailVerifiedAt: now,
        passwordHistory: { create: { passwordHash: ownerHash } },
      },
    });
    await tx.user.create({
      data: {
        email: operator.email,
        displayName: "Dana Admin",
        kind: "OPERATOR",
        role: "OPERATOR_ADMIN",
        passwordHash: operatorHash,
        passwordChangedAt: now,
        emailVerifiedAt: now,
        passwordHistory: { create: { passwordHash: operatorHash } },
      },
    });
    await tx.user.create({
      data: {
        email: analyst.email,
        displayName: "Alex Analyst",
        kind: "OPERATOR",
        role: "OPERATOR_SECURITY_ANALYST",
        passwordHash: analystHash,
        passwordChangedAt: now,
        emailVerifiedAt: now,
        passwordHistory: { create: { passwordHash: analystHash } },
      },
    });
    return true;
  });
  if (!created) return { created: false, credentials: [] };
  await seedDemoSecurityConsole(prisma);

  const credentials = [owner, operator, analyst];
  const file = options.credentialsFile ?? demoCredentialsPath();
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const text = credentials.map((c) => `${c.role}\n  e-mail:   ${c.email}\n  password: ${c.password}\n`).join("\n");
  writeFileSync(file, `FireFeed Portal demo accounts (local development only)\n\n${text}`, { mode: 0o600 });
  const output = options.output === undefined ? process.stdout : options.output;
  output?.write(`\n${credentialsBox(credentials, file)}\n\n`);
  return { created: true, credentials };
}

/**
 * Something to look at in the security console on a fresh demo database: a
 * burst of failed sign-ins and the alerts it raises, one open incident with
 * Amazon's clock running and one closed, an access review campaign and last
 * week's log review task. Each part does nothing if its data already exists.
 */
export async function seedDemoSecurityConsole(prisma: Db): Promise<void> {
  await seedDemoAlerts(prisma);
  await seedDemoIncidents(prisma);
  // An open access review campaign over the seeded accounts (nothing new while one is open) and last week's log review.
  await startAccessReviewCampaign(prisma, null, new Date());
  await ensureLogReviews(prisma, new Date());
}

async function main(): Promise<void> {
  // The same key files `npm start` uses in development, so anything seeded encrypted stays readable.
  await applyDevelopmentSecrets(process.env);
  await withDatabase(async (connectionString, poolMax) => {
    const prisma = createPrismaClient(connectionString, poolMax);
    try {
      const result = await seedDemoData(prisma);
      if (!result.created) console.log("The database already has users: no demo data added.");
    } finally {
      await prisma.$disconnect();
    }
  });
}

// Run only as `npm run db:seed`, not when imported by scripts/start.ts or tests.
// (tsx runs this file as CommonJS; under vitest `require` is absent.)
if (typeof require !== "undefined" && require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
