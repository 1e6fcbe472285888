// Plain module (no I/O): which parts of the security dashboard an actor may
// see. A section is shown only when the actor may open the screen it links
// to, as the route table (lib/rbac/route-policy.ts) decides: the dashboard and
// the route gate can never disagree (e.g. an admin without alerts:manage gets
// no alert counts, not even hidden ones: the section is not queried at all).
import type { Permission } from "@/lib/rbac/permissions";
import { mayOpenWith } from "@/lib/rbac/navigation";

export const DASHBOARD_SECTIONS = {
  incidents: "/admin/security/incidents",
  alerts: "/admin/security/alerts",
  accessReview: "/admin/security/access-reviews",
  logReviews: "/admin/security/log-reviews",
  runbook: "/admin/security/runbook",
  /** The daily activity series are audit data: shown to whoever may read the audit log. */
  activity: "/admin/security/audit",
} as const;

export type DashboardSection = keyof typeof DASHBOARD_SECTIONS;
export type DashboardVisibility = Readonly<Record<DashboardSection, boolean>>;

export function dashboardVisibility(permissions: Iterable<Permission>): DashboardVisibility {
  const held = new Set(permissions);
  const entries = Object.entries(DASHBOARD_SECTIONS).map(([section, href]) => [section, mayOpenWith(href, held)]);
  return Object.fromEntries(entries) as Record<DashboardSection, boolean>;
}
