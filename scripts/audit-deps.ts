/**
 * Dependency audit (control V1). `npm audit` exits 1 both when it finds vulnerabilities
 * and when the registry cannot answer (some mirrors return 405 for the audit endpoint),
 * so this script reads the JSON and says which it was.
 *
 * Exit codes: 0 = audited, nothing at or above the threshold; 1 = vulnerable;
 * 2 = could not audit (reported loudly, never mistaken for "clean").
 */
import { spawnSync } from "node:child_process";
import { z } from "zod";

const threshold = (process.env.AUDIT_LEVEL ?? "high") as "low" | "moderate" | "high" | "critical";
const order = ["info", "low", "moderate", "high", "critical"] as const;

const auditReport = z.object({
  metadata: z.object({
    vulnerabilities: z.object({
      info: z.number(),
      low: z.number(),
      moderate: z.number(),
      high: z.number(),
      critical: z.number(),
    }),
  }),
});
const auditError = z.object({
  statusCode: z.number().optional(),
  message: z.string().optional(),
  error: z.object({ code: z.string().optional(), summary: z.string().optional() }).optional(),
});

const result = spawnSync("npm", ["audit", "--json", "--omit=dev"], { encoding: "utf8" });
let json: unknown;
try {
  json = JSON.parse(result.stdout || "{}");
} catch {
  json = {};
}

const report = auditReport.safeParse(json);
if (!report.success) {
  const err = auditError.safeParse(json);
  const why = err.success
    ? [err.data.statusCode ? `HTTP ${err.data.statusCode}` : "", err.data.error?.code ?? "", err.data.error?.summary ?? ""].filter(Boolean).join(" ") || "no details"
    : "unexpected response";
  console.log(`COULD NOT AUDIT: the registry did not answer the audit request (${why.split("\n")[0]}).`);
  console.log("This is not a clean result: run `npm run audit:deps` where the public registry is reachable.");
  process.exit(2);
}

const counts = report.data.metadata.vulnerabilities;
const failing = order.slice(order.indexOf(threshold)).reduce((sum, level) => sum + counts[level], 0);
console.log(`Audited production dependencies: ${order.map((l) => `${l} ${counts[l]}`).join(", ")}.`);
if (failing > 0) {
  console.log(`VULNERABLE: ${failing} finding(s) at or above "${threshold}".`);
  process.exit(1);
}
console.log(`No findings at or above "${threshold}".`);
