"use client";
import { useActionState } from "react";
import { signOut } from "@/app/(public)/sign-in/sign-out-action";
import type { ActionResult } from "@/lib/auth/define-action";
import { Button } from "./button";

/** The signed-in user's name and a "Sign out" button (POST: a server action that revokes the session row). */
export function AccountMenu({ displayName }: { displayName: string }) {
  const [, action, pending] = useActionState<ActionResult | null, FormData>(signOut, null);
  return (
    <form action={action} className="flex items-center gap-3">
      <span className="hidden text-sm text-slate-700 sm:inline">{displayName}</span>
      <Button type="submit" variant="secondary" size="sm" pending={pending}>
        Sign out
      </Button>
    </form>
  );
}
