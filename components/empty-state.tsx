import type { ReactNode } from "react";
import { Icon, type IconName } from "./icons";
import { cx } from "./class-names";

type EmptyStateProps = {
  icon?: IconName;
  title: ReactNode;
  /** Say what will appear here and what the person can do next. */
  description: ReactNode;
  /** The next step: usually a ButtonLink or Button. */
  action?: ReactNode;
  headingLevel?: 2 | 3;
  className?: string;
};

export function EmptyState({ icon = "inbox", title, description, action, headingLevel = 2, className }: EmptyStateProps) {
  const Heading = `h${headingLevel}` as const;
  return (
    <div
      className={cx(
        "flex flex-col items-center rounded-lg border-2 border-dashed border-slate-300 bg-white px-6 py-12 text-center",
        className,
      )}
    >
      <span className="flex size-12 items-center justify-center rounded-full bg-ember-50 text-ember-700">
        <Icon name={icon} className="size-6" />
      </span>
      <Heading className="mt-4 text-lg font-semibold text-slate-900">{title}</Heading>
      <div className="mt-2 max-w-prose text-sm text-slate-600">{description}</div>
      {action && <div className="mt-6 flex flex-wrap justify-center gap-3">{action}</div>}
    </div>
  );
}
