import type { ReactNode } from "react";
import { Alert } from "./alert";
import { Card } from "./card";

/**
 * The honest stand-in for the sign-in and sign-up forms until the identity
 * release: no fields that pretend to work.
 */
export function AuthPlaceholder({ title, intro, footer }: { title: string; intro: ReactNode; footer: ReactNode }) {
  return (
    <div className="mx-auto max-w-md px-4 py-16 sm:py-24">
      <Card>
        <div className="py-2">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
          <p className="mt-2 text-sm text-slate-600">{intro}</p>
          <Alert tone="info" live="none" title="Opens with the next release" className="mt-6">
            Accounts are not open yet: sign-in and sign-up arrive with the next release of FireFeed Portal.
          </Alert>
          <p className="mt-4 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">
            Demo credentials are printed in the terminal by <code className="font-mono text-slate-900">npm start</code>.
          </p>
        </div>
      </Card>
      <p className="mt-6 text-center text-sm text-slate-600">{footer}</p>
    </div>
  );
}
