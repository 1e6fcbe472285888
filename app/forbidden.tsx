import type { Metadata } from "next";
import { areaOf, AREAS, AreaShell } from "@/app/_shells/area-shells";
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
  if (!actor) {
    return (
      <PublicShell>
        <ForbiddenPanel homeHref="/" homeLabel="Go to the home page" />
      </PublicShell>
    );
  }
  const area = areaOf(actor);
  return (
    <AreaShell area={area} actor={actor}>
      <ForbiddenPanel homeHref={AREAS[area].home} homeLabel={AREAS[area].backLabel} />
    </AreaShell>
  );
}
