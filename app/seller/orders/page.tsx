import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { can, requireRouteAccess } from "@/lib/auth/authorize";
import { getPrisma } from "@/lib/db/client";
import { listOrderMarketplaces } from "@/lib/orders/order-queries";
import { OrdersBrowser } from "./orders-browser";

export const metadata: Metadata = { title: "Orders" };

export default async function SellerOrdersPage() {
  const actor = await requireRouteAccess("/seller/orders");
  const marketplaceIds = await listOrderMarketplaces(getPrisma(), actor);
  return (
    <>
      <PageHeader
        title="Orders"
        description="The orders FireFeed processes for your Amazon store. Buyer details stay masked; revealing them needs a reason and is recorded."
      />
      {/* Rows load through a server action (no buyer e-mail search in URLs); the button only hides, the action re-checks. */}
      <OrdersBrowser canReveal={can(actor, "orders:reveal-pii")} marketplaceIds={marketplaceIds} />
    </>
  );
}
