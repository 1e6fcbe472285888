// Evidence export of an access review campaign (A4, D3): GET ?campaignId=<uuid>
// answers a CSV (campaign, subject, access, decision, new role,
// justification, reviewer e-mail, reviewed at; cells safe against CSV
// injection). Authorized here (access-reviews:manage), not only by the route
// table; the export is audited ("access_review.exported") before it is sent.
import { z } from "zod";
import { can, getCurrentActor, recordAccessDenied } from "@/lib/auth/authorize";
import { getPrisma } from "@/lib/db/client";
import { getRequestContext } from "@/lib/http/current-request";
import { getLogger } from "@/lib/log";
import { exportAccessReviewCampaign } from "@/lib/reviews/access-review-export";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };
const querySchema = z.object({ campaignId: z.uuid() });

export async function GET(request: Request): Promise<Response> {
  const context = await getRequestContext();
  const actor = await getCurrentActor();
  if (!actor) return Response.json({ error: "Sign in again to continue." }, { status: 401, headers: NO_STORE });
  if (!can(actor, "access-reviews:manage")) {
    await recordAccessDenied(actor, "access-reviews:manage", context, "/api/admin/access-reviews/export");
    return Response.json({ error: "You do not have permission to do this." }, { status: 403, headers: NO_STORE });
  }
  const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams.entries()));
  if (!query.success) return Response.json({ error: "Give the campaign to export (campaignId)." }, { status: 400, headers: NO_STORE });
  try {
    const file = await exportAccessReviewCampaign(getPrisma(), actor, query.data.campaignId, new Date(), context);
    if (!file.ok) {
      const error = file.status === 404 ? "This campaign was not found." : "You do not have permission to do this.";
      return Response.json({ error }, { status: file.status, headers: NO_STORE });
    }
    return new Response(file.csv, {
      status: 200,
      headers: {
        ...NO_STORE,
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${file.filename}"`,
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    getLogger().error({ err: error, requestId: context.requestId }, "access review export failed");
    return Response.json({ error: `The export could not be prepared. Reference: ${context.requestId ?? "unknown"}` }, { status: 500, headers: NO_STORE });
  }
}
