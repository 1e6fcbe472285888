import type { ReactNode } from "react";
import { PublicShell } from "@/components/public-shell";

/** Public pages: header with Security and sign-in links, footer with the security contact. */
export default function PublicLayout({ children }: { children: ReactNode }) {
  return <PublicShell>{children}</PublicShell>;
}
