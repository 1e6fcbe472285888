// Live sync progress for /seller/amazon (polled by TanStack Query). Scoped to
// the caller's organization by getSyncStatus; carries no tokens and no buyer
// data. Authorized here (not only by the route table): orders:view OR sync:run.
import { can, getCurrentActor } from "@/lib/auth/authorize";
import { getPrisma } from "@/lib/db/client";
import { getSyncStatus } from "@/lib/orders/sync";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

export async function GET(): Promise<Response> {
  const actor = await getCurrentActor();
  if (!actor) return Response.json({ error: "Sign in again to continue." }, { status: 401, headers: NO_STORE });
  if (!actor.organizationId || !(can(actor, "orders:view") || can(actor, "sync:run"))) {
    return Response.json({ error: "You do not have permission to do this." }, { status: 403, headers: NO_STORE });
  }
  const status = await getSyncStatus(getPrisma(), actor);
  return Response.json(status, { headers: NO_STORE });
}
