// Server-side only. The signed-in caller as every authorization decision sees
// it: built from the server-side session row and the user row (re-read on
// every request), never from what the browser sends.
import type { Role } from "@/lib/rbac/roles";

export type ActorKind = "SELLER" | "OPERATOR";

export interface Actor {
  userId: string;
  sessionId: string;
  email: string;
  displayName: string;
  kind: ActorKind;
  role: Role;
  /** The tenant boundary: every seller query filters by it. Null for operators. */
  organizationId: string | null;
  /** Last successful MFA check in this session (sign-in or step-up). */
  mfaVerifiedAt: Date | null;
}
