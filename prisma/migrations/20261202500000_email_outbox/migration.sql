-- E-mail out of the request path (issue 9, finding 5; ADR 0020).
--
-- Forgot-password answered ~50 ms later for an existing account than for an
-- unknown one, because only the former waited for SMTP. From now on requests
-- only INSERT here, in the transaction that creates the link's token (a
-- rolled-back change never sends a link); the "email-outbox" job (and a
-- prompt in-process run after each request) claims due rows with
-- FOR UPDATE SKIP LOCKED and sends them (lib/email/outbox-delivery.ts).
--
-- recipient_ciphertext and body_ciphertext hold AES-256-GCM ciphertext (the
-- body carries a single-use link): the database never sees either in clear.
-- Both are nulled when a row is SENT or FAILED; the CHECKs below make the
-- database refuse a finished row that still holds them, or a pending one that
-- lacks them.

-- CreateEnum
CREATE TYPE "EmailOutboxStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- CreateTable
CREATE TABLE "email_outbox" (
    "id" UUID NOT NULL,
    "purpose" TEXT NOT NULL,
    "recipient_ciphertext" TEXT,
    "subject" TEXT NOT NULL,
    "body_ciphertext" TEXT,
    "status" "EmailOutboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "last_error_class" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "email_outbox_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "email_outbox_pending_has_message" CHECK ("status" <> 'PENDING' OR ("recipient_ciphertext" IS NOT NULL AND "body_ciphertext" IS NOT NULL)),
    CONSTRAINT "email_outbox_finished_holds_no_message" CHECK ("status" = 'PENDING' OR ("recipient_ciphertext" IS NULL AND "body_ciphertext" IS NULL))
);

-- CreateIndex
CREATE INDEX "email_outbox_status_next_attempt_at_idx" ON "email_outbox"("status", "next_attempt_at");

-- The portal enqueues, claims, marks and purges rows. The default privileges of
-- 20261202200000_database_roles already grant this when the same owner role
-- runs this migration; granting explicitly also covers an owner that differs.
GRANT SELECT, INSERT, UPDATE, DELETE ON "email_outbox" TO "firefeed_app";
