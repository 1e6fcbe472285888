"use client";
// The Amazon 24-hour clock of one incident, ticking in the browser. The first
// render uses the server's "now" (so server and client markup agree); after
// mount it re-reads the time every 30 seconds.
import { useEffect, useState } from "react";
import { cx } from "@/components/class-names";
import { amazonDeadlineState, formatDuration } from "@/lib/incidents/amazon-deadline";
import { deadlineTone, type DeadlineTone } from "@/lib/security-dashboard/incident-urgency";

const TICK_MS = 30_000;

const toneClasses: Record<DeadlineTone, string> = {
  red: "bg-red-50 text-red-800 ring-red-300",
  amber: "bg-amber-50 text-amber-900 ring-amber-300",
  green: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  none: "bg-slate-100 text-slate-700 ring-slate-300",
};

interface CountdownClock {
  involvesAmazonInformation: boolean;
  /** ISO strings: props cross from the server component. */
  confirmedAt: string | null;
  amazonNotifiedAt: string | null;
}

function countdownText(clock: CountdownClock, now: Date): { text: string; tone: DeadlineTone } {
  const state = amazonDeadlineState(
    {
      involvesAmazonInformation: clock.involvesAmazonInformation,
      confirmedAt: clock.confirmedAt ? new Date(clock.confirmedAt) : null,
      amazonNotifiedAt: clock.amazonNotifiedAt ? new Date(clock.amazonNotifiedAt) : null,
    },
    now,
  );
  const tone = deadlineTone(state);
  switch (state.status) {
    case "not-applicable":
      return { text: "No Amazon clock", tone };
    case "not-started":
      return { text: "Clock starts at confirmation", tone };
    case "notified":
      return { text: state.late ? "Amazon notified (late)" : "Amazon notified", tone };
    case "breached":
      return { text: `Amazon deadline passed ${formatDuration(state.msOverdue)} ago`, tone };
    case "running":
      return { text: `${formatDuration(state.msLeft)} left to notify Amazon`, tone };
  }
}

export function DeadlineCountdown({ clock, serverNow, className }: { clock: CountdownClock; serverNow: string; className?: string }) {
  const [now, setNow] = useState(() => new Date(serverNow));
  useEffect(() => {
    setNow(new Date());
    const timer = window.setInterval(() => setNow(new Date()), TICK_MS);
    return () => window.clearInterval(timer);
  }, []);
  const { text, tone } = countdownText(clock, now);
  return (
    <span
      className={cx(
        "inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap tabular-nums ring-1 ring-inset",
        toneClasses[tone],
        className,
      )}
    >
      <span className={cx("size-1.5 rounded-full", tone === "none" ? "bg-slate-500" : tone === "red" ? "bg-red-600" : tone === "amber" ? "bg-amber-500" : "bg-emerald-600")} aria-hidden="true" />
      {text}
    </span>
  );
}
