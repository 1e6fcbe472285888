import type { ReactNode } from "react";
import { AppShell, type NavSection } from "@/components/app-shell";

const adminNavigation: readonly NavSection[] = [
  {
    items: [
      { href: "/admin", label: "Overview", icon: "home" },
      { href: "/admin/sellers", label: "Sellers", icon: "building" },
      { href: "/admin/operators", label: "Operators", icon: "users" },
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
    ],
  },
];

/** Operator console layout: navigation only. Each page authorizes itself with requireAreaAccess. */
export default function AdminLayout({ children }: { children: ReactNode }) {
  return (
    <AppShell areaLabel="Operator console" homeHref="/admin" navigation={adminNavigation}>
      {children}
    </AppShell>
  );
}
