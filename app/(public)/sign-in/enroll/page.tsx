import type { Metadata } from "next";
import { getEnrollmentDetails } from "@/lib/auth/mfa-flow";
import { safeNextPath } from "@/lib/auth/safe-next";
import { readMfaChallengeCookie } from "@/lib/auth/session-token";
import { getPrisma } from "@/lib/db/client";
import { getRequestContext } from "@/lib/http/current-request";
import { AuthCard, authLinkClasses } from "@/components/auth-card";
import { EnrollForm } from "./enroll-form";

export const metadata: Metadata = { title: "Set up two-step verification" };

/** "ABCD EFGH ..." : easier to type from the screen. */
function groupSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? secret;
}

export default async function EnrollPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(typeof params.next === "string" ? params.next : null);
  const details = await getEnrollmentDetails(getPrisma(), await readMfaChallengeCookie(), await getRequestContext(), new Date());
  // After a successful confirmation Next re-renders this page (the action set a
  // cookie): the challenge is gone by then, so the tree must stay the same
  // shape for EnrollForm to keep its state and show the recovery codes.
  const qrSrc = details ? `data:image/svg+xml;base64,${Buffer.from(details.qrCodeSvg, "utf8").toString("base64")}` : null;
  return (
    <AuthCard
      title="Set up two-step verification"
      intro="Your account needs a second step at sign-in. Scan the QR code with an authenticator app (1Password, Google Authenticator, Microsoft Authenticator…), then enter the code it shows."
      footer={
        <a href="/sign-in" className={authLinkClasses}>
          Start over
        </a>
      }
    >
      <EnrollForm next={next} expired={!details}>
        {details && qrSrc && (
        <div className="flex flex-col items-center gap-4">
          {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL rendered on the server; next/image adds nothing here */}
          <img src={qrSrc} alt="QR code for your authenticator app" width={200} height={200} className="rounded-md ring-1 ring-slate-200" />
          <div className="w-full text-sm text-slate-700">
            <p>Can&apos;t scan it? Enter this key in your app instead:</p>
            <p className="mt-2 rounded-md bg-slate-100 px-3 py-2 text-center font-mono text-base tracking-wider text-slate-900" aria-label="Setup key">
              {groupSecret(details.secret)}
            </p>
          </div>
        </div>
        )}
      </EnrollForm>
    </AuthCard>
  );
}
