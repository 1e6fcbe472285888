// Export of the filtered audit log (A5, L2): GET ?format=csv|json&<viewer filters>.
// Authorized here by defineRoute (audit:export, which asks for a recent MFA
// check), not only by the route table. The export is audited before the first byte is sent
// (lib/audit/audit-export.ts); the body streams in keyset batches, capped at
// AUDIT_EXPORT_ROW_CAP rows. No caching anywhere: it is the audit trail.
import { z } from "zod";
import { defineRoute, NO_STORE } from "@/lib/auth/define-route";
import { startAuditExport } from "@/lib/audit/audit-export";
import { auditFiltersToParams, parseAuditFilters } from "@/lib/audit/audit-query";
import { getPrisma } from "@/lib/db/client";

export const dynamic = "force-dynamic";

const formatSchema = z.enum(["csv", "json"]);

export const GET = defineRoute({
  name: "audit.export",
  permission: "audit:export",
  // Back to the viewer with the same filters after the MFA check, with `ready=<format>`: the viewer then
  // offers the download of exactly this export (a download cannot be a redirect target of /step-up).
  stepUpReturnTo: (url) => {
    const parsed = parseAuditFilters(Object.fromEntries(url.searchParams.entries()));
    const params = auditFiltersToParams(parsed.filters);
    const format = formatSchema.safeParse(url.searchParams.get("format") ?? "csv");
    params.set("ready", format.success ? format.data : "csv");
    return `/admin/security/audit?${params.toString()}`;
  },
  handler: async (request, { actor, request: context }) => {
    const params = Object.fromEntries(new URL(request.url).searchParams.entries());
    const parsed = parseAuditFilters(params);
    const format = formatSchema.safeParse(params.format ?? "csv");
    if (!format.success) return Response.json({ error: "Choose csv or json." }, { status: 400, headers: NO_STORE });
    if (!parsed.ok) {
      return Response.json({ error: "Some filters are not valid.", fieldErrors: parsed.fieldErrors }, { status: 400, headers: NO_STORE });
    }
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
  },
});
