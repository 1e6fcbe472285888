// Server-side only: it handles the SP-API refresh token and must never reach
// a client component.
//
// SP-API website authorization workflow (docs amazon.md §1, controls T5, A3):
//
// 1. startAmazonAuthorization: a random `state` (256 bits) bound to the
//    caller's session, user, organization and region, valid 10 minutes and
//    usable once. Only its SHA-256 is stored: a database reader cannot replay
//    a pending authorization. The seller is sent to Seller Central's consent
//    page with our application id, the state and our redirect_uri.
// 2. completeAmazonAuthorization (the callback): the state is consumed with
//    ONE conditional UPDATE (exists, unused, unexpired, same session): two
//    concurrent callbacks with the same state cannot both pass. Only then is
//    `spapi_oauth_code` exchanged at LWA; the refresh token is stored
//    encrypted (AES-256-GCM, its own AAD: amazon_connections /
//    refresh_token_ciphertext / connection id) together with the
//    selling_partner_id and region, in one transaction with the audit row.
//
// Every failure (denied consent, bad/reused/expired state, other session,
// expired code, LWA errors) changes nothing but the state's single use and an
// `amazon.connect_failed` audit row, and maps to a short error key the page
// turns into plain words. Tokens, codes and Amazon's error texts are never
// logged, audited or put in a URL.
import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { encryptField } from "@/lib/crypto/field-encryption";
import type { AmazonRegion } from "@/lib/db/generated/enums";
import { getLogger } from "@/lib/log";
import { completeOnboardingOnConnect, hasReached } from "@/lib/onboarding/onboarding";
import { regionsForMarketplaces } from "@/lib/onboarding/marketplaces";
import { hasPermission } from "@/lib/rbac/roles";
import { consentUrl, type SpApiConfig } from "@/lib/spapi/config";
import { LwaInvalidGrantError } from "@/lib/spapi/errors";
import { exchangeAuthorizationCode, type AuthorizationCodeExchange } from "@/lib/spapi/lwa";
import type { RequestContext } from "@/lib/http/request-context";
import type { Db } from "@/lib/db/db";

export const AUTHORIZATION_STATE_TTL_MS = 10 * 60 * 1000;
const STATE_BYTES = 32;

/** Short keys for the callback's outcome; /seller/amazon maps them to plain words (AMAZON_ERROR_MESSAGES). */
export type AmazonConnectErrorKey = "denied" | "state" | "expired" | "amazon" | "account" | "session";

export const AMAZON_ERROR_MESSAGES: Readonly<Record<AmazonConnectErrorKey, string>> = Object.freeze({
  denied: "Amazon was not connected because the authorization was cancelled on Amazon. You can try again at any time.",
  state:
    "This authorization link is not valid any more (it was already used, has expired, or was started in another session). Nothing was changed. Start again with “Connect Amazon”.",
  expired: "Amazon's authorization took too long or was already used. Nothing was changed. Start again with “Connect Amazon”.",
  amazon: "Amazon could not complete the authorization right now. Nothing was changed. Try again in a few minutes.",
  account:
    "This region is already connected to a different Amazon seller account. Disconnect it first if you want to connect another account.",
  session: "Sign in again, then start again with “Connect Amazon”.",
});

export function isAmazonConnectErrorKey(value: string | null | undefined): value is AmazonConnectErrorKey {
  return value !== null && value !== undefined && Object.hasOwn(AMAZON_ERROR_MESSAGES, value);
}

/** The stored form of a state value: SHA-256 hex (the state itself has 256 bits of entropy, so no salt is needed). */
export function hashAuthorizationState(state: string): string {
  return createHash("sha256").update(state, "utf8").digest("hex");
}

export type StartAuthorizationResult = { ok: true; consentUrl: string; expiresAt: Date } | { ok: false; error: string };

/**
 * Step 1. The caller (a server action) has checked amazon:connect and
 * step-up; re-checked here because this hands out a way to bind an Amazon
 * account to the organization.
 */
