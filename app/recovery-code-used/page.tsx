import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { areaOf, AreaShell } from "@/app/_shells/area-shells";
import { Alert } from "@/components/alert";
import { AuthCard, authLinkClasses } from "@/components/auth-card";
import { ButtonLink } from "@/components/button";
import { getCurrentActor, signInUrl } from "@/lib/auth/authorize";
import { recoveryCodeSignInOf } from "@/lib/auth/mfa-flow";
import { recoveryCodesLeftNotice } from "@/lib/auth/mfa/recovery-codes-left";
import { postSignInPath } from "@/lib/auth/safe-next";
import { getPrisma } from "@/lib/db/client";
import { mayOpen } from "@/lib/rbac/navigation";

export const metadata: Metadata = { title: "You signed in with a recovery code" };

/** Where each area generates new recovery codes: the account page's two-step verification card. */
const RECOVERY_CODES_HREF = {
  seller: "/seller/settings#two-step-verification",
  operator: "/admin/account#two-step-verification",
} as const;

// After a sign-in with a recovery code (issue 11: nothing said how many were
// left), on the way to where the person was going. The count comes from the
// records for this session, never from the URL; a session opened with the
// authenticator app goes straight on.
export default async function RecoveryCodeUsedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const actor = await getCurrentActor();
  if (!actor) redirect(await signInUrl(null));
  const continueTo = postSignInPath(actor.role, typeof params.next === "string" ? params.next : null);
  const signIn = await recoveryCodeSignInOf(getPrisma(), actor);
  if (!signIn) redirect(continueTo);

  const area = areaOf(actor);
  const codesHref = mayOpen(RECOVERY_CODES_HREF[area], actor.role) ? RECOVERY_CODES_HREF[area] : null;
  const notice = recoveryCodesLeftNotice(signIn.codesLeft);
  return (
    <AreaShell area={area} actor={actor}>
      <AuthCard
        title="You signed in with a recovery code"
        intro="Each recovery code works once: the one you just used cannot be used again."
        footer={
          codesHref && !notice.warning ? (
            <Link href={codesHref} className={authLinkClasses}>
              Manage your recovery codes
            </Link>
          ) : undefined
        }
      >
        <div className="space-y-5">
          <p className="text-base font-medium text-slate-900">{notice.summary}</p>
          {notice.warning && (
            <Alert tone="warning" live="none">
              <p>{notice.warning}</p>
              {codesHref && (
                <p className="mt-2">
                  <Link href={codesHref}>Generate new recovery codes</Link>
                </p>
              )}
            </Alert>
          )}
          <ButtonLink href={continueTo}>Continue</ButtonLink>
        </div>
      </AuthCard>
    </AreaShell>
  );
}
