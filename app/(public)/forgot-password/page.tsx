import type { Metadata } from "next";
import Link from "next/link";
import { getEnv } from "@/lib/env";
import { AuthCard, authLinkClasses } from "@/components/auth-card";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Reset your password", referrer: "no-referrer" };

// Public (ROUTE_POLICY "/forgot-password").
export default function ForgotPasswordPage() {
  const env = getEnv();
  return (
    <AuthCard
      title="Reset your password"
      intro="Enter the e-mail address of your account. We will send you a link to choose a new password."
      footer={
        <Link href="/sign-in" className={authLinkClasses}>
          Back to sign in
        </Link>
      }
    >
      <ForgotPasswordForm showDevOutboxHint={env.APP_ENV !== "production" && !env.SMTP_URL} />
    </AuthCard>
  );
}
