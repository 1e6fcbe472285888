// Server-side only (no "server-only" import: the scheduler and scripts load it outside Next).
//
// The SP-API client for one seller's connection: decrypt the seller's refresh
// token (its own AAD: amazon_connections.refresh_token_ciphertext, row id) and
// build the client from the VALIDATED SP-API settings (getSpApiConfig: lib/env
// resolves SPAPI_CLIENT_SECRET_FILE, the way production mounts the secret; raw
// process.env would leave it empty). The token lives only in the client's
// closure for the duration of the run. lib/orders' sync takes this through its
// SyncDeps, so tests and the bench can give it the fake's client instead.
import { decryptField } from "@/lib/crypto/field-encryption";
import { createSpApiClient } from "@/lib/spapi/client";
import type { OrdersSource } from "@/lib/spapi/orders";
import { getSpApiConfig } from "./spapi-config";

/** What the client needs of an amazon_connections row (the refresh token still encrypted). */
export interface AmazonConnectionCredentials {
  id: string;
  region: "NA" | "EU" | "FE";
  sellingPartnerId: string;
  refreshTokenCiphertext: string | null;
  ordersApiVersion: "V2026_01_01" | "V0";
}

/** Called when Amazon says the seller's authorization is gone (LWA invalid_grant, SP-API 401/403 on a valid token). */
export type RevocationHook = (reason: "invalid_grant" | "unauthorized") => void | Promise<void>;

export class MissingRefreshTokenError extends Error {
  override readonly name = "MissingRefreshTokenError";
}

export async function ordersSourceForConnection(
  connection: AmazonConnectionCredentials,
  hooks: { onRevoked: RevocationHook },
): Promise<OrdersSource> {
  if (!connection.refreshTokenCiphertext) throw new MissingRefreshTokenError("connection has no refresh token");
  const refreshToken = await decryptField(connection.refreshTokenCiphertext, {
    table: "amazon_connections",
    column: "refresh_token_ciphertext",
    recordId: connection.id,
  });
  const client = createSpApiClient({
    config: getSpApiConfig(),
    refreshToken,
    sellerId: connection.sellingPartnerId,
    region: connection.region,
    ordersApiVersion: connection.ordersApiVersion === "V0" ? "v0" : "2026-01-01",
    onRevoked: hooks.onRevoked,
  });
  return client.orders;
}
