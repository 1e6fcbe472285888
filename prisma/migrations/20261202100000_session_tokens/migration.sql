-- Session tokens that are secrets (issue 9, finding 2; control A4).
--
-- Until now the session cookie carried the session row's id, and that id is
-- shown as an audit target in the security console: with the signing secret,
-- anyone who could read the audit log could mint a cookie for someone else's
-- session. From now on the cookie carries a random 256-bit token and the row
-- stores only its SHA-256 (token_hash); the id stays the session's PUBLIC
-- reference (audit log, sessions screens, logs) and can no longer be turned
-- into a cookie.
--
-- Existing sessions have no token: they are revoked (their users sign in
-- again) and get a random placeholder hash that no token can match.

-- AlterTable
ALTER TABLE "sessions" ADD COLUMN "token_hash" TEXT;

UPDATE "sessions"
SET "token_hash" = encode(sha256(convert_to(gen_random_uuid()::text || '|' || gen_random_uuid()::text, 'UTF8')), 'hex'),
    "revoked_at" = COALESCE("revoked_at", CURRENT_TIMESTAMP),
    "revoked_reason" = COALESCE("revoked_reason", 'session-token-upgrade');

ALTER TABLE "sessions" ALTER COLUMN "token_hash" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions"("token_hash");
