import type { Metadata } from "next";
import Link from "next/link";
import { getEnv } from "@/lib/env";
import { AuthCard, authLinkClasses } from "@/components/auth-card";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create your seller account", referrer: "no-referrer" };

// Public by design (ROUTE_POLICY "/sign-up"): the action is rate limited and never reveals whether an address is taken.
export default function SignUpPage() {
  const env = getEnv();
  // The dev outbox exists only without SMTP, and never in production.
  const showDevOutboxHint = env.APP_ENV !== "production" && !env.SMTP_URL;
  return (
    <AuthCard
      title="Create your seller account"
      intro="Create an account for your business, then connect your Amazon seller account and invite your team."
      footer={
        <>
          Already have an account?{" "}
          <Link href="/sign-in" className={authLinkClasses}>
            Sign in
          </Link>
        </>
      }
    >
      <SignUpForm showDevOutboxHint={showDevOutboxHint} />
    </AuthCard>
  );
}
