import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { isValidRequestId, REQUEST_ID_HEADER } from "@/lib/http/request-id";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "FireFeed Portal", template: "%s · FireFeed Portal" },
  description:
    "FireFeed Portal: connect your Amazon seller account to FireFeed, see your orders and manage your team, with buyer data protected by design.",
  applicationName: "FireFeed Portal",
  // Nothing behind sign-in should be indexed; the public pages opt back in.
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { themeColor: "#c2410c", width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const requestHeaders = await headers();
  // Reading the per-request headers (the middleware's CSP nonce among them) makes
  // every page render dynamically, which is what lets Next.js put the nonce from the
  // request's Content-Security-Policy header on its own scripts. Our markup adds no
  // inline scripts or styles, so nothing here needs the nonce value itself; a future
  // <Script> would take it from this header.
  void requestHeaders.get("x-nonce");
  // Set by the middleware; only a well-formed id is echoed into the page (for error boundaries to show).
  const rawRequestId = requestHeaders.get(REQUEST_ID_HEADER);
  const requestId = isValidRequestId(rawRequestId) ? rawRequestId : undefined;

  return (
    <html lang="en">
      <head>{requestId && <meta name="request-id" content={requestId} />}</head>
      <body>
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:text-sm focus:font-semibold focus:text-slate-900 focus:shadow-lg focus:ring-2 focus:ring-ember-600"
        >
          Skip to main content
        </a>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
