// Server-side only (no "server-only" import: the scheduler and scripts load it outside Next).
//
// The production OrdersSource for a connection: decrypt the seller's refresh
// token (its own AAD: amazon_connections.refresh_token_ciphertext, row id) and
// build the SP-API client from the VALIDATED SP-API settings (getSpApiConfig:
// lib/env resolves SPAPI_CLIENT_SECRET_FILE, the way production mounts the
// secret; raw process.env would leave it empty). The token lives only in the
// client's closure for the duration of the run.
import { decryptField } from "@/lib/crypto/field-encryption";
import { getSpApiConfig } from "@/lib/amazon/spapi-config";
import { createSpApiClient } from "@/lib/spapi/client";
import type { SyncConnection, SyncDeps } from "./sync";

export class MissingRefreshTokenError extends Error {
  override readonly name = "MissingRefreshTokenError";
}

export function defaultSyncDeps(): SyncDeps {
  return {
    async createOrdersSource(connection: SyncConnection, hooks) {
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
    },
  };
}
