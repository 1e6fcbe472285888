// Server-side only.
//
// Opaque single-use tokens for e-mail links, invitations and MFA challenges.
// Only the SHA-256 hash is stored: a database dump does not hand out working
// links. A plain (unkeyed) hash is enough here because the token has 256 bits
// of entropy: unlike a password or an e-mail address it cannot be guessed.
import "server-only";
import { createHash, randomBytes } from "node:crypto";

const TOKEN_BYTES = 32;

/** A fresh random token (base64url, 43 characters) and the hash to store. */
export function createOpaqueToken(): { token: string; tokenHash: string } {
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  return { token, tokenHash: hashOpaqueToken(token) };
}

/** The stored form of a token: SHA-256, lower-case hex. Look rows up by this, never by the token. */
export function hashOpaqueToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
