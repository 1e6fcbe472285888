import { cx } from "@/components/class-names";

/**
 * Decided / total as a native <progress> (no inline width style: the CSP
 * forbids them). The text says the same thing, so colour is never the only cue.
 */
export function CampaignProgress({ decided, total, label, className }: { decided: number; total: number; label: string; className?: string }) {
  const percent = total === 0 ? 100 : Math.round((decided / total) * 100);
  return (
    <div className={cx("flex min-w-40 items-center gap-3", className)}>
      <progress
        value={total === 0 ? 1 : decided}
        max={total === 0 ? 1 : total}
        aria-label={label}
        className={cx(
          "h-2 w-full overflow-hidden rounded-full bg-slate-200 print:hidden",
          "[&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-ember-600 [&::-moz-progress-bar]:bg-ember-600",
        )}
      />
      <span className="text-sm whitespace-nowrap text-slate-700 tabular-nums">
        {decided}/{total} ({percent}%)
      </span>
    </div>
  );
}
