import type { ReactNode } from "react";
import { AppShell, type NavSection } from "@/components/app-shell";

const sellerNavigation: readonly NavSection[] = [
  {
    items: [
      { href: "/seller", label: "Overview", icon: "home" },
      { href: "/seller/orders", label: "Orders", icon: "package" },
      { href: "/seller/amazon", label: "Amazon connection", icon: "link" },
      { href: "/seller/team", label: "Team", icon: "users" },
      { href: "/seller/settings", label: "Settings", icon: "settings" },
    ],
  },
];

/** Seller portal layout: navigation only. Each page authorizes itself with requireAreaAccess. */
export default function SellerLayout({ children }: { children: ReactNode }) {
  return (
    <AppShell areaLabel="Seller portal" homeHref="/seller" navigation={sellerNavigation}>
      {children}
    </AppShell>
  );
}
