import type { Metadata } from "next";
import { AREAS } from "@/app/_shells/area-shells";
import { ForbiddenPanel } from "@/components/forbidden-panel";

export const metadata: Metadata = { title: "Access denied" };

/** A seller page's own refusal (forbidden() after the gate let the request in): inside the seller portal's layout. */
export default function SellerForbidden() {
  return <ForbiddenPanel homeHref={AREAS.seller.home} homeLabel={AREAS.seller.backLabel} />;
}