export async function startAmazonAuthorization(
  db: Db,
  actor: Actor,
  region: AmazonRegion,
  options: { config: SpApiConfig; now?: Date },
): Promise<StartAuthorizationResult> {
  if (!actor.organizationId || actor.kind !== "SELLER" || !hasPermission(actor.role, "amazon:connect")) {
    return { ok: false, error: "You do not have permission to connect Amazon." };
  }
  const organization = await db.organization.findUnique({
    where: { id: actor.organizationId },
    select: { onboardingStep: true, marketplaceIds: true },
  });
  if (!organization) return { ok: false, error: "Your organization was not found." };
  // The data-use terms come first: no Amazon data before they are accepted.
  if (!hasReached(organization.onboardingStep, "CONNECT")) {
    return { ok: false, error: "Finish onboarding (including the data-use terms) before connecting Amazon." };
  }
  if (!regionsForMarketplaces(organization.marketplaceIds).includes(region)) {
    return { ok: false, error: "Choose a region of the marketplaces you sell in." };
  }

  const now = options.now ?? new Date();
  const state = randomBytes(STATE_BYTES).toString("base64url");
  const expiresAt = new Date(now.getTime() + AUTHORIZATION_STATE_TTL_MS);
  // Housekeeping: this session's earlier unused states are superseded (a fresh click starts over).
  await db.$transaction([
    db.amazonAuthorizationState.deleteMany({ where: { sessionId: actor.sessionId, usedAt: null } }),
    db.amazonAuthorizationState.create({
      data: {
        stateHash: hashAuthorizationState(state),
        organizationId: actor.organizationId,
        userId: actor.userId,
        sessionId: actor.sessionId,
        region,
        expiresAt,
      },
    }),
  ]);
  return { ok: true, consentUrl: consentUrl(options.config, { region, state }), expiresAt };
}

export interface CallbackParams {
  state: string | null;
  spapiOauthCode: string | null;
  sellingPartnerId: string | null;
  /** Amazon's (or OAuth's) `error` parameter: consent denied or failed. */
  error: string | null;
}

export type CompleteAuthorizationResult =
  | { ok: true; connectionId: string; region: AmazonRegion; onboardingCompleted: boolean }
  | { ok: false; error: AmazonConnectErrorKey };

export interface CompleteAuthorizationOptions {
  config: SpApiConfig;
  request: RequestContext;
  now?: Date;
  /** Injected in tests; defaults to the real LWA exchange. */
  exchangeCode?: (config: SpApiConfig, code: string) => Promise<AuthorizationCodeExchange>;
}

const SELLING_PARTNER_ID = /^[A-Z0-9]{8,32}$/;
const MAX_PARAM_LENGTH = 2048;

function boundedParam(value: string | null): string | null {
  return value && value.length <= MAX_PARAM_LENGTH ? value : null;
}

async function auditConnectFailed(
  db: Db,
  actor: Actor | null,
  reason: AmazonConnectErrorKey,
  request: RequestContext,
  region?: AmazonRegion,
): Promise<void> {
  try {
    await db.$transaction(async (tx) => {
      await recordAudit(tx, {
        action: "amazon.connect_failed",
        result: "FAILURE",
        actorUserId: actor?.userId ?? null,
        organizationId: actor?.organizationId ?? null,
        targetType: "amazon_connection",
        targetId: region ?? null,
        ipAddress: request.ipAddress,
        userAgent: request.userAgent,
        requestId: request.requestId,
        details: { reason },
      });
    });
  } catch (error) {
    getLogger().error({ err: error, reason }, "could not record amazon.connect_failed");
  }
}

/**
 * Step 3-5, for the callback route. `actor` is whoever is signed in on this
 * browser right now (null when nobody is): the state must have been issued to
 * that very session.
 */
