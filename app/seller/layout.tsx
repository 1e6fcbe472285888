import type { ReactNode } from "react";
import { AccountMenu } from "@/components/account-menu";
import { getCurrentActor } from "@/lib/auth/authorize";
import { AppShell, type NavSection } from "@/components/app-shell";
import { signOut } from "@/app/(public)/sign-in/sign-out-action";
import { navigationFor } from "@/lib/rbac/navigation";

const sellerNavigation: readonly NavSection[] = [
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

/** Seller portal layout: the navigation this actor may open (lib/rbac/navigation.ts: the same route table the gate enforces). Each page still authorizes itself (requireRouteAccess); the name here is display only. */
export default async function SellerLayout({ children }: { children: ReactNode }) {
  const actor = await getCurrentActor();
  return (
    <AppShell areaLabel="Seller portal" homeHref="/seller" navigation={navigationFor(sellerNavigation, actor?.role ?? null)} topBarActions={actor ? <AccountMenu displayName={actor.displayName} signOutAction={signOut} /> : undefined}>
      {children}
    </AppShell>
  );
}
