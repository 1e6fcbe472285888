import type { ReactNode } from "react";
import { Card } from "./card";

/**
 * The frame of the account pages (sign-in, two-step verification, step-up,
 * sign-up, e-mail verification, password reset, invitation): one narrow card
 * and a footer line.
 */
export function AuthCard({ title, intro, footer, children }: { title: string; intro?: ReactNode; footer?: ReactNode; children: ReactNode }) {
  return (
    <div className="mx-auto max-w-md px-4 py-16 sm:py-24">
      <Card>
        <div className="py-2">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
          {intro ? <p className="mt-2 text-sm text-slate-600">{intro}</p> : null}
          <div className="mt-6">{children}</div>
        </div>
      </Card>
      {footer ? <p className="mt-6 text-center text-sm text-slate-600">{footer}</p> : null}
    </div>
  );
}

/** A text link inside an account page (the footer's "Back to sign in", "Forgot your password?"). */
export const authLinkClasses = "font-medium text-ember-800 underline underline-offset-4 hover:text-ember-900";
