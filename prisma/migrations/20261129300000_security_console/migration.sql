-- The security team's console (issue #5): settings, alerts and their
-- evidence, webhook deliveries, incidents (timeline, corrective actions,
-- affected sellers), seller notices, access review campaigns, the versioned
-- runbook, weekly log reviews, audit chain anchors and security retention runs.
-- Also lets the security retention job (and only it) delete audit rows older
-- than 365 days (control L5).

-- CreateEnum
CREATE TYPE "AlertSeverity" AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL');

-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('OPEN', 'ACKNOWLEDGED', 'DISMISSED', 'ESCALATED');

-- CreateEnum
CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('PENDING', 'DELIVERED', 'FAILED');

-- CreateEnum
CREATE TYPE "IncidentSeverity" AS ENUM ('SEV1', 'SEV2', 'SEV3', 'SEV4');

-- CreateEnum
CREATE TYPE "IncidentPhase" AS ENUM ('DETECTED', 'CONFIRMED', 'CONTAINMENT', 'ANALYSIS', 'RECOVERY', 'POST_MORTEM', 'CLOSED');

-- CreateEnum
CREATE TYPE "IncidentTimelineKind" AS ENUM ('CREATED', 'PHASE_CHANGED', 'NOTE', 'ROLE_ASSIGNED', 'AMAZON_NOTIFIED', 'DEADLINE_WARNING', 'DEADLINE_BREACHED', 'SELLER_LINKED', 'SELLER_NOTIFIED', 'ACTION_ADDED', 'ACTION_UPDATED', 'POST_MORTEM_UPDATED', 'ALERT_LINKED');

-- CreateEnum
CREATE TYPE "IncidentActionStatus" AS ENUM ('OPEN', 'IN_PROGRESS', 'DONE');

-- CreateEnum
CREATE TYPE "AccessReviewStatus" AS ENUM ('OPEN', 'COMPLETED');

-- CreateEnum
CREATE TYPE "AccessReviewSubjectType" AS ENUM ('OPERATOR', 'SELLER_USER', 'AMAZON_CONNECTION');

-- CreateEnum
CREATE TYPE "AccessReviewDecision" AS ENUM ('KEEP', 'CHANGE', 'REVOKE');

-- CreateEnum
CREATE TYPE "LogReviewStatus" AS ENUM ('OPEN', 'COMPLETED');

-- CreateTable
CREATE TABLE "security_settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by_user_id" UUID,

    CONSTRAINT "security_settings_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "audit_consumer_cursors" (
    "name" TEXT NOT NULL,
    "last_audit_event_id" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "audit_consumer_cursors_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL,
    "rule_id" TEXT NOT NULL,
    "group_key" TEXT NOT NULL,
    "severity" "AlertSeverity" NOT NULL,
    "status" "AlertStatus" NOT NULL DEFAULT 'OPEN',
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "organization_id" UUID,
    "subject_user_id" UUID,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "occurrences" INTEGER NOT NULL DEFAULT 1,
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by_user_id" UUID,
    "closed_at" TIMESTAMPTZ(3),
    "closed_by_user_id" UUID,
    "dismiss_reason" TEXT,
    "incident_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_evidence" (
    "alert_id" UUID NOT NULL,
    "audit_event_id" BIGINT NOT NULL,

    CONSTRAINT "alert_evidence_pkey" PRIMARY KEY ("alert_id","audit_event_id")
);

