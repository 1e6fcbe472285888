import type { Metadata } from "next";
import { Alert } from "@/components/alert";
import { ButtonLink } from "@/components/button";
import { PageHeader } from "@/components/page-header";
import { can, requireRouteAccess } from "@/lib/auth/authorize";
import { AMAZON_ERROR_MESSAGES, isAmazonConnectErrorKey } from "@/lib/amazon/authorization";
import { getPrisma } from "@/lib/db/client";
import { getOnboardingState, hasReached } from "@/lib/onboarding/onboarding";
import { getSyncStatus } from "@/lib/orders/sync";
import { AmazonConnectionPanel, type SyncStatusJson } from "./amazon-connection-panel";

export const metadata: Metadata = { title: "Amazon connection" };

export default async function SellerAmazonPage({ searchParams }: { searchParams: Promise<{ error?: string; connected?: string }> }) {
  const actor = await requireRouteAccess("/seller/amazon");
  const db = getPrisma();
  const [onboarding, status, params] = await Promise.all([getOnboardingState(db, actor), getSyncStatus(db, actor), searchParams]);
  // Dates become ISO strings, exactly what the polling route returns.
  const initialStatus = JSON.parse(JSON.stringify(status)) as SyncStatusJson;
  const readyToConnect = onboarding ? hasReached(onboarding.step, "CONNECT") : false;

  return (
    <>
      <PageHeader title="Amazon connection" description="Authorize FireFeed to read your orders through Amazon's Selling Partner API." />
      <div className="grid gap-6">
        {isAmazonConnectErrorKey(params.error) && (
          <Alert tone="error" title="Amazon was not connected" live="alert">
            {AMAZON_ERROR_MESSAGES[params.error]}
          </Alert>
        )}
        {!readyToConnect && !status.connection ? (
          <Alert
            tone="info"
            title="Finish onboarding first"
            action={<ButtonLink href="/seller/onboarding">Continue onboarding</ButtonLink>}
          >
            Connecting Amazon is the last step of onboarding, after you have accepted the data-use terms.
          </Alert>
        ) : (
          <AmazonConnectionPanel
            initialStatus={initialStatus}
            justConnected={params.connected === "1"}
            regions={onboarding?.regions ?? []}
            canConnect={can(actor, "amazon:connect") && readyToConnect}
            canSync={can(actor, "sync:run")}
            canDisconnect={can(actor, "amazon:disconnect")}
          />
        )}
      </div>
    </>
  );
}
