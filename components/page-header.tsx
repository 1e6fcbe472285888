import type { ReactNode } from "react";

type PageHeaderProps = {
  title: ReactNode;
  description?: ReactNode;
  /** Primary actions for the page (buttons, links), right-aligned on wide screens. */
  actions?: ReactNode;
  /** A small label above the title, e.g. the section ("Security"). */
  eyebrow?: ReactNode;
};

/** The one `<h1>` of a page, with an optional description and actions. */
export function PageHeader({ title, description, actions, eyebrow }: PageHeaderProps) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4 border-b border-slate-200 pb-5">
      <div className="min-w-0 max-w-3xl">
        {eyebrow && <p className="text-sm font-medium text-ember-800">{eyebrow}</p>}
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">{title}</h1>
        {description && <p className="mt-2 text-base text-slate-600">{description}</p>}
      </div>
      {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
    </div>
  );
}