-- CreateTable
CREATE TABLE "operator_known_networks" (
    "user_id" UUID NOT NULL,
    "network" TEXT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "operator_known_networks_pkey" PRIMARY KEY ("user_id","network")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" UUID NOT NULL,
    "alert_id" UUID NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "last_status_code" INTEGER,
    "last_error" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incidents" (
    "id" UUID NOT NULL,
    "number" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "severity" "IncidentSeverity" NOT NULL,
    "phase" "IncidentPhase" NOT NULL DEFAULT 'DETECTED',
    "involves_amazon_information" BOOLEAN NOT NULL DEFAULT false,
    "detected_at" TIMESTAMPTZ(3) NOT NULL,
    "confirmed_at" TIMESTAMPTZ(3),
    "amazon_deadline_at" TIMESTAMPTZ(3),
    "amazon_notified_at" TIMESTAMPTZ(3),
    "amazon_notification_channel" TEXT,
    "amazon_notification_reference" TEXT,
    "amazon_notified_by_user_id" UUID,
    "last_deadline_warning_hours" INTEGER,
    "deadline_breached_at" TIMESTAMPTZ(3),
    "commander_user_id" UUID,
    "communications_lead_user_id" UUID,
    "scribe_user_id" UUID,
    "post_mortem_markdown" TEXT,
    "post_mortem_updated_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "created_by_user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "incidents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_timeline_entries" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "kind" "IncidentTimelineKind" NOT NULL,
    "author_user_id" UUID,
    "body" TEXT,
    "from_phase" "IncidentPhase",
    "to_phase" "IncidentPhase",

    CONSTRAINT "incident_timeline_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_actions" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "owner_user_id" UUID NOT NULL,
    "due_date" DATE NOT NULL,
    "status" "IncidentActionStatus" NOT NULL DEFAULT 'OPEN',
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "incident_actions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_affected_sellers" (
    "incident_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "added_by_user_id" UUID,
    "notified_at" TIMESTAMPTZ(3),
    "emails_sent" INTEGER NOT NULL DEFAULT 0,
    "emails_failed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "incident_affected_sellers_pkey" PRIMARY KEY ("incident_id","organization_id")
);

-- CreateTable
CREATE TABLE "seller_notices" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "incident_id" UUID,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_user_id" UUID,
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by_user_id" UUID,

    CONSTRAINT "seller_notices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_review_campaigns" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "status" "AccessReviewStatus" NOT NULL DEFAULT 'OPEN',
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "completed_at" TIMESTAMPTZ(3),
    "created_by_user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "access_review_campaigns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_review_items" (
    "id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "subject_type" "AccessReviewSubjectType" NOT NULL,
    "subject_user_id" UUID,
    "subject_connection_id" UUID,
    "organization_id" UUID,
    "subject_label" TEXT NOT NULL,
    "access_summary" TEXT NOT NULL,
    "role_at_start" TEXT,
    "decision" "AccessReviewDecision",
    "new_role" TEXT,
    "justification" TEXT,
    "reviewed_by_user_id" UUID,
    "reviewed_at" TIMESTAMPTZ(3),

    CONSTRAINT "access_review_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "runbook_versions" (
    "id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "markdown" TEXT NOT NULL,
    "change_summary" TEXT NOT NULL,
    "created_by_user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "runbook_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "runbook_reviews" (
    "id" UUID NOT NULL,
    "runbook_version_id" UUID NOT NULL,
    "reviewed_by_user_id" UUID NOT NULL,
    "reviewed_at" TIMESTAMPTZ(3) NOT NULL,
    "notes" TEXT NOT NULL,
    "next_due_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "runbook_reviews_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "log_reviews" (
    "id" UUID NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "period_end" TIMESTAMPTZ(3) NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "LogReviewStatus" NOT NULL DEFAULT 'OPEN',
    "completed_at" TIMESTAMPTZ(3),
    "reviewer_user_id" UUID,
    "notes" TEXT,
    "summary" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "log_reviews_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_chain_anchors" (
    "id" UUID NOT NULL,
    "last_deleted_id" BIGINT NOT NULL,
    "last_deleted_hash" CHAR(64) NOT NULL,
    "rows_deleted" INTEGER NOT NULL,
    "cutoff" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_chain_anchors_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "security_retention_runs" (
    "id" UUID NOT NULL,
    "trigger" TEXT NOT NULL,
    "cutoff" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "audit_events_deleted" INTEGER NOT NULL DEFAULT 0,
    "alerts_deleted" INTEGER NOT NULL DEFAULT 0,
    "other_records_deleted" INTEGER NOT NULL DEFAULT 0,
    "triggered_by_user_id" UUID,

    CONSTRAINT "security_retention_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_events_target_type_target_id_occurred_at_idx" ON "audit_events"("target_type", "target_id", "occurred_at");

-- CreateIndex
CREATE INDEX "alerts_status_last_seen_at_idx" ON "alerts"("status", "last_seen_at");

-- CreateIndex
CREATE INDEX "alerts_rule_id_group_key_status_idx" ON "alerts"("rule_id", "group_key", "status");

-- CreateIndex
CREATE INDEX "alerts_last_seen_at_idx" ON "alerts"("last_seen_at");

-- CreateIndex
CREATE INDEX "webhook_deliveries_status_next_attempt_at_idx" ON "webhook_deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE UNIQUE INDEX "incidents_number_key" ON "incidents"("number");

-- CreateIndex
CREATE INDEX "incidents_phase_created_at_idx" ON "incidents"("phase", "created_at");

-- CreateIndex
CREATE INDEX "incidents_amazon_deadline_at_idx" ON "incidents"("amazon_deadline_at");

-- CreateIndex
CREATE INDEX "incident_timeline_entries_incident_id_occurred_at_idx" ON "incident_timeline_entries"("incident_id", "occurred_at");

-- CreateIndex
CREATE INDEX "incident_actions_incident_id_idx" ON "incident_actions"("incident_id");

-- CreateIndex
CREATE INDEX "incident_actions_status_due_date_idx" ON "incident_actions"("status", "due_date");

-- CreateIndex
CREATE INDEX "incident_affected_sellers_organization_id_idx" ON "incident_affected_sellers"("organization_id");

-- CreateIndex
CREATE INDEX "seller_notices_organization_id_created_at_idx" ON "seller_notices"("organization_id", "created_at");

-- CreateIndex
CREATE INDEX "access_review_campaigns_status_due_at_idx" ON "access_review_campaigns"("status", "due_at");

-- CreateIndex
CREATE INDEX "access_review_items_campaign_id_reviewed_at_idx" ON "access_review_items"("campaign_id", "reviewed_at");

-- CreateIndex
CREATE UNIQUE INDEX "runbook_versions_version_key" ON "runbook_versions"("version");

-- CreateIndex
CREATE INDEX "runbook_reviews_reviewed_at_idx" ON "runbook_reviews"("reviewed_at");

-- CreateIndex
CREATE UNIQUE INDEX "log_reviews_period_start_key" ON "log_reviews"("period_start");

-- CreateIndex
CREATE INDEX "log_reviews_status_due_at_idx" ON "log_reviews"("status", "due_at");

-- CreateIndex
CREATE INDEX "audit_chain_anchors_last_deleted_id_idx" ON "audit_chain_anchors"("last_deleted_id");

-- CreateIndex
CREATE INDEX "security_retention_runs_started_at_idx" ON "security_retention_runs"("started_at");

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_evidence" ADD CONSTRAINT "alert_evidence_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_timeline_entries" ADD CONSTRAINT "incident_timeline_entries_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_actions" ADD CONSTRAINT "incident_actions_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_affected_sellers" ADD CONSTRAINT "incident_affected_sellers_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_affected_sellers" ADD CONSTRAINT "incident_affected_sellers_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seller_notices" ADD CONSTRAINT "seller_notices_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seller_notices" ADD CONSTRAINT "seller_notices_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_review_items" ADD CONSTRAINT "access_review_items_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "access_review_campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "runbook_reviews" ADD CONSTRAINT "runbook_reviews_runbook_version_id_fkey" FOREIGN KEY ("runbook_version_id") REFERENCES "runbook_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Audit retention (control L5). Written by hand: Prisma cannot express
-- triggers. audit_events stays append-only (UPDATE and TRUNCATE are always
-- refused); DELETE is allowed only when the deleting transaction has declared
-- itself the retention job (SET LOCAL firefeed.audit_retention = 'on') AND the
-- row is older than 365 days. So even a misconfigured job, or a bug, can never
-- delete a security record younger than the minimum the controls promise; the
-- job also records an audit_chain_anchors row so the verifier still walks the
-- remaining chain.
CREATE OR REPLACE FUNCTION "audit_events_refuse_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
        AND current_setting('firefeed.audit_retention', true) = 'on'
        AND OLD."occurred_at" < now() - interval '365 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
