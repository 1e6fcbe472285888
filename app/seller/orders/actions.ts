"use server";
// Orders: the list (orders:view, buyer data masked) and the PII reveal
// (orders:reveal-pii: step-up by defineAction, reason required, rate limited
// and audited in lib/orders/order-queries.ts). Both are server actions, so
// search terms (a buyer e-mail) and revealed PII never appear in a URL, an
// access log or a cache: a server action's response is a POST answer,
// rendered only in the dialog that asked for it.
import { z } from "zod";
import { reasonText, singleLineText, uuidField } from "@/lib/validation/input";
import { defineAction, type GatedAccess } from "@/lib/auth/define-action";
import { getPrisma } from "@/lib/db/client";
import { ORDER_SORT_KEYS, listOrders, revealOrderPii, type ListOrdersResult, type RevealedOrderPii } from "@/lib/orders/order-queries";

const PAGE_SIZE = 25;
const optionalText = (max: number) =>
  singleLineText({ max })
    .optional()
    .transform((value) => (value ? value : undefined));
const optionalDate = z
  .string()
  .optional()
  .transform((value) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined));

// Filters come from the URL (anyone can edit it): anything unexpected falls back to the default instead of failing.
const listInput = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  sort: z.enum(ORDER_SORT_KEYS).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  status: optionalText(40),
  marketplaceId: optionalText(20),
  search: optionalText(254),
  from: optionalDate,
  to: optionalDate,
});

export const listOrdersAction = defineAction<typeof listInput, ListOrdersResult, GatedAccess>({
  name: "orders.list",
  access: { permission: "orders:view" },
  input: listInput,
  handler: async (input, { actor }) => {
    const result = await listOrders(getPrisma(), actor, {
      page: input.page,
      pageSize: PAGE_SIZE,
      sort: input.sort ? { key: input.sort, direction: input.dir ?? "desc" } : undefined,
      status: input.status,
      marketplaceId: input.marketplaceId,
      search: input.search,
      // Whole days in UTC, inclusive.
      from: input.from ? new Date(`${input.from}T00:00:00.000Z`) : undefined,
      to: input.to ? new Date(`${input.to}T23:59:59.999Z`) : undefined,
    });
    return { ok: true, data: result };
  },
});

const revealInput = z.object({
  orderId: uuidField("This order was not found."),
  reason: reasonText({
    min: 10,
    max: 500,
    minMessage: "Give a reason of at least 10 characters (it is recorded).",
    maxMessage: "Keep the reason under 500 characters.",
  }),
});

export const revealOrderPiiAction = defineAction<typeof revealInput, RevealedOrderPii, GatedAccess>({
  name: "orders.reveal-pii",
  access: { permission: "orders:reveal-pii", stepUp: true },
  input: revealInput,
  handler: async (input, { actor, request }) => {
    const result = await revealOrderPii(getPrisma(), actor, input.orderId, { reason: input.reason }, request);
    if (!result.ok) {
      return { ok: false, error: result.error, stepUpRequired: result.refused === "step-up" ? true : undefined };
    }
    return { ok: true, data: result.pii, message: "Buyer details revealed. This was recorded." };
  },
});
