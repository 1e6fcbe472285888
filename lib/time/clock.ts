// Time as a dependency (issue 5, I3): code with deadlines (Amazon's 24-hour
// notification clock, review due dates, alert windows) takes a Clock instead
// of calling Date.now(), so tests move time instead of waiting for it.
// Plain module, no I/O: usable from server code, scripts and tests.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until told to move: for tests and benches. */
export class ManualClock implements Clock {
  #epochMs: number;

  constructor(start: Date | string | number = Date.now()) {
    this.#epochMs = new Date(start).getTime();
    if (Number.isNaN(this.#epochMs)) throw new Error("ManualClock needs a valid start time.");
  }

  now(): Date {
    return new Date(this.#epochMs);
  }

  set(to: Date | string | number): void {
    this.#epochMs = new Date(to).getTime();
  }

  advance(ms: number): void {
    this.#epochMs += ms;
  }

  advanceHours(hours: number): void {
    this.advance(hours * 3_600_000);
  }
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
