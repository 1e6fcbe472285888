import type { ReactNode } from "react";
import { signOut } from "@/app/(public)/sign-in/sign-out-action";
import { AccountMenu } from "@/components/account-menu";
import { AppShell, type NavSection } from "@/components/app-shell";
import type { Actor } from "@/lib/auth/actor";
import { navigationFor } from "@/lib/rbac/navigation";

// The two signed-in areas' frames, used by their layouts and by the 403 page
// (app/forbidden.tsx), so a refusal is shown inside the area the person works
// in. The menus list every page of the area; navigationFor keeps only those
// the actor may open (lib/rbac/navigation.ts: the table the gate enforces).

const SELLER_NAVIGATION: readonly NavSection[] = [
  {
    items: [
      { href: "/seller", label: "Overview", icon: "home" },
      { href: "/seller/orders", label: "Orders", icon: "package" },
      { href: "/seller/amazon", label: "Amazon connection", icon: "link" },
      { href: "/seller/team", label: "Team", icon: "users" },
      { href: "/seller/notices", label: "Notices", icon: "bell" },
      { href: "/seller/settings", label: "Settings", icon: "settings" },
    ],
  },
];

const OPERATOR_NAVIGATION: readonly NavSection[] = [
  {
    items: [
      { href: "/admin", label: "Overview", icon: "home" },
      { href: "/admin/sellers", label: "Sellers", icon: "building" },
      { href: "/admin/operators", label: "Operators", icon: "users" },
      { href: "/admin/retention", label: "Data retention", icon: "clipboardCheck" },
      { href: "/admin/account", label: "My account", icon: "settings" },
    ],
  },
  {
    label: "Security",
    items: [
      { href: "/admin/security", label: "Security dashboard", icon: "shield" },
      { href: "/admin/security/audit", label: "Audit log", icon: "fileText" },
      { href: "/admin/security/alerts", label: "Alerts", icon: "bell" },
      { href: "/admin/security/incidents", label: "Incidents", icon: "siren" },
      { href: "/admin/security/access-reviews", label: "Access reviews", icon: "clipboardCheck" },
      { href: "/admin/security/log-reviews", label: "Log reviews", icon: "search" },
      { href: "/admin/security/runbook", label: "Runbook", icon: "fileText" },
      { href: "/admin/security/settings", label: "Security settings", icon: "settings" },
    ],
  },
];

/** The two signed-in areas: their name, home, menu, and the way back a 403 offers. */
export const AREAS = {
  seller: { label: "Seller portal", home: "/seller", navigation: SELLER_NAVIGATION, backLabel: "Back to your overview" },
  operator: { label: "Operator console", home: "/admin", navigation: OPERATOR_NAVIGATION, backLabel: "Back to the console overview" },
} as const;

export type AreaName = keyof typeof AREAS;

/** The area a signed-in person works in: sellers in the seller portal, FireFeed staff in the console. */
export function areaOf(actor: Pick<Actor, "kind">): AreaName {
  return actor.kind === "SELLER" ? "seller" : "operator";
}

/** An area's frame for `actor` (null while signing out: no menu, no account button). */
export function AreaShell({ area, actor, children }: { area: AreaName; actor: Actor | null; children: ReactNode }) {
  const { label, home, navigation } = AREAS[area];
  return (
    <AppShell
      areaLabel={label}
      homeHref={home}
      navigation={navigationFor(navigation, actor?.role ?? null)}
      topBarActions={actor ? <AccountMenu displayName={actor.displayName} signOutAction={signOut} /> : undefined}
    >
      {children}
    </AppShell>
  );
}
