import { describe, expect, it } from "vitest";
import { isGenericMailbox } from "./generic-mailbox";

describe("isGenericMailbox", () => {
  it.each([
    "admin@acme.com",
    "Administrator@acme.com",
    "info@acme.com",
    "ops@acme.com",
    "operations@acme.com",
    "support@acme.com",
    "SECURITY@acme.com",
    "sales@acme.com",
    "contact@acme.com",
    "hello@acme.com",
    "help@acme.com",
    "billing@acme.com",
    "noreply@acme.com",
    "no-reply@acme.com",
    "no_reply@acme.com",
    "do-not-reply@acme.com",
    "postmaster@acme.com",
    "webmaster@acme.com",
    "hostmaster@acme.com",
    "abuse@acme.com",
    "root@acme.com",
    "team@acme.com",
    "office@acme.com",
    "it@acme.com",
    "hr@acme.com",
    "finance@acme.com",
    "accounts@acme.com",
    "marketing@acme.com",
    "dev@acme.com",
    "devops@acme.com",
    "test@acme.com",
    " Support+urgent@acme.com ",
    "support-eu@acme.com",
    "admin2@acme.com",
    "it-support@acme.com",
    "security.team@acme.com",
    "security-ops@acme.com",
  ])("%s is a shared mailbox", (email) => {
    expect(isGenericMailbox(email)).toBe(true);
  });

  it.each([
    "jane.doe@acme.com",
    "dev.patel@acme.com",
    "jane.support@acme.com",
    "adminton@acme.com",
    "sophie@info.example",
    "j.admin-smith@acme.com",
    "jo-admin@acme.com",
    "itzel@acme.com",
    "not-an-address",
  ])("%s is a person (or not an address)", (email) => {
    expect(isGenericMailbox(email)).toBe(false);
  });
});
