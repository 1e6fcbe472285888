import type { ReactNode } from "react";
import { AreaShell } from "@/app/_shells/area-shells";
import { getCurrentActor } from "@/lib/auth/authorize";

/** Seller portal layout: the frame and the menu this actor may open. Each page still authorizes itself (requireRouteAccess). */
export default async function SellerLayout({ children }: { children: ReactNode }) {
  return <AreaShell area="seller" actor={await getCurrentActor()}>{children}</AreaShell>;
}
