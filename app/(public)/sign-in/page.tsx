import type { Metadata } from "next";
import Link from "next/link";
import { AuthPlaceholder } from "@/components/auth-placeholder";

export const metadata: Metadata = { title: "Sign in" };

// Placeholder until the identity issue builds the real form (credentials, MFA, lockout).
export default function SignInPage() {
  return (
    <AuthPlaceholder
      title="Sign in"
      intro="Sign in to FireFeed Portal to manage your Amazon connection, orders and team."
      footer={
        <>
          New to FireFeed?{" "}
          <Link href="/sign-up" className="font-medium text-ember-800 underline underline-offset-4 hover:text-ember-900">
            Create a seller account
          </Link>
        </>
      }
    />
  );
}
