import type { Metadata } from "next";
import { AREAS } from "@/app/_shells/area-shells";
import { ForbiddenPanel } from "@/components/forbidden-panel";

export const metadata: Metadata = { title: "Access denied" };

/** An operator page's own refusal (forbidden() after the gate let the request in): inside the console's layout. */
export default function AdminForbidden() {
  return <ForbiddenPanel homeHref={AREAS.operator.home} homeLabel={AREAS.operator.backLabel} />;
}
