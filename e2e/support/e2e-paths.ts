import path from "node:path";

/**
 * E2E_PORT_OFFSET lets two suites run side by side on one machine (e.g. two
 * working copies): every port and the data folder move by the offset.
 */
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0) || 0;

/** Where each e2e server keeps its throw-away database and its captured logs. */
export const e2eRoot = path.join(process.cwd(), ".data", offset ? `e2e-${offset}` : "e2e");

export type E2eServerName = "portal" | "production-like";

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
};

/** The hostname the production-like server treats as its public production name. */
export const productionHostname = "portal.fire-feed.test";
