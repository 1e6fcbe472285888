"use client";
import { useActionState } from "react";
import type { FormAction } from "./confirm-action-button";
import { Button } from "./button";

/**
 * The signed-in user's name and a "Sign out" button (POST: a server action that
 * revokes the session row). The layout passes the action in: components never import app/.
 */
export function AccountMenu({ displayName, signOutAction }: { displayName: string; signOutAction: FormAction }) {
  const [, action, pending] = useActionState(signOutAction, null);
  return (
    <form action={action} className="flex items-center gap-3">
      <span className="hidden text-sm text-slate-700 sm:inline">{displayName}</span>
      <Button type="submit" variant="secondary" size="sm" pending={pending}>
        Sign out
      </Button>
    </form>
  );
}
