import type { Metadata } from "next";
import Link from "next/link";
import { AuthPlaceholder } from "@/components/auth-placeholder";

export const metadata: Metadata = { title: "Create your seller account" };

// Placeholder until the identity issue builds the real form (e-mail verification, password rules, MFA).
export default function SignUpPage() {
  return (
    <AuthPlaceholder
      title="Create your seller account"
      intro="Create an account for your business, then connect your Amazon seller account and invite your team."
      footer={
        <>
          Already have an account?{" "}
          <Link href="/sign-in" className="font-medium text-ember-800 underline underline-offset-4 hover:text-ember-900">
            Sign in
          </Link>
        </>
      }
    />
  );
}
