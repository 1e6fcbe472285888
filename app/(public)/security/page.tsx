import type { Metadata } from "next";
import Link from "next/link";
import { Icon, type IconName } from "@/components/icons";
import { SECURITY_EMAIL } from "@/components/public-shell";

export const metadata: Metadata = {
  title: "Security",
  description:
    "How FireFeed Portal protects your account and your buyers' data: encryption, access control, monitoring, incident response, backups and how we handle Amazon data.",
  robots: { index: true, follow: true },
};

/*
 * Written for sellers. Every statement here maps to a row of docs/controls.md
 * (ids in the comments); change the two together, and promise nothing the
 * portal does not do.
 */
type SecuritySection = { id: string; title: string; icon: IconName; summary: string; points: readonly string[] };

const sections: readonly SecuritySection[] = [
  {
    id: "network-protection",
    title: "Network protection",
    icon: "shield",
    summary: "Only one door is open to the internet, and it is guarded.",
    points: [
      // N1
      "Our database is never reachable from the public internet: it runs on a private network with no published port.",
      // N2, N3
      "The application, database and cache sit on private networks. The only public entry point is an HTTPS reverse proxy; plain HTTP exists only to redirect you to HTTPS.",
      // N5
      "A web application firewall (ModSecurity with the OWASP Core Rule Set) filters requests before they reach the portal, and rate limits on sign-in, verification codes, sign-up, password reset and the Amazon authorization step slow down guessing and abuse.",
      // N4
      "Development, staging and production are kept apart, each with its own keys, secrets and data. Encrypted data is bound to its environment, so data from one cannot be decrypted in another.",
      // N6
      "The operator console is only for FireFeed staff using two-step verification, and can be limited to approved networks.",
    ],
  },
  {
    id: "encryption-in-transit",
    title: "Encryption in transit",
    icon: "lock",
    summary: "Everything between you, us and Amazon travels encrypted.",
    points: [
      // T1, T2
      "The portal is served only over HTTPS with TLS 1.2 or newer and modern ciphers. Requests over plain HTTP are redirected to HTTPS.",
      // T3
      "Our production domains send HTTP Strict Transport Security (HSTS), so your browser refuses to connect to them without encryption.",
      // T4
      "Connections to our database and cache use TLS whenever they leave a private network.",
      // T5
      "We call Amazon's Selling Partner API over HTTPS only, with Amazon's own authorization: Login with Amazon access tokens, and Restricted Data Tokens whenever buyer personal information is requested.",
    ],
  },
  {
    id: "encryption-at-rest",
    title: "Encryption at rest",
    icon: "lock",
    summary: "Buyer information is encrypted before it is stored, with keys we manage and rotate.",
    points: [
      // R2
      "Buyer personal information (name, e-mail address, phone number, shipping address) is encrypted field by field with AES-256-GCM before it reaches the database. Each encrypted value is bound to its own record, so a copy moved elsewhere cannot be decrypted.",
      // R3
      "Your Amazon authorization tokens and our other secrets are encrypted under their own keys and are never stored in readable form.",
      // R4
      "Encryption keys are kept in a key-management facility with restricted access, and significant uses of a key are recorded in our audit log.",
      // R5
      "Keys are rotated on a schedule (every 90 days by default) and immediately if we suspect a compromise. Stored data is re-encrypted under the new key, and the old key is retired only once everything is verified.",
      // R1, B1
      "Storage volumes are encrypted, and backups are encrypted by the portal itself on top of that.",
    ],
  },
  {
    id: "access-control",
    title: "Access control",
    icon: "users",
    summary: "Each person has their own account and sees only what their role needs.",
    points: [
      // A1
      "Every person has an individual account: no shared logins. FireFeed staff join by invitation only, and generic mailboxes (such as admin@ or info@) cannot be used for staff accounts.",
      // A2
      "Access is role based and least privilege: each role gets only the permissions it needs, checked on every page and action. Your organization's data is kept separate from every other seller's.",
      // A3
      "Two-step verification (codes from an authenticator app, with recovery codes) is mandatory for all FireFeed staff and for anyone on your team who can see orders. Sensitive actions, such as revealing a buyer's details or changing someone's role, ask for a fresh code.",
      // S5, D7
      "Passwords must be at least 12 characters, are checked against a list of known breached passwords and are stored only as a modern one-way hash. An account is locked after five failed sign-in attempts.",
      // A4, D3, D7
      "Access is reviewed at least every 90 days. When someone changes role or leaves, their access is cut on their very next request.",
      // A5
      "Sign-ins, failed attempts, two-step verification events, role changes and every reveal of buyer details are recorded in the audit log.",
    ],
  },
  {
    id: "credentials-and-secrets",
    title: "Credentials and secrets",
    icon: "lock",
    summary: "Secrets are kept out of code, injected at runtime and rotated.",
    points: [
      // S1
      "No secrets live in our source code, and every build scans the code for accidentally committed secrets.",
      // S2, N4
      "Secrets are supplied at runtime from the environment or a secret store. Production refuses to start with development defaults.",
      // S3
      "We keep an inventory of secrets with their age and due date, rotate them on a schedule and whenever we suspect a compromise, and are alerted before they expire.",
      // S4
      "Secrets and personal information are masked in our logs. When something goes wrong, error pages show you only a reference number, never internal details.",
    ],
  },
  {
    id: "logging-and-monitoring",
    title: "Logging and monitoring",
    icon: "bell",
    summary: "We record who accessed what, watch for trouble and review the records.",
    points: [
      // L2
      "Every access to Amazon information, including reveals of buyer details, exports and synchronizations, is written to an append-only audit log with who did it, why and on what. The log is hash-chained, so an edited or deleted entry is detected.",
      // L3
      "Automatic alerts warn our security team about suspicious activity: bursts of failed sign-ins, lockouts, failed two-step checks, staff signing in from a new network, changes to roles, keys or settings, and unusual volumes of data access.",
      // L4
      "Our security team reviews the security logs every week and signs off each review.",
      // L1, L5, D8
      "Logs are structured and traceable by request, kept for at least 12 months, and contain no buyer personal information.",
    ],
  },
  {
    id: "vulnerability-management",
    title: "Vulnerability management",
    icon: "search",
    summary: "We look for weaknesses continuously and fix them on deadlines.",
    points: [
      // V1, V2
      "Every build checks our dependencies for known vulnerabilities, and static analysis with security rules runs on every change.",
      // D9
      "We run vulnerability scans at least every 30 days and a penetration test every year.",
      // V4
      "Critical vulnerabilities are fixed within 7 days and high ones within 30 days, tracked with due dates.",
      // V3, V5/V6
      "Our container images use a pinned, minimal base and run without administrator rights. Every change is reviewed by another engineer and tested in staging before it reaches production.",
    ],
  },
  {
    id: "incident-response",
    title: "Incident response",
    icon: "siren",
    summary: "If something goes wrong, we act fast and tell the people affected.",
    points: [
      // I1, I2, D6
      "We follow a written procedure: detection, containment, analysis, recovery and a post-mortem. Each incident has a named incident commander, communications lead and scribe, and the procedure is reviewed every six months.",
      // I3, D4
      "If an incident involves Amazon information, we notify Amazon within 24 hours of confirming it.",
      // I4
      "If your organization is affected, we tell you in the portal and by e-mail, and we notify the affected people whose data is involved.",
      // I5
      "Every incident ends with a post-mortem and corrective actions with owners and due dates; an incident stays open until all of them are done.",
    ],
  },
  {
    id: "backup-and-restore",
    title: "Backup and restore",
    icon: "clipboardCheck",
    summary: "Backups are encrypted, checked and regularly restored for real.",
    points: [
      // B1
      "The database is backed up on a schedule, and each backup is encrypted with AES-256-GCM.",
      // B2
      "Every backup carries a checksum manifest; we monitor that backups are intact and recent enough.",
      // B3
      "We run restore drills into a separate database, verify the restored data and the audit log, and record how long the restore took.",
      // B4
      "We set targets for how quickly we recover and how much data we could lose at most, and compare them with every drill.",
    ],
  },
  {
    id: "amazon-data",
    title: "How we handle Amazon data",
    icon: "package",
    summary: "We keep buyer data only as long as needed and delete it when you leave.",
    points: [
      // Users table: PII masked, reveal with reason; operators: no PII by default
      "Buyer details are masked in the portal. Revealing them requires the right role and a reason, and each reveal is recorded. FireFeed support staff do not see buyer personal information by default.",
      // D1
      "Buyer personal information is kept only as long as it is needed: by default it is deleted 30 days after the order is delivered.",
      // D5
      "Other order data, without personal information, is kept for at most 18 months.",
      // D2
      "If you disconnect FireFeed from your Amazon account, or ask us to, we delete your Amazon data and keep a record that the deletion happened.",
    ],
  },
];

