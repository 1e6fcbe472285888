"use client";
import { useSyncExternalStore } from "react";

/*
 * A moment in the viewer's own time zone ("3 Dec 2026, 14:05"), with the UTC
 * time on hover and in `dateTime`. The server cannot know the viewer's zone,
 * so it renders the UTC text and the browser swaps in the local text after
 * hydration (useSyncExternalStore's server snapshot: no hydration mismatch).
 */

const subscribe = () => () => {};

function utcText(iso: string, seconds: boolean): string {
  return `${iso.slice(0, seconds ? 19 : 16).replace("T", " ")} UTC`;
}

function localText(iso: string, seconds: boolean): string {
  return new Intl.DateTimeFormat(undefined, {
    dateStyle: "medium",
    timeStyle: seconds ? "medium" : "short",
  }).format(new Date(iso));
}

export function LocalTime({ value, empty = "—", seconds = false }: { value: Date | string | null | undefined; empty?: string; seconds?: boolean }) {
  const iso = value ? new Date(value).toISOString() : null;
  const local = useSyncExternalStore(
    subscribe,
    () => (iso ? localText(iso, seconds) : null),
    () => null,
  );
  if (!iso) return <>{empty}</>;
  const utc = utcText(iso, seconds);
  return (
    <time dateTime={iso} title={utc} className="whitespace-nowrap">
      {local ?? utc}
    </time>
  );
}
