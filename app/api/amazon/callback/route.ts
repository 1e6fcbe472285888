// SP-API website authorization, step 3 (docs amazon.md §1): Amazon sends the
// seller's browser here with state, selling_partner_id and spapi_oauth_code
// (or an error). lib/amazon/authorization.ts checks the state against THIS
// session, exchanges the code and stores the refresh token encrypted. The
// answer is always a redirect to /seller/amazon with a short outcome key: the
// code never reaches another page, a log line or a Referer header
// (Referrer-Policy: no-referrer here and in middleware's TOKEN_LINK_PATHS).
import { getCurrentActor } from "@/lib/auth/authorize";
import { completeAmazonAuthorization, type AmazonConnectErrorKey } from "@/lib/amazon/authorization";
import { getSpApiConfig } from "@/lib/amazon/spapi-config";
import { getPrisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { getRequestContext } from "@/lib/http/current-request";
import { getLogger } from "@/lib/log";
import { requestSync } from "@/lib/orders/sync";
import { consumeRateLimit } from "@/lib/rate-limit";

export const dynamic = "force-dynamic";

function redirectTo(search: string): Response {
  // Absolute URL from configuration, never from the request's Host header.
  const location = new URL(`/seller/amazon${search}`, getEnv().APP_URL);
  return new Response(null, {
    status: 303,
    headers: { Location: location.toString(), "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" },
  });
}

const failure = (key: AmazonConnectErrorKey) => redirectTo(`?error=${key}`);

export async function GET(request: Request): Promise<Response> {
  const requestContext = await getRequestContext();
  const limit = await consumeRateLimit("amazon-callback:ip", requestContext.ipAddress ?? "unknown");
  if (!limit.allowed) return failure("amazon");

  const params = new URL(request.url).searchParams;
  const actor = await getCurrentActor();
  const db = getPrisma();
  const result = await completeAmazonAuthorization(
    db,
    actor,
    {
      state: params.get("state"),
      spapiOauthCode: params.get("spapi_oauth_code"),
      sellingPartnerId: params.get("selling_partner_id"),
      error: params.get("error"),
    },
    { config: getSpApiConfig(), request: requestContext },
  );
  if (!result.ok) return failure(result.error);

  // The first sync is due now (next_sync_at) and the scheduler would pick it up;
  // starting it here shows orders sooner. A failure to start is not a failed connection.
  if (actor) {
    try {
      await requestSync(db, actor, result.connectionId, requestContext);
    } catch (error) {
      getLogger().warn({ err: error, requestId: requestContext.requestId }, "could not start the first sync after connecting Amazon");
    }
  }
  return redirectTo("?connected=1");
}
