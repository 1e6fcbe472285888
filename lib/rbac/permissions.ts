// The one permission vocabulary (controls A2, N6). Plain data, no I/O: loadable
// from middleware, server components, server actions, scripts and (to hide
// buttons only) client components. Granting happens in ./roles.ts only.
import { z } from "zod";

export const PERMISSIONS = [
  // Seller portal (tenant-scoped: always within the caller's own organization).
  "seller:view",
  "orders:view", // order list and details with buyer PII masked
  "orders:reveal-pii", // unmask buyer name/address/phone of one order; audited, step-up
  "amazon:connect",
  "amazon:disconnect",
  "sync:run",
  "team:view",
  "team:manage", // invite, remove, change roles of users of the own organization
  // Everyone: own profile, password, MFA factors, own sessions.
  "account:manage-self",
  // Operator console.
  "admin:access",
  "sellers:view", // seller accounts without buyer PII
  "sellers:manage",
  "connections:view-health",
  "operators:view",
  "operators:invite",
  "users:change-role",
  "users:deactivate",
  "users:reset-mfa",
  "sessions:revoke-any",
  "audit:view",
  "audit:export",
  "alerts:manage",
  "incidents:view",
  "incidents:manage",
  "access-reviews:manage",
  "log-reviews:manage",
  "keys:manage",
  "backups:manage",
  "settings:manage",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const permissionSchema = z.enum(PERMISSIONS);

export function isPermission(value: unknown): value is Permission {
  return permissionSchema.safeParse(value).success;
}

export type PermissionAudience = "seller" | "operator" | "any";

export interface PermissionDefinition {
  /** Which kind of role may ever hold it; roles.test.ts enforces this. */
  readonly audience: PermissionAudience;
  /** Requires an MFA check within the step-up window (lib/auth/mfa/step-up.ts). */
  readonly requiresStepUp: boolean;
  /** Gives access to Amazon Information (orders): the holder must have MFA (A3). */
  readonly accessesAmazonInformation: boolean;
  /** Shows buyer PII unmasked. */
  readonly revealsPii: boolean;
  readonly description: string;
}

const def = (
  audience: PermissionAudience,
  description: string,
  flags: Partial<Pick<PermissionDefinition, "requiresStepUp" | "accessesAmazonInformation" | "revealsPii">> = {},
): PermissionDefinition => ({
  audience,
  description,
  requiresStepUp: flags.requiresStepUp ?? false,
  accessesAmazonInformation: flags.accessesAmazonInformation ?? false,
  revealsPii: flags.revealsPii ?? false,
});

// Record<Permission, ...> makes the compiler refuse a permission without a
// definition (and an object literal with an unknown key).
export const PERMISSION_DEFINITIONS: Readonly<Record<Permission, PermissionDefinition>> = {
  "seller:view": def("seller", "Open the seller portal of the own organization"),
  "orders:view": def("seller", "List and read orders with buyer PII masked", { accessesAmazonInformation: true }),
  "orders:reveal-pii": def("seller", "Unmask buyer PII of an order (recorded)", {
    accessesAmazonInformation: true,
    revealsPii: true,
    requiresStepUp: true,
  }),
  // Connecting/disconnecting hands over or revokes the SP-API refresh token:
  // a credential ("key") operation.
  "amazon:connect": def("seller", "Authorize FireFeed on the seller's Amazon account", { requiresStepUp: true }),
  "amazon:disconnect": def("seller", "Revoke the Amazon authorization", { requiresStepUp: true }),
  "sync:run": def("seller", "Start an order synchronization now"),
  "team:view": def("seller", "See the users and roles of the own organization"),
  // Changing roles and removing users inside the organization is a role change (A3 step-up).
  "team:manage": def("seller", "Invite, remove and change roles of the own organization's users", {
    requiresStepUp: true,
  }),
  "account:manage-self": def("any", "Own profile, password, two-step verification and sessions"),
  "admin:access": def("operator", "Open the operator console"),
  "sellers:view": def("operator", "List seller accounts and their status, no buyer PII"),
  "sellers:manage": def("operator", "Suspend or reactivate seller accounts", { requiresStepUp: true }),
  "connections:view-health": def("operator", "See Amazon connection and sync health, no tokens"),
  "operators:view": def("operator", "List operator accounts and their roles"),
  // Creating an operator creates privileged access.
  "operators:invite": def("operator", "Invite a new operator", { requiresStepUp: true }),
  "users:change-role": def("operator", "Change any user's role", { requiresStepUp: true }),
  "users:deactivate": def("operator", "Deactivate any user", { requiresStepUp: true }),
  // Resetting someone's MFA is the classic account-takeover path.
  "users:reset-mfa": def("operator", "Reset another user's two-step verification", { requiresStepUp: true }),
  // Deliberately no step-up: killing a suspicious session must be fast during an incident.
  "sessions:revoke-any": def("operator", "Revoke any user's sessions"),
  "audit:view": def("operator", "Read the audit trail"),
  // Bulk egress of the audit trail (IP addresses, user ids).
  "audit:export": def("operator", "Export the audit trail", { requiresStepUp: true }),
  "alerts:manage": def("operator", "Acknowledge and tune security alerts"),
  "incidents:view": def("operator", "Read security incidents"),
  "incidents:manage": def("operator", "Open, update and close security incidents"),
  "access-reviews:manage": def("operator", "Run periodic access reviews"),
  "log-reviews:manage": def("operator", "Record periodic log reviews"),
  "keys:manage": def("operator", "Rotate encryption keys", { requiresStepUp: true }),
  "backups:manage": def("operator", "Create, restore and test backups", { requiresStepUp: true }),
  "settings:manage": def("operator", "Change security settings (e.g. admin CIDRs)", { requiresStepUp: true }),
};
