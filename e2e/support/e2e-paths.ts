import path from "node:path";

/**
 * E2E_PORT_OFFSET lets two suites run side by side on one machine (e.g. two
 * working copies): every port and the data folder move by the offset.
 */
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0) || 0;

/** Where each e2e server keeps its throw-away database and its captured logs. */
export const e2eRoot = path.join(process.cwd(), ".data", offset ? `e2e-${offset}` : "e2e");

export type E2eServerName = "portal" | "production-like" | "postgres-dev";

export const e2eServers: Record<E2eServerName, { port: number; dbPort: number; dir: string; logFile: string }> = {
  portal: {
    port: 3100 + offset,
    dbPort: 54340 + offset,
    dir: path.join(e2eRoot, "portal"),
    logFile: path.join(e2eRoot, "portal", "server.log"),
  },
  "production-like": {
    port: 3101 + offset,
    dbPort: 54341 + offset,
    dir: path.join(e2eRoot, "production-like"),
    logFile: path.join(e2eRoot, "production-like", "server.log"),
  },
  // The README's "Running against PostgreSQL": `DATABASE_URL=<superuser URL> npm start`
  // on a fresh database of the local PostgreSQL (dbPort unused).
  "postgres-dev": {
    port: 3102 + offset,
    dbPort: 0,
    dir: path.join(e2eRoot, "postgres-dev"),
    logFile: path.join(e2eRoot, "postgres-dev", "server.log"),
  },
};

/**
 * The PostgreSQL server the postgres-dev e2e server uses (an admin URL: it
 * creates its own database there). CI sets TEST_DATABASE_URL; every
 * developer machine runs PostgreSQL on 127.0.0.1:5432 (README, Tests).
 */
export const e2ePostgresAdminUrl = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

/** The postgres-dev server's database URL: a fixed name per offset, re-created for every run. */
export function e2ePostgresDatabaseUrl(): string {
  const url = new URL(e2ePostgresAdminUrl);
  url.pathname = `/firefeed_e2e_pgdev_${offset}`;
  return url.toString();
}

/** The hostname the production-like server treats as its public production name. */
export const productionHostname = "portal.fire-feed.test";
