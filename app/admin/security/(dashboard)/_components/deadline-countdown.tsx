"use client";
// The Amazon 24-hour clock of one incident, ticking in the browser every
// second, as the incident page's does (issue 11: the dashboard's stood still).
// The first render uses the server's "now" (so server and client markup
// agree); after mount it follows this browser's clock. Two forms: the pill of
// the open-incidents list, and the bare value of the "Nearest Amazon
// deadline" card.
import { useEffect, useState } from "react";
import { cx } from "@/components/class-names";
import { amazonDeadlineState, formatDuration } from "@/lib/incidents/amazon-deadline";
import { deadlineTone, type DeadlineTone } from "@/lib/security-dashboard/incident-urgency";

const TICK_MS = 1_000;

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

function stateAt(clock: CountdownClock, now: Date) {
  return amazonDeadlineState(
    {
      involvesAmazonInformation: clock.involvesAmazonInformation,
      confirmedAt: clock.confirmedAt ? new Date(clock.confirmedAt) : null,
      amazonNotifiedAt: clock.amazonNotifiedAt ? new Date(clock.amazonNotifiedAt) : null,
    },
    now,
  );
}

function countdownText(clock: CountdownClock, now: Date): { text: string; tone: DeadlineTone } {
  const state = stateAt(clock, now);
  const tone = deadlineTone(state);
  switch (state.status) {
    case "not-applicable":
      return { text: "No Amazon clock", tone };
    case "not-started":
      return { text: "Clock starts at confirmation", tone };
    case "notified":
      return { text: state.late ? "Amazon notified (late)" : "Amazon notified", tone };
    case "breached":
      return { text: `Amazon deadline passed ${formatDuration(state.msOverdue, { seconds: true })} ago`, tone };
    case "running":
      return { text: `${formatDuration(state.msLeft, { seconds: true })} left to notify Amazon`, tone };
  }
}

/** This browser's time, starting from the server's so the first render matches the HTML. */
function useTickingNow(serverNow: string): Date {
  const [now, setNow] = useState(() => new Date(serverNow));
  useEffect(() => {
    setNow(new Date());
    const timer = window.setInterval(() => setNow(new Date()), TICK_MS);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/** "17 h 45 min 12 s left" / "Overdue 2 h 03 min 40 s" / "No clock running", ticking. */
export function DeadlineValue({ clock, serverNow }: { clock: CountdownClock; serverNow: string }) {
  const state = stateAt(clock, useTickingNow(serverNow));
  if (state.status === "breached") return <>Overdue {formatDuration(state.msOverdue, { seconds: true })}</>;
  if (state.status === "running") return <>{formatDuration(state.msLeft, { seconds: true })} left</>;
  return <>No clock running</>;
}

export function DeadlineCountdown({ clock, serverNow, className }: { clock: CountdownClock; serverNow: string; className?: string }) {
  const now = useTickingNow(serverNow);
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
