import type { ReactNode } from "react";
import { cx } from "./class-names";

export type BadgeTone = "neutral" | "info" | "success" | "warning" | "danger" | "brand";

const tones: Record<BadgeTone, { badge: string; dot: string }> = {
  neutral: { badge: "bg-slate-100 text-slate-700 ring-slate-300", dot: "bg-slate-500" },
  info: { badge: "bg-sky-50 text-sky-800 ring-sky-300", dot: "bg-sky-600" },
  success: { badge: "bg-emerald-50 text-emerald-800 ring-emerald-300", dot: "bg-emerald-600" },
  warning: { badge: "bg-amber-50 text-amber-900 ring-amber-300", dot: "bg-amber-500" },
  danger: { badge: "bg-red-50 text-red-800 ring-red-300", dot: "bg-red-600" },
  brand: { badge: "bg-ember-50 text-ember-800 ring-ember-300", dot: "bg-ember-600" },
};

type BadgeProps = {
  tone?: BadgeTone;
  /** A coloured dot before the label. The label itself must say the status: colour is never the only cue. */
  dot?: boolean;
  className?: string;
  children: ReactNode;
};

export function Badge({ tone = "neutral", dot = false, className, children }: BadgeProps) {
  const style = tones[tone];
  return (
    <span
      className={cx(
        "inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap",
        style.badge,
        className,
      )}
    >
      {dot && <span className={cx("size-1.5 rounded-full", style.dot)} aria-hidden="true" />}
      {children}
    </span>
  );
}
