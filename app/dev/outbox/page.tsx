import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card } from "@/components/card";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { listOutboxEmails } from "@/lib/email/outbox";
import { splitTextIntoLinks } from "@/lib/email/link-segments";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Dev outbox", robots: { index: false, follow: false } };
// Always read the table at request time (and never prerender in a build).
export const dynamic = "force-dynamic";

const NEWEST = 50;

/*
 * Development only: where e-mails land when SMTP_URL is unset (lib/email/send-email.ts).
 * Public in ROUTE_POLICY because there is no account yet when you need it (sign-up
 * verification); it answers 404 in staging/production and whenever SMTP is configured.
 */
export default async function DevOutboxPage() {
  const env = getEnv();
  if (env.APP_ENV !== "development" || env.SMTP_URL) notFound();
  const emails = await listOutboxEmails({ limit: NEWEST });

  return (
    <main className="mx-auto max-w-4xl px-4 py-8">
      <PageHeader
        eyebrow="Development"
        title="Dev outbox"
        description={`The newest ${NEWEST} e-mails the portal would have sent. Only links to this portal are clickable.`}
      />
      {emails.length === 0 ? (
        <EmptyState
          title="No e-mails yet"
          description="Sign up, reset a password or invite someone: the e-mail will appear here."
        />
      ) : (
        <ol className="space-y-4">
          {emails.map((email) => (
            <li key={email.id}>
              <Card title={email.subject} headingLevel={2}>
                <dl className="mb-3 grid grid-cols-[auto_1fr] gap-x-3 text-sm text-slate-600">
                  <dt className="font-medium">To</dt>
                  <dd>{email.to}</dd>
                  <dt className="font-medium">Sent</dt>
                  <dd>
                    <time dateTime={email.createdAt.toISOString()}>{email.createdAt.toISOString()}</time>
                  </dd>
                </dl>
                <pre className="whitespace-pre-wrap break-words rounded bg-slate-50 p-3 text-sm text-slate-900">
                  {splitTextIntoLinks(email.text, env.APP_URL).map((segment, index) =>
                    segment.kind === "link" ? (
                      <a key={index} href={segment.href} className="text-ember-800 underline">
                        {segment.text}
                      </a>
                    ) : (
                      <span key={index}>{segment.text}</span>
                    ),
                  )}
                </pre>
              </Card>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
