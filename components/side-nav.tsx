"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Icon, type IconName } from "./icons";
import { findActiveHref } from "./nav-match";
import { cx } from "./class-names";

type NavItem = { href: string; label: string; icon: IconName };
export type NavSection = { label?: string; items: readonly NavItem[] };

/**
 * The area navigation. The current page gets aria-current="page"; a parent entry
 * of the current page (e.g. "Orders" on an order's detail) gets aria-current="true".
 */
export function SideNav({ label, sections }: { label: string; sections: readonly NavSection[] }) {
  const pathname = usePathname() ?? "";
  const activeHref = findActiveHref(
    pathname,
    sections.flatMap((section) => section.items.map((item) => item.href)),
  );

  return (
    <nav aria-label={label}>
      {sections.map((section, index) => {
        const headingId = section.label ? `nav-section-${index}` : undefined;
        return (
          <div key={section.label ?? index} className={cx(index > 0 && "mt-6")}>
            {section.label && (
              <h2 id={headingId} className="px-3 pb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
                {section.label}
              </h2>
            )}
            <ul aria-labelledby={headingId} className="flex gap-1 overflow-x-auto md:flex-col md:overflow-visible">
              {section.items.map((item) => {
                const active = item.href === activeHref;
                const current = active ? (pathname.replace(/\/+$/, "") === item.href ? "page" : "true") : undefined;
                return (
                  <li key={item.href} className="shrink-0">
                    <Link
                      href={item.href}
                      aria-current={current}
                      className={cx(
                        "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors",
                        active
                          ? "bg-ember-50 text-ember-900 ring-1 ring-inset ring-ember-200"
                          : "text-slate-700 hover:bg-slate-100 hover:text-slate-900",
                      )}
                    >
                      <Icon name={item.icon} className={cx("size-5 shrink-0", active ? "text-ember-700" : "text-slate-500")} />
                      {item.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}
