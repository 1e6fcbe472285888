"use client";
import Link from "next/link";
import { useActionState } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { TextField } from "@/components/form-field";
import type { ActionResult } from "@/lib/auth/define-action";
import { startSignIn } from "./actions";
import { authLinkClasses } from "@/components/auth-card";

export function SignInForm({ next }: { next: string | null }) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(startSignIn, null);
  const failure = state && !state.ok ? state : null;
  return (
    <form action={action} className="space-y-5" noValidate>
      {failure && <Alert tone="error">{failure.error}</Alert>}
      {next && <input type="hidden" name="next" value={next} />}
      <TextField
        name="email"
        label="Email"
        type="email"
        autoComplete="username"
        required
        maxLength={254}
        error={failure?.fieldErrors?.email?.[0]}
      />
      <TextField
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        maxLength={1024}
        error={failure?.fieldErrors?.password?.[0]}
      />
      <div className="flex items-center justify-between gap-4">
        <Button type="submit" pending={pending}>
          Sign in
        </Button>
        <Link href="/forgot-password" className={authLinkClasses}>
          Forgot your password?
        </Link>
      </div>
    </form>
  );
}
