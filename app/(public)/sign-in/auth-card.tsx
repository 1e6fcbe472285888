import type { ReactNode } from "react";
import { Card } from "@/components/card";

/** The frame shared by the sign-in, MFA and step-up screens. */
export function AuthCard({ title, intro, children, footer }: { title: string; intro?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="mx-auto max-w-md px-4 py-16 sm:py-24">
      <Card>
        <div className="py-2">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
          {intro && <div className="mt-2 text-sm text-slate-600">{intro}</div>}
          <div className="mt-6">{children}</div>
        </div>
      </Card>
      {footer && <div className="mt-6 text-center text-sm text-slate-600">{footer}</div>}
    </div>
  );
}

export const linkClass = "font-medium text-ember-800 underline underline-offset-4 hover:text-ember-900";