const tocLinkClass =
  "block rounded-md px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100 hover:text-slate-900";

export default function SecurityPage() {
  return (
    <div className="mx-auto max-w-6xl px-4 py-12 sm:px-6 sm:py-16">
      <header className="max-w-3xl">
        <p className="inline-flex items-center gap-2 text-sm font-medium text-ember-800">
          <Icon name="shield" className="size-4" />
          Security at FireFeed
        </p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight text-slate-900 sm:text-4xl">
          How we protect your account and your buyers&apos; data
        </h1>
        <p className="mt-4 text-lg text-slate-600">
          When you connect your Amazon seller account to FireFeed, you trust us with your orders and your buyers&apos;
          personal information. This page explains, in plain terms, the controls FireFeed Portal has in place and what
          they mean for you.
        </p>
      </header>

      <div className="mt-12 lg:grid lg:grid-cols-[14rem_minmax(0,1fr)] lg:gap-12">
        <nav aria-label="On this page" className="mb-10 lg:mb-0">
          <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 lg:sticky lg:top-24">
            <h2 className="px-3 pb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">On this page</h2>
            <ol className="space-y-0.5">
              {sections.map((section) => (
                <li key={section.id}>
                  <a href={`#${section.id}`} className={tocLinkClass}>
                    {section.title}
                  </a>
                </li>
              ))}
              <li>
                <a href="#report-a-vulnerability" className={tocLinkClass}>
                  Report a vulnerability
                </a>
              </li>
            </ol>
          </div>
        </nav>

        <div className="space-y-8">
          {sections.map((section) => (
            <section
              key={section.id}
              aria-labelledby={section.id}
              className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8"
            >
              <div className="flex items-start gap-4">
                <span className="flex size-10 shrink-0 items-center justify-center rounded-md bg-ember-50 text-ember-700">
                  <Icon name={section.icon} className="size-5" />
                </span>
                <div>
                  <h2 id={section.id} className="text-xl font-semibold text-slate-900">
                    {section.title}
                  </h2>
                  <p className="mt-1 text-slate-600">{section.summary}</p>
                </div>
              </div>
              <ul className="mt-6 space-y-3">
                {section.points.map((point) => (
                  <li key={point} className="flex gap-3 text-slate-700">
                    <Icon name="checkCircle" className="mt-0.5 size-5 shrink-0 text-emerald-700" />
                    <span>{point}</span>
                  </li>
                ))}
              </ul>
            </section>
          ))}

          <section
            aria-labelledby="report-a-vulnerability"
            className="rounded-lg bg-slate-900 p-6 text-slate-200 shadow-sm sm:p-8"
          >
            <div className="flex items-start gap-4">
              <span className="flex size-10 shrink-0 items-center justify-center rounded-md bg-white/10 text-ember-300">
                <Icon name="mail" className="size-5" />
              </span>
              <div>
                <h2 id="report-a-vulnerability" className="text-xl font-semibold text-white">
                  Report a vulnerability
                </h2>
                <p className="mt-2">
                  Found a security problem in FireFeed Portal? Please write to{" "}
                  <a
                    href={`mailto:${SECURITY_EMAIL}`}
                    className="font-semibold text-white underline underline-offset-4 hover:text-ember-200"
                  >
                    {SECURITY_EMAIL}
                  </a>{" "}
                  with what you found and the steps to reproduce it. Please do not access, change or keep data that is
                  not yours while testing.
                </p>
                <p className="mt-3">
                  Our contact details are also published in machine-readable form at{" "}
                  <a
                    href="/.well-known/security.txt"
                    className="font-mono text-sm text-white underline underline-offset-4 hover:text-ember-200"
                  >
                    /.well-known/security.txt
                  </a>{" "}
                  (RFC 9116).
                </p>
                <p className="mt-3">
                  Think someone else is using your account? Tell us at the same address right away. You can also{" "}
                  <Link href="/sign-in" className="text-white underline underline-offset-4 hover:text-ember-200">
                    sign in
                  </Link>{" "}
                  to review your team&apos;s access.
                </p>
              </div>
            </div>
          </section>
        </div>
      </div>
    </div>
  );
}
