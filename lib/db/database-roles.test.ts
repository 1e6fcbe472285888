// The web server's start-up refusal (issue 9): which connections are fit to serve with.
import { describe, expect, it } from "vitest";
import { leastPrivilegeProblems, type ConnectionPrivileges } from "./database-roles";

const portal: ConnectionPrivileges = {
  sessionUser: "firefeed_portal",
  currentUser: "firefeed_app",
  sessionIsSuperuser: false,
  sessionCanCreateRoles: false,
  sessionOwnsObjects: false,
  sessionCanRewriteAudit: false,
  embedded: false,
};

describe("leastPrivilegeProblems", () => {
  it("accepts a login role that is only a member of firefeed_app", () => {
    expect(leastPrivilegeProblems(portal)).toEqual([]);
  });

  it.each([
    ["a superuser", { sessionIsSuperuser: true }, /is a superuser/],
    ["a role that can create roles", { sessionCanCreateRoles: true }, /can create roles/],
    ["the owner of the tables", { sessionOwnsObjects: true }, /owns the portal's tables/],
    ["a role that may rewrite the audit log", { sessionCanRewriteAudit: true }, /update or delete audit_events/],
    ["a role that is not a member of firefeed_app", { currentUser: "firefeed_portal" }, /could not switch/],
  ] as const)("refuses %s", (_what, change, message) => {
    const problems = leastPrivilegeProblems({ ...portal, ...change });
    expect(problems.join("\n")).toMatch(message);
    expect(problems.join("\n")).toContain('"firefeed_portal"');
  });

  it("on the embedded database (one superuser session) requires the switch to firefeed_app", () => {
    const embedded = { ...portal, embedded: true, sessionUser: "postgres", sessionIsSuperuser: true, sessionOwnsObjects: true };
    expect(leastPrivilegeProblems(embedded)).toEqual([]);
    expect(leastPrivilegeProblems({ ...embedded, currentUser: "postgres" })).toEqual(["the embedded database session did not switch to firefeed_app"]);
  });
});
