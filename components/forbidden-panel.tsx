import { ButtonLink } from "./button";
import { Icon } from "./icons";

/** What a 403 says, wherever it is shown: why, whom to ask, and the way back to the person's own home. */
export function ForbiddenPanel({ homeHref, homeLabel }: { homeHref: string; homeLabel: string }) {
  return (
    <div className="mx-auto flex max-w-lg flex-col items-center px-4 py-20 text-center">
      <span className="flex size-12 items-center justify-center rounded-full bg-ember-50 text-ember-700">
        <Icon name="shield" className="size-6" />
      </span>
      <p className="mt-4 text-sm font-semibold text-ember-800">403</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">You do not have access to this page</h1>
      <p className="mt-2 text-slate-600">
        Your role does not include this part of the portal. If you need it, ask an owner of your organization (sellers) or a
        FireFeed admin (operators). The attempt has been recorded.
      </p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <ButtonLink href={homeHref}>{homeLabel}</ButtonLink>
      </div>
    </div>
  );
}
