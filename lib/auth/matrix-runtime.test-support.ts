// The stand-ins the action and route matrices (actions-matrix.test.ts,
// routes-matrix.test.ts) put in place of everything a handler could touch
// first: each records that it was touched and refuses, so the matrices need
// no database and "did a refused call touch anything?" is observable. Used
// from vi.mock factories (`async () => (await import(...)).refusingDatabase(...)`)
// because vi.mock is hoisted above static imports.
import type * as LogModule from "@/lib/log";

/** What the stand-ins record, in order (created with vi.hoisted in the test file). */
export interface TouchRecorder {
  calls: string[];
}

/** lib/db/client: getPrisma() records "db" and throws. */
export function refusingDatabase(touched: TouchRecorder, matrix: string) {
  return {
    getPrisma: () => {
      touched.calls.push("db");
      throw new Error(`${matrix}: the database is not available in this unit test`);
    },
  };
}

/** next/headers: cookies(), headers() and draftMode() record their name and throw. */
export function refusingNextHeaders(touched: TouchRecorder, matrix: string) {
  const refuse = (name: string) => () => {
    touched.calls.push(name);
    throw new Error(`${matrix}: ${name}() is not available in this unit test`);
  };
  return { cookies: refuse("cookies"), headers: refuse("headers"), draftMode: refuse("draftMode") };
}

/** lib/log with a logger that writes nothing (a handler failing on a stand-in is logged by design). */
export function silentLog(original: typeof LogModule): typeof LogModule {
  const silent = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, child: () => silent };
  return { ...original, getLogger: () => silent as unknown as ReturnType<typeof LogModule.getLogger> };
}
