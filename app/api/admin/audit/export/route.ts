// Export of the filtered audit log (A5, L2): GET ?format=csv|json&<viewer filters>.
// Authorized here (audit:export, which asks for a recent MFA check), not only
// by the route table. The export is audited before the first byte is sent
// (lib/audit/audit-export.ts); the body streams in keyset batches, capped at
// AUDIT_EXPORT_ROW_CAP rows. No caching anywhere: it is the audit trail.
import { z } from "zod";
import { can, getCurrentActor, needsStepUp, recordAccessDenied } from "@/lib/auth/authorize";
import { startAuditExport } from "@/lib/audit/audit-export";
import { auditFiltersToParams, parseAuditFilters } from "@/lib/audit/audit-query";
import { getPrisma } from "@/lib/db/client";
import { getRequestContext } from "@/lib/http/current-request";
import { getLogger } from "@/lib/log";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };
const formatSchema = z.enum(["csv", "json"]);

export async function GET(request: Request): Promise<Response> {
  const context = await getRequestContext();
  const actor = await getCurrentActor();
  if (!actor) return Response.json({ error: "Sign in again to continue." }, { status: 401, headers: NO_STORE });
  if (!can(actor, "audit:export")) {
    await recordAccessDenied(actor, "audit:export", context, "/api/admin/audit/export");
    return Response.json({ error: "You do not have permission to do this." }, { status: 403, headers: NO_STORE });
  }
  const url = new URL(request.url);
  const params = Object.fromEntries(url.searchParams.entries());
  const parsed = parseAuditFilters(params);
  if (needsStepUp(actor, "audit:export")) {
    // Back to the viewer with the same filters after the MFA check; the user clicks Export again.
    const back = `/admin/security/audit?${auditFiltersToParams(parsed.filters).toString()}`;
    return new Response(null, { status: 303, headers: { ...NO_STORE, Location: `/step-up?next=${encodeURIComponent(back)}` } });
  }
  const format = formatSchema.safeParse(params.format ?? "csv");
  if (!format.success) return Response.json({ error: "Choose csv or json." }, { status: 400, headers: NO_STORE });
  if (!parsed.ok) {
    return Response.json({ error: "Some filters are not valid.", fieldErrors: parsed.fieldErrors }, { status: 400, headers: NO_STORE });
  }
  try {
    const file = await startAuditExport(getPrisma(), {
      filters: parsed.filters,
      format: format.data,
      actor: { userId: actor.userId, organizationId: actor.organizationId, ...context },
    });
    return new Response(file.body, {
      status: 200,
      headers: {
        ...NO_STORE,
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.filename}"`,
        "X-Content-Type-Options": "nosniff",
        "X-Export-Row-Count": String(file.rowCount),
      },
    });
  } catch (error) {
    getLogger().error({ err: error, requestId: context.requestId }, "audit export failed");
    return Response.json(
      { error: `The export could not be prepared. Reference: ${context.requestId ?? "unknown"}` },
      { status: 500, headers: NO_STORE },
    );
  }
}
