import type { ComponentProps, ReactNode } from "react";
import { cx } from "./class-names";

type HeadingLevel = 2 | 3 | 4;

type CardProps = Omit<ComponentProps<"section">, "title"> & {
  title?: ReactNode;
  description?: ReactNode;
  /** Buttons or links shown at the right of the card header. */
  actions?: ReactNode;
  footer?: ReactNode;
  /** The heading level that fits the page outline (default h2). */
  headingLevel?: HeadingLevel;
  /** Removes the body padding, e.g. for a table that runs edge to edge. */
  flush?: boolean;
};

/** A white panel. With a title it is a labelled region (`<section aria-labelledby>`). */
export function Card({
  title,
  description,
  actions,
  footer,
  headingLevel = 2,
  flush = false,
  className,
  children,
  id,
  ...rest
}: CardProps) {
  const Heading = `h${headingLevel}` as const;
  const headingId = title && id ? `${id}-title` : undefined;
  return (
    <section
      id={id}
      aria-labelledby={headingId}
      className={cx("rounded-lg bg-white shadow-sm ring-1 ring-slate-200", className)}
      {...rest}
    >
      {(title || actions) && (
        <header className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-5 py-4">
          <div className="min-w-0">
            {title && (
              <Heading id={headingId} className="text-base font-semibold text-slate-900">
                {title}
              </Heading>
            )}
            {description && <p className="mt-1 text-sm text-slate-600">{description}</p>}
          </div>
          {actions && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
        </header>
      )}
      <div className={flush ? undefined : "px-5 py-4"}>{children}</div>
      {footer && <footer className="border-t border-slate-200 bg-slate-50 px-5 py-3 rounded-b-lg">{footer}</footer>}
    </section>
  );
}
