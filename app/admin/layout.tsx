import type { ReactNode } from "react";
import { OperatorShell } from "@/app/_shells/area-shells";
import { getCurrentActor } from "@/lib/auth/authorize";

/** Operator console layout: the frame and the menu this actor may open. Each page still authorizes itself (requireRouteAccess). */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  return <OperatorShell actor={await getCurrentActor()}>{children}</OperatorShell>;
}
