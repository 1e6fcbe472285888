-- Seller onboarding and Amazon data (issue #4): onboarding progress, terms
-- acceptances, SP-API connections, OAuth state, orders with encrypted PII,
-- sync runs, the database-backed scheduler, deletion proofs and retention runs.

-- CreateEnum
CREATE TYPE "OnboardingStep" AS ENUM ('ORGANIZATION', 'MARKETPLACES', 'CONTACT', 'TERMS', 'CONNECT', 'COMPLETE');

-- CreateEnum
CREATE TYPE "AmazonRegion" AS ENUM ('NA', 'EU', 'FE');

-- CreateEnum
CREATE TYPE "AmazonConnectionStatus" AS ENUM ('ACTIVE', 'REVOKED', 'DISCONNECTED');

-- CreateEnum
CREATE TYPE "OrdersApiVersion" AS ENUM ('V2026_01_01', 'V0');

-- CreateEnum
CREATE TYPE "SyncRunStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "SyncTrigger" AS ENUM ('MANUAL', 'SCHEDULED');

-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "contact_email" TEXT,
ADD COLUMN     "contact_name" TEXT,
ADD COLUMN     "contact_phone" TEXT,
ADD COLUMN     "marketplace_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "onboarding_completed_at" TIMESTAMPTZ(3),
ADD COLUMN     "onboarding_step" "OnboardingStep" NOT NULL DEFAULT 'ORGANIZATION',
ADD COLUMN     "pii_retention_days" INTEGER NOT NULL DEFAULT 30;

-- CreateTable
CREATE TABLE "terms_acceptances" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "terms_version" TEXT NOT NULL,
    "accepted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "terms_acceptances_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "amazon_connections" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "region" "AmazonRegion" NOT NULL,
    "selling_partner_id" TEXT NOT NULL,
    "refresh_token_ciphertext" TEXT,
    "status" "AmazonConnectionStatus" NOT NULL DEFAULT 'ACTIVE',
    "orders_api_version" "OrdersApiVersion" NOT NULL DEFAULT 'V2026_01_01',
    "connected_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "connected_by_user_id" UUID,
    "disconnected_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "last_sync_at" TIMESTAMPTZ(3),
    "last_sync_status" "SyncRunStatus",
    "last_error" TEXT,
    "last_error_at" TIMESTAMPTZ(3),
    "next_sync_at" TIMESTAMPTZ(3),
    "sync_watermark" TIMESTAMPTZ(3),
    "sync_lease_owner" TEXT,
    "sync_lease_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "amazon_connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "amazon_authorization_states" (
    "id" UUID NOT NULL,
    "state_hash" TEXT NOT NULL,
    "organization_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "region" "AmazonRegion" NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "amazon_authorization_states_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "amazon_orders" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "connection_id" UUID,
    "amazon_order_id" TEXT NOT NULL,
    "marketplace_id" TEXT,
    "status" TEXT NOT NULL,
    "purchase_date" TIMESTAMPTZ(3) NOT NULL,
    "last_update_date" TIMESTAMPTZ(3) NOT NULL,
    "order_total_amount" DECIMAL(18,2),
    "currency_code" TEXT,
    "fulfillment_channel" TEXT,
    "item_count" INTEGER,
    "shipped_at" TIMESTAMPTZ(3),
    "delivered_at" TIMESTAMPTZ(3),
    "buyer_name" TEXT,
    "buyer_email" TEXT,
    "buyer_email_index" TEXT,
    "buyer_phone" TEXT,
    "ship_name" TEXT,
    "ship_address_line1" TEXT,
    "ship_address_line2" TEXT,
    "ship_address_line3" TEXT,
    "ship_city" TEXT,
    "ship_district" TEXT,
    "ship_state_or_region" TEXT,
    "ship_municipality" TEXT,
    "ship_postal_code" TEXT,
    "ship_country_code" TEXT,
    "ship_phone" TEXT,
    "pii_purged_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "amazon_orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_runs" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "connection_id" UUID NOT NULL,
    "trigger" "SyncTrigger" NOT NULL,
    "status" "SyncRunStatus" NOT NULL DEFAULT 'RUNNING',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "window_end" TIMESTAMPTZ(3),
    "next_page_token" TEXT,
    "pages_fetched" INTEGER NOT NULL DEFAULT 0,
    "orders_upserted" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "sync_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scheduled_jobs" (
    "name" TEXT NOT NULL,
    "next_run_at" TIMESTAMPTZ(3) NOT NULL,
    "locked_by" TEXT,
    "locked_until" TIMESTAMPTZ(3),
    "last_run_at" TIMESTAMPTZ(3),
    "last_status" TEXT,
    "last_error" TEXT,

    CONSTRAINT "scheduled_jobs_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "data_deletion_records" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "connection_id" UUID,
    "reason" TEXT NOT NULL,
    "orders_deleted" INTEGER NOT NULL,
    "requested_by_user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "data_deletion_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "retention_runs" (
    "id" UUID NOT NULL,
    "trigger" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "orders_pii_purged" INTEGER NOT NULL DEFAULT 0,
    "orders_deleted" INTEGER NOT NULL DEFAULT 0,
    "triggered_by_user_id" UUID,

    CONSTRAINT "retention_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "terms_acceptances_organization_id_accepted_at_idx" ON "terms_acceptances"("organization_id", "accepted_at");

-- CreateIndex
CREATE INDEX "amazon_connections_status_next_sync_at_idx" ON "amazon_connections"("status", "next_sync_at");

-- CreateIndex
CREATE UNIQUE INDEX "amazon_connections_organization_id_region_key" ON "amazon_connections"("organization_id", "region");

-- CreateIndex
CREATE UNIQUE INDEX "amazon_authorization_states_state_hash_key" ON "amazon_authorization_states"("state_hash");

-- CreateIndex
CREATE INDEX "amazon_authorization_states_organization_id_idx" ON "amazon_authorization_states"("organization_id");

-- CreateIndex
CREATE INDEX "amazon_orders_organization_id_purchase_date_idx" ON "amazon_orders"("organization_id", "purchase_date");

-- CreateIndex
CREATE INDEX "amazon_orders_organization_id_last_update_date_idx" ON "amazon_orders"("organization_id", "last_update_date");

-- CreateIndex
CREATE INDEX "amazon_orders_organization_id_buyer_email_index_idx" ON "amazon_orders"("organization_id", "buyer_email_index");

-- CreateIndex
CREATE UNIQUE INDEX "amazon_orders_organization_id_amazon_order_id_key" ON "amazon_orders"("organization_id", "amazon_order_id");

-- CreateIndex
CREATE INDEX "sync_runs_connection_id_started_at_idx" ON "sync_runs"("connection_id", "started_at");

-- CreateIndex
CREATE INDEX "sync_runs_organization_id_started_at_idx" ON "sync_runs"("organization_id", "started_at");

-- CreateIndex
CREATE INDEX "data_deletion_records_organization_id_created_at_idx" ON "data_deletion_records"("organization_id", "created_at");

-- CreateIndex
CREATE INDEX "retention_runs_started_at_idx" ON "retention_runs"("started_at");

-- AddForeignKey
ALTER TABLE "terms_acceptances" ADD CONSTRAINT "terms_acceptances_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "amazon_connections" ADD CONSTRAINT "amazon_connections_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "amazon_orders" ADD CONSTRAINT "amazon_orders_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "amazon_connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "data_deletion_records" ADD CONSTRAINT "data_deletion_records_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
