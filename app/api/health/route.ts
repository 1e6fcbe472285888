import { getHealth } from "@/lib/health";

// Always live: a cached "ok" would hide an outage.
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const report = await getHealth();
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