export async function completeAmazonAuthorization(
  db: Db,
  actor: Actor | null,
  params: CallbackParams,
  options: CompleteAuthorizationOptions,
): Promise<CompleteAuthorizationResult> {
  const { request } = options;
  const now = options.now ?? new Date();
  const fail = async (reason: AmazonConnectErrorKey, region?: AmazonRegion): Promise<CompleteAuthorizationResult> => {
    await auditConnectFailed(db, actor, reason, request, region);
    return { ok: false, error: reason };
  };

  if (!actor || !actor.organizationId || actor.kind !== "SELLER") return fail("session");
  if (!hasPermission(actor.role, "amazon:connect")) return fail("session");

  const state = boundedParam(params.state);
  if (!state) return fail("state");

  // Consume the state: exactly one callback can win, and only from the session it was issued to.
  const stateHash = hashAuthorizationState(state);
  const consumed = await db.amazonAuthorizationState.updateMany({
    where: {
      stateHash,
      usedAt: null,
      expiresAt: { gt: now },
      sessionId: actor.sessionId,
      userId: actor.userId,
      organizationId: actor.organizationId,
    },
    data: { usedAt: now },
  });
  if (consumed.count !== 1) return fail("state");
  const stateRow = await db.amazonAuthorizationState.findUnique({ where: { stateHash }, select: { region: true } });
  const region = stateRow?.region;
  if (!region) return fail("state");

  // The seller pressed Cancel (or Amazon refused): the state is spent, nothing else changes.
  if (params.error) return fail("denied", region);

  const code = boundedParam(params.spapiOauthCode);
  const sellingPartnerId = boundedParam(params.sellingPartnerId);
  if (!code || !sellingPartnerId || !SELLING_PARTNER_ID.test(sellingPartnerId)) return fail("amazon", region);

  let exchange: AuthorizationCodeExchange;
  try {
    exchange = await (options.exchangeCode ?? exchangeAuthorizationCode)(options.config, code);
  } catch (error) {
    // invalid_grant: the code expired (5 minutes) or was already used. Anything else: LWA trouble.
    const reason: AmazonConnectErrorKey = error instanceof LwaInvalidGrantError ? "expired" : "amazon";
    // The error's message is ours (lib/spapi never copies Amazon's text or the code into it).
    getLogger().warn({ reason, errorName: error instanceof Error ? error.name : "unknown" }, "LWA code exchange failed");
    return fail(reason, region);
  }

  const organizationId = actor.organizationId;
  const existing = await db.amazonConnection.findUnique({
    where: { organizationId_region: { organizationId, region } },
    select: { id: true, status: true, sellingPartnerId: true },
  });
  // A live connection of this region to ANOTHER Amazon account keeps its orders; replacing
  // it silently would mix two sellers' data. The seller disconnects (deleting the data) first.
  if (existing && existing.status === "ACTIVE" && existing.sellingPartnerId !== sellingPartnerId) {
    return fail("account", region);
  }

  const connectionId = existing?.id ?? randomUUID();
  // The AAD binds the ciphertext to this row and column: copied elsewhere it does not decrypt.
  const refreshTokenCiphertext = await encryptField(exchange.refreshToken, {
    table: "amazon_connections",
    column: "refresh_token_ciphertext",
    recordId: connectionId,
  });

  const result = await db.$transaction(async (tx) => {
    // Re-authorizing a live connection keeps its sync watermark; after a disconnect
    // or revocation (data deleted) the next sync starts from scratch.
    const keepWatermark = existing?.status === "ACTIVE";
    const connectionFields = {
      sellingPartnerId,
      refreshTokenCiphertext,
      status: "ACTIVE" as const,
      connectedAt: now,
      connectedByUserId: actor.userId,
      disconnectedAt: null,
      revokedAt: null,
      lastError: null,
      lastErrorAt: null,
      // The first sync is due at once; the callback route also starts it.
      nextSyncAt: now,
      ...(keepWatermark ? {} : { syncWatermark: null }),
    };
    if (existing) {
      await tx.amazonConnection.update({ where: { id: connectionId }, data: connectionFields });
    } else {
      await tx.amazonConnection.create({ data: { id: connectionId, organizationId, region, ...connectionFields } });
    }
    const onboardingCompleted = await completeOnboardingOnConnect(tx, organizationId, now);
    await recordAudit(tx, {
      action: "amazon.connected",
      result: "SUCCESS",
      actorUserId: actor.userId,
      organizationId,
      targetType: "amazon_connection",
      targetId: connectionId,
      ipAddress: request.ipAddress,
      userAgent: request.userAgent,
      requestId: request.requestId,
      details: { region, sellingPartnerId, reauthorized: existing !== null },
    });
    return { onboardingCompleted };
  });
  return { ok: true, connectionId, region, onboardingCompleted: result.onboardingCompleted };
}
