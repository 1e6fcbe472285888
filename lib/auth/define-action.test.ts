import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Actor } from "./actor";
import { NOT_ALLOWED_MESSAGE, SIGN_IN_AGAIN_MESSAGE, STEP_UP_MESSAGE, defineAction, formDataToObject, setActionRuntimeForTests, unsafeFieldErrors } from "./define-action";
import { UNSAFE_CHARACTER_MESSAGE } from "@/lib/validation/input";

const NOW = Date.parse("2026-03-01T12:00:00Z");
const request = { ipAddress: "203.0.113.9", userAgent: "vitest", requestId: "0b9f0b7e-6a55-4a53-9d43-7a8f7c6f1d11" };

function actor(overrides: Partial<Actor> = {}): Actor {
  return {
    userId: "u-1",
    sessionId: "s-1",
    email: "owner@example.test",
    displayName: "Owner",
    kind: "SELLER",
    role: "SELLER_OWNER",
    organizationId: "org-1",
    mfaVerifiedAt: new Date(NOW - 60_000),
    ...overrides,
  };
}

function runtimeWith(current: Actor | null) {
  const recordDenied = vi.fn(() => Promise.resolve());
  setActionRuntimeForTests({ resolveActor: () => Promise.resolve(current), resolveRequest: () => Promise.resolve(request), recordDenied, now: () => NOW });
  return { recordDenied };
}

const form = (entries: Record<string, string | string[]>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) for (const item of [value].flat()) data.append(key, item);
  return data;
};

afterEach(() => setActionRuntimeForTests(null));

describe("defineAction", () => {
  it("runs a public action without an actor and passes parsed input and the request", async () => {
    runtimeWith(null);
    const handler = vi.fn((input: { name: string }) => Promise.resolve({ ok: true as const, data: input.name.toUpperCase() }));
    const action = defineAction({ name: "t.public", access: "public", input: z.object({ name: z.string().min(1) }), handler });
    await expect(action(null, form({ name: "ada", $ACTION_ID_abc: "x" }))).resolves.toEqual({ ok: true, data: "ADA" });
    expect(handler).toHaveBeenCalledWith({ name: "ada" }, { actor: null, request });
    expect(action.spec).toMatchObject({ name: "t.public", access: "public" });
  });

  it("refuses an anonymous caller before parsing the input", async () => {
    runtimeWith(null);
    const parse = vi.fn();
    const schema = z.object({ name: z.string() }).superRefine(parse);
    const handler = vi.fn();
    const action = defineAction({ name: "t.auth", access: "authenticated", input: schema, handler });
    await expect(action(null, form({ name: "x" }))).resolves.toEqual({ ok: false, error: SIGN_IN_AGAIN_MESSAGE });
    expect(parse).not.toHaveBeenCalled();
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses a caller without the permission, records the denial, and never parses", async () => {
    const { recordDenied } = runtimeWith(actor({ role: "SELLER_MEMBER" }));
    const parse = vi.fn();
    const handler = vi.fn();
    const action = defineAction({
      name: "t.team",
      access: { permission: "team:manage" },
      input: z.object({}).superRefine(parse),
      handler,
    });
    await expect(action(null, form({}))).resolves.toEqual({ ok: false, error: NOT_ALLOWED_MESSAGE });
    expect(recordDenied).toHaveBeenCalledWith(expect.objectContaining({ role: "SELLER_MEMBER" }), "team:manage", request, "action:t.team");
    expect(parse).not.toHaveBeenCalled();
    expect(handler).not.toHaveBeenCalled();
  });

  it("asks for step-up when the permission needs it and the last MFA is older than 5 minutes", async () => {
    runtimeWith(actor({ mfaVerifiedAt: new Date(NOW - 6 * 60_000) }));
    const handler = vi.fn();
    const action = defineAction({ name: "t.reveal", access: { permission: "orders:reveal-pii" }, input: z.object({}), handler });
    await expect(action(null, form({}))).resolves.toEqual({ ok: false, error: STEP_UP_MESSAGE, stepUpRequired: true });
    expect(handler).not.toHaveBeenCalled();
  });

  it("lets a fresh step-up through, and stepUp: true forces it for other permissions", async () => {
    runtimeWith(actor());
    const ok = defineAction({ name: "t.reveal", access: { permission: "orders:reveal-pii" }, input: z.object({}), handler: () => Promise.resolve({ ok: true as const }) });
    await expect(ok(null, form({}))).resolves.toEqual({ ok: true });

    runtimeWith(actor({ mfaVerifiedAt: null }));
    const forced = defineAction({ name: "t.sync", access: { permission: "sync:run", stepUp: true }, input: z.object({}), handler: () => Promise.resolve({ ok: true as const }) });
    await expect(forced(null, form({}))).resolves.toMatchObject({ ok: false, stepUpRequired: true });
  });

  it("returns field errors and does not run the handler on invalid input", async () => {
    runtimeWith(actor());
    const handler = vi.fn();
    const action = defineAction({
      name: "t.invalid",
      access: "authenticated",
      input: z.object({ email: z.email("Enter a valid e-mail address.") }),
      handler,
    });
    const result = await action(null, form({ email: "nope" }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { email: ["Enter a valid e-mail address."] } });
    expect(handler).not.toHaveBeenCalled();
  });

  it("turns an unexpected exception into a reference, without the message", async () => {
    runtimeWith(actor());
    const action = defineAction({
      name: "t.boom",
      access: "authenticated",
      input: z.object({}),
      handler: () => Promise.reject(new Error("database password is hunter2")),
    });
    const result = await action(null, form({}));
    expect(result).toEqual({ ok: false, error: `Something went wrong. Reference: ${request.requestId}` });
  });

  it("lets Next's redirect() through", async () => {
    runtimeWith(actor());
    const { redirect } = await import("next/navigation");
    const action = defineAction({
      name: "t.redirect",
      access: "authenticated",
      input: z.object({}),
      handler: () => Promise.resolve(redirect("/seller")),
    });
    await expect(action(null, form({}))).rejects.toMatchObject({ digest: expect.stringContaining("NEXT_REDIRECT") });
  });
});

