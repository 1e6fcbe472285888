// Live sync progress for /seller/amazon (polled by TanStack Query). Scoped to
// the caller's organization by getSyncStatus; carries no tokens and no buyer
// data. Authorized here by defineRoute (not only by the route table):
// orders:view OR sync:run; a refusal is audited like every other.
import { defineRoute, NO_STORE } from "@/lib/auth/define-route";
import { getPrisma } from "@/lib/db/client";
import { getSyncStatus } from "@/lib/orders/sync";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  name: "orders.sync-status",
  permission: ["orders:view", "sync:run"],
  handler: async (_request, { actor }) => {
    if (!actor.organizationId) return Response.json({ error: "You do not have permission to do this." }, { status: 403, headers: NO_STORE });
    return Response.json(await getSyncStatus(getPrisma(), actor), { headers: NO_STORE });
  },
});
