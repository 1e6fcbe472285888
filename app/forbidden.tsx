import type { Metadata } from "next";
import { OPERATOR_HOME, OperatorShell, SELLER_HOME, SellerShell } from "@/app/_shells/area-shells";
import { ForbiddenPanel } from "@/components/forbidden-panel";
import { PublicShell } from "@/components/public-shell";
import { getCurrentActor } from "@/lib/auth/authorize";

export const metadata: Metadata = { title: "Access denied" };

/**
 * Rendered with status 403 when a signed-in user lacks the permission a page
 * needs (A2): the middleware's refusals land here through /access-denied.
 * Shown inside the person's own area (their menu, their account button) with
 * the way back to its overview; the public frame only for someone signed out.
 */
export default async function Forbidden() {
  const actor = await getCurrentActor();
  if (actor?.kind === "SELLER") {
    return (
      <SellerShell actor={actor}>
        <ForbiddenPanel homeHref={SELLER_HOME} homeLabel="Back to your overview" />
      </SellerShell>
    );
  }
  if (actor?.kind === "OPERATOR") {
    return (
      <OperatorShell actor={actor}>
        <ForbiddenPanel homeHref={OPERATOR_HOME} homeLabel="Back to the console overview" />
      </OperatorShell>
    );
  }
  return (
    <PublicShell>
      <ForbiddenPanel homeHref="/" homeLabel="Go to the home page" />
    </PublicShell>
  );
}
