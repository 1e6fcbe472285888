-- A keyed audit chain (issue 9, finding 3; ADR 0016).
--
-- Every row appended from now on carries hash = HMAC-SHA-256 under the audit
-- key of the master key named in mac_key_id (lib/audit/record-audit.ts), so a
-- database superuser cannot forge, re-chain or append rows without the key.
-- Existing rows keep their unkeyed sha256 (mac_key_id NULL): they are NOT
-- rewritten (that would launder any earlier tampering), and the verifier
-- accepts them only as the chain's prefix, pinned by the first keyed row,
-- whose MAC covers the last legacy hash (lib/audit/chain-verify.ts).

-- AlterTable
ALTER TABLE "audit_events" ADD COLUMN "mac_key_id" TEXT;