describe("formDataToObject", () => {
  it("keeps single values as strings and repeated names as arrays", () => {
    expect(formDataToObject(form({ a: "1", b: ["x", "y"], $ACTION_REF_1: "" }))).toEqual({ a: "1", b: ["x", "y"] });
  });
});

describe("unsafeFieldErrors (the safety net every action gets)", () => {
  it("names each field holding a control character, and a bad field name as the form", () => {
    expect(unsafeFieldErrors({ ok: "fine\nlines\ttabs", name: "Acme\u0000", tags: ["a", "b\u001b"] })).toEqual({
      name: [UNSAFE_CHARACTER_MESSAGE],
      tags: [UNSAFE_CHARACTER_MESSAGE],
    });
    expect(unsafeFieldErrors({ "bad\u0000key": "x" })).toEqual({ form: [UNSAFE_CHARACTER_MESSAGE] });
    expect(unsafeFieldErrors({ name: "Müller 🔥" })).toBeNull();
  });

  it("refuses before the schema and the handler run", async () => {
    runtimeWith(null);
    let ran = false;
    const action = defineAction({
      name: "t.net",
      access: "public",
      input: z.object({ anything: z.string() }),
      handler: () => {
        ran = true;
        return Promise.resolve({ ok: true });
      },
    });
    expect(await action(null, form({ anything: "a\u0000b" }))).toEqual({
      ok: false,
      error: "Check the highlighted fields and try again.",
      fieldErrors: { anything: [UNSAFE_CHARACTER_MESSAGE] },
    });
    expect(ran).toBe(false);
  });
});

describe("a crafted call without a form", () => {
  it("gets a clear error instead of an exception, and the handler does not run", async () => {
    runtimeWith(null);
    let ran = false;
    const action = defineAction({ name: "t.noform", access: "public", input: z.object({}), handler: () => { ran = true; return Promise.resolve({ ok: true }); } });
    for (const notAForm of [undefined, "x", { a: 1 }]) {
      expect(await action(null, notAForm as unknown as FormData)).toEqual({ ok: false, error: "This form could not be read. Reload the page and try again." });
    }
    expect(ran).toBe(false);
  });
});
