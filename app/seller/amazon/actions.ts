"use server";
// Amazon connection actions: start the SP-API consent (amazon:connect,
// step-up), sync now (sync:run) and disconnect (amazon:disconnect, step-up;
// deletes the seller's Amazon data, D2). The organization always comes from
// the session, never from the form.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { uuidField } from "@/lib/validation/input";
import { defineAction, type GatedAccess } from "@/lib/auth/define-action";
import { startAmazonAuthorization } from "@/lib/amazon/authorization";
import { getSpApiConfig } from "@/lib/amazon/spapi-config";
import { getPrisma } from "@/lib/db/client";
import { disconnectAmazon } from "@/lib/amazon/disconnect";
import { requestSync } from "@/lib/orders/sync";

const regionSchema = z.enum(["NA", "EU", "FE"], { error: "Choose a region." });
const connectionIdSchema = uuidField("This connection was not found.");

/** Returns the Seller Central consent URL; the browser navigates there (it is not a secret: the state is bound to this session). */
const connectInput = z.object({ region: regionSchema });

export const connectAmazonAction = defineAction<typeof connectInput, { consentUrl: string }, GatedAccess>({
  name: "amazon.connect",
  access: { permission: "amazon:connect", stepUp: true },
  input: connectInput,
  handler: async (input, { actor }) => {
    const started = await startAmazonAuthorization(getPrisma(), actor, input.region, { config: getSpApiConfig() });
    if (!started.ok) return { ok: false, error: started.error };
    return { ok: true, data: { consentUrl: started.consentUrl }, message: "Opening Amazon…" };
  },
});

export const syncNowAction = defineAction({
  name: "amazon.sync-now",
  access: { permission: "sync:run" },
  input: z.object({ connectionId: connectionIdSchema }),
  handler: async (input, { actor, request }) => {
    const result = await requestSync(getPrisma(), actor, input.connectionId, request);
    if (!result.ok) return { ok: false, error: result.error };
    revalidatePath("/seller/amazon");
    return {
      ok: true,
      data: { runId: result.alreadyRunning ? null : result.runId },
      message: result.alreadyRunning ? "A sync is already running." : "Sync started.",
    };
  },
});

export const disconnectAmazonAction = defineAction({
  name: "amazon.disconnect",
  access: { permission: "amazon:disconnect", stepUp: true },
  input: z.object({ connectionId: connectionIdSchema }),
  handler: async (input, { actor, request }) => {
    const result = await disconnectAmazon(getPrisma(), actor, input.connectionId, request);
    if (!result.ok) return { ok: false, error: result.error };
    revalidatePath("/seller");
    revalidatePath("/seller/amazon");
    revalidatePath("/seller/orders");
    return {
      ok: true,
      message: `Amazon is disconnected. ${result.ordersDeleted} ${result.ordersDeleted === 1 ? "order was" : "orders were"} deleted.`,
    };
  },
});
