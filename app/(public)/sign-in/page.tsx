import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentActor } from "@/lib/auth/authorize";
import { postSignInPath, safeNextPath } from "@/lib/auth/safe-next";
import { signOutNotice } from "@/lib/auth/sign-out-reasons";
import { Alert } from "@/components/alert";
import { AuthCard, authLinkClasses } from "@/components/auth-card";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  // Only our own relative paths survive (never an open redirect).
  const next = safeNextPath(typeof params.next === "string" ? params.next : null);
  const actor = await getCurrentActor();
  if (actor) redirect(postSignInPath(actor.role, next));
  // Why the last session ended (a known code only: anything else shows nothing).
  const notice = signOutNotice(params.reason);
  return (
    <AuthCard
      title="Sign in"
      intro="Sign in to FireFeed Portal to manage your Amazon connection, orders and team."
      footer={
        <>
          New to FireFeed?{" "}
          <Link href="/sign-up" className={authLinkClasses}>
            Create a seller account
          </Link>
        </>
      }
    >
      {notice && (
        <Alert tone={notice.tone} live="status" className="mb-5">
          {notice.text}
        </Alert>
      )}
      <SignInForm next={next} />
    </AuthCard>
  );
}
