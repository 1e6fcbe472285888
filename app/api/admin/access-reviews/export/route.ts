// Evidence export of an access review campaign (A4, D3): GET ?campaignId=<uuid>
// answers a CSV (campaign, subject, access, decision, new role,
// justification, reviewer e-mail, reviewed at; cells safe against CSV
// injection). Authorized here by defineRoute (access-reviews:manage), not only by
// the route table; the export is audited ("access_review.exported") before it is sent.
import { z } from "zod";
import { uuidField } from "@/lib/validation/input";
import { defineRoute, NO_STORE } from "@/lib/auth/define-route";
import { getPrisma } from "@/lib/db/client";
import { exportAccessReviewCampaign } from "@/lib/access-reviews/access-review-export";

export const dynamic = "force-dynamic";

const querySchema = z.object({ campaignId: uuidField() });

export const GET = defineRoute({
  name: "access-reviews.export",
  permission: "access-reviews:manage",
  handler: async (request, { actor, request: context }) => {
    const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams.entries()));
    if (!query.success) return Response.json({ error: "Give the campaign to export (campaignId)." }, { status: 400, headers: NO_STORE });
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
  },
});
