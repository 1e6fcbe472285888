// Public surface of the RBAC module (controls A2, N6). Plain data and pure
// functions: safe in middleware, server code and (to hide buttons only)
// client components. The app/ directory walker (node:fs) is deliberately not
// re-exported: import it from "@/lib/rbac/app-routes.test-support" in tests.
export {
  PERMISSIONS,
  PERMISSION_DEFINITIONS,
  isPermission,
  permissionSchema,
  type Permission,
  type PermissionAudience,
  type PermissionDefinition,
} from "./permissions";
export {
  ROLES,
  hasPermission,
  permissionsFor,
  roleKind,
  rolePermissions,
  roleRequiresMfa,
  roleSchema,
  type Role,
  type RoleKind,
} from "./roles";
export {
  ROUTE_POLICY,
  decideRouteAccess,
  matchingRouteEntries,
  normalizePathname,
  resolveRouteAccess,
  routeRequirement,
  routeActorSchema,
  type RouteAccess,
  type RouteActor,
  type RouteDecision,
  type RoutePolicyEntry,
  type RouteRequirement,
} from "./route-policy";
