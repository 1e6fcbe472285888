import path from "node:path";

/** Where each e2e server keeps its throw-away database and its captured logs. */
export const e2eRoot = path.join(process.cwd(), ".data", "e2e");

export type E2eServerName = "portal" | "production-like";

export const e2eServers: Record<E2eServerName, { port: number; dbPort: number; dir: string; logFile: string }> = {
  portal: {
    port: 3100,
    dbPort: 54340,
    dir: path.join(e2eRoot, "portal"),
    logFile: path.join(e2eRoot, "portal", "server.log"),
  },
  "production-like": {
    port: 3101,
    dbPort: 54341,
    dir: path.join(e2eRoot, "production-like"),
    logFile: path.join(e2eRoot, "production-like", "server.log"),
  },
};

/** The hostname the production-like server treats as its public production name. */
export const productionHostname = "portal.fire-feed.test";
