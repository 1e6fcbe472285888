// Hostile text in the sign-up form on a real database (issue 9, finding 6): a
// NUL byte used to reach PostgreSQL and fail as "Something went wrong"; now it
// is a field error that names the field, and nothing is created.
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { INVALID_INPUT_MESSAGE, setActionRuntimeForTests } from "@/lib/auth/define-action";
import { BIDI_CONTROL_MESSAGE, UNSAFE_CHARACTER_MESSAGE } from "@/lib/validation/input";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { testRequest, uniqueEmail } from "@/test/factories";

vi.mock("@/lib/db/client", async () => {
  const { getTestPrisma: testPrisma } = await import("@/test/db");
  return { getPrisma: () => testPrisma() };
});

const { signUpSellerAction } = await import("./actions");

afterEach(() => setActionRuntimeForTests(null));
afterAll(() => disconnectTestPrisma());

function submit(fields: Record<string, string>) {
  const request = testRequest();
  setActionRuntimeForTests({ resolveRequest: () => Promise.resolve(request) });
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return { request, result: signUpSellerAction(null, form) };
}

const valid = (email: string) => ({
  organizationName: "Acme Widgets GmbH",
  displayName: "Ada Lovelace",
  email,
  password: "a sufficiently long passphrase 42!",
  acceptTerms: "on",
});

describe("sign-up with text PostgreSQL cannot store or people should not be shown", () => {
  it.each([
    ["organizationName", "Acme\u0000 GmbH", UNSAFE_CHARACTER_MESSAGE],
    ["displayName", "Ada\u0000", UNSAFE_CHARACTER_MESSAGE],
    ["displayName", "Ada\u001b[2J", UNSAFE_CHARACTER_MESSAGE],
    ["organizationName", "Acme \u202eHbmG", BIDI_CONTROL_MESSAGE],
  ])("%s = %j is a field error and creates nothing", async (field, value, message) => {
    const email = uniqueEmail("hostile");
    const { request, result } = submit({ ...valid(email), [field]: value });
    expect(await result).toEqual({ ok: false, error: INVALID_INPUT_MESSAGE, fieldErrors: { [field]: [message] } });
    const db = getTestPrisma();
    expect(await db.user.count({ where: { email } })).toBe(0);
    expect(await db.auditEvent.count({ where: { requestId: request.requestId } })).toBe(0);
  });
});
