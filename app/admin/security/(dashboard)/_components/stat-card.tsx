import Link from "next/link";
import type { ReactNode } from "react";
import { cx } from "@/components/class-names";
import { Icon, type IconName } from "@/components/icons";

export type StatTone = "red" | "amber" | "green" | "neutral";

const toneClasses: Record<StatTone, { ring: string; icon: string; status: string }> = {
  red: { ring: "ring-red-300 bg-red-50/40", icon: "bg-red-100 text-red-800", status: "text-red-800" },
  amber: { ring: "ring-amber-300 bg-amber-50/40", icon: "bg-amber-100 text-amber-900", status: "text-amber-900" },
  green: { ring: "ring-emerald-300", icon: "bg-emerald-50 text-emerald-800", status: "text-emerald-800" },
  neutral: { ring: "ring-slate-200", icon: "bg-ember-50 text-ember-700", status: "text-slate-600" },
};

/**
 * One number at a glance, linking to the screen where it is worked on. The
 * tone is never the only cue: `status` says it in words ("Overdue", "On track").
 */
export function StatCard({
  href,
  icon,
  label,
  value,
  detail,
  status,
  tone = "neutral",
}: {
  href: string;
  icon: IconName;
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  status?: string;
  tone?: StatTone;
}) {
  const style = toneClasses[tone];
  return (
    <li>
      <Link
        href={href}
        className={cx(
          "group flex h-full flex-col gap-3 rounded-lg bg-white p-5 shadow-sm ring-1 hover:ring-ember-400 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ember-600",
          style.ring,
        )}
      >
        <span className="flex items-center justify-between gap-3">
          <span className="text-sm font-medium text-slate-700 group-hover:text-ember-800">{label}</span>
          <span className={cx("flex size-8 shrink-0 items-center justify-center rounded-md", style.icon)}>
            <Icon name={icon} className="size-4" />
          </span>
        </span>
        <span className="text-2xl font-semibold tracking-tight text-slate-900 tabular-nums">{value}</span>
        {(status || detail) && (
          <span className="text-sm text-slate-600">
            {status && <span className={cx("font-semibold", style.status)}>{status}</span>}
            {status && detail && <span aria-hidden="true"> · </span>}
            {detail}
          </span>
        )}
      </Link>
    </li>
  );
}
