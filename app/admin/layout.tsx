import type { ReactNode } from "react";
import { AccountMenu } from "@/components/account-menu";
import { getCurrentActor } from "@/lib/auth/authorize";
import { AppShell, type NavSection } from "@/components/app-shell";
import { signOut } from "@/app/(public)/sign-in/sign-out-action";
import { navigationFor } from "@/lib/rbac/navigation";

const adminNavigation: readonly NavSection[] = [
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

/** Operator console layout: the navigation this actor may open (lib/rbac/navigation.ts: the same route table the gate enforces). Each page still authorizes itself (requireRouteAccess); the name here is display only. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const actor = await getCurrentActor();
  return (
    <AppShell areaLabel="Operator console" homeHref="/admin" navigation={navigationFor(adminNavigation, actor?.role ?? null)} topBarActions={actor ? <AccountMenu displayName={actor.displayName} signOutAction={signOut} /> : undefined}>
      {children}
    </AppShell>
  );
}
