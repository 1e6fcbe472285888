import type { Metadata } from "next";
import { ForbiddenPanel } from "@/components/forbidden-panel";

export const metadata: Metadata = { title: "Access denied" };

/** A seller page's own refusal (forbidden() after the gate let the request in): inside the seller portal's layout. */
export default function SellerForbidden() {
  return <ForbiddenPanel homeHref="/seller" homeLabel="Back to your overview" />;
}
