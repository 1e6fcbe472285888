import type { ReactNode } from "react";
import { SellerShell } from "@/app/_shells/area-shells";
import { getCurrentActor } from "@/lib/auth/authorize";

/** Seller portal layout: the frame and the menu this actor may open. Each page still authorizes itself (requireRouteAccess). */
export default async function SellerLayout({ children }: { children: ReactNode }) {
  return <SellerShell actor={await getCurrentActor()}>{children}</SellerShell>;
}
