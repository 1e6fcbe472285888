"use client";
// Amazon's 24-hour clock on screen (I3, D4): ticks every second from the
// deadline the server computed; the server's state (notified, breached) is
// the truth, the ticking only moves the remaining time. Colours change at
// 12, 4 and 1 hours left, and the text always says the state (colour is
// never the only cue).
import { useEffect, useState } from "react";
import { cx } from "@/components/class-names";
import { Icon } from "@/components/icons";

type CountdownProps =
  | { status: "running" | "breached"; deadlineAtIso: string; serverNowIso: string }
  | { status: "notified"; deadlineAtIso: string; notifiedAtIso: string; late: boolean };

const HOUR = 3_600_000;

function clockText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}:${String(seconds).padStart(2, "0")}`;
}

function utc(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

function toneFor(msLeft: number): string {
  if (msLeft <= 0) return "bg-red-50 text-red-900 ring-red-300";
  if (msLeft <= HOUR) return "bg-red-50 text-red-900 ring-red-300";
  if (msLeft <= 4 * HOUR) return "bg-orange-50 text-orange-900 ring-orange-300";
  if (msLeft <= 12 * HOUR) return "bg-amber-50 text-amber-900 ring-amber-300";
  return "bg-sky-50 text-sky-900 ring-sky-300";
}

export function AmazonCountdown(props: CountdownProps) {
  const deadline = new Date(props.deadlineAtIso).getTime();
  // Start from the server's "now" so the first render matches the HTML; then follow this browser's clock.
  const [now, setNow] = useState(() => (props.status === "notified" ? deadline : new Date(props.serverNowIso).getTime()));
  const ticking = props.status === "running";
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [ticking]);

  if (props.status === "notified") {
    return (
      <div className={cx("rounded-lg p-4 ring-1 ring-inset", props.late ? "bg-amber-50 text-amber-900 ring-amber-300" : "bg-emerald-50 text-emerald-900 ring-emerald-300")}>
        <p className="flex items-center gap-2 text-sm font-semibold">
          <Icon name="checkCircle" className="size-5" /> Amazon notified{props.late ? " (after the deadline)" : ""}
        </p>
        <p className="mt-1 text-sm">
          Notified {utc(props.notifiedAtIso)}; the deadline was {utc(props.deadlineAtIso)}. The clock is stopped.
        </p>
      </div>
    );
  }

  const msLeft = deadline - now;
  const breached = props.status === "breached" || msLeft <= 0;
  return (
    <div className={cx("rounded-lg p-4 ring-1 ring-inset", toneFor(breached ? 0 : msLeft))} role="timer" aria-label="Time left to notify Amazon">
      {breached ? (
        <>
          <p className="flex items-center gap-2 text-sm font-semibold">
            <Icon name="alertTriangle" className="size-5" /> Breached: Amazon's 24-hour deadline has passed
          </p>
          <p className="mt-1 text-sm">
            The deadline was {utc(props.deadlineAtIso)} ({clockText(now - deadline)} ago). Notify security@amazon.com now and record it.
          </p>
        </>
      ) : (
        <>
          <p className="text-xs font-semibold tracking-wide uppercase">Time left to notify Amazon</p>
          {/* aria-live off: a screen reader would otherwise read every second. */}
          <p className="mt-1 font-mono text-3xl font-semibold tabular-nums" aria-live="off" data-testid="amazon-countdown">
            {clockText(msLeft)}
          </p>
          <p className="mt-1 text-sm">
            Deadline {utc(props.deadlineAtIso)} · notify security@amazon.com
            {msLeft <= HOUR ? " · under 1 hour left" : msLeft <= 4 * HOUR ? " · under 4 hours left" : msLeft <= 12 * HOUR ? " · under 12 hours left" : ""}
          </p>
        </>
      )}
    </div>
  );
}
