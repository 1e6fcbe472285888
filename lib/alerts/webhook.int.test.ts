// The webhook over real HTTP: a local node:http receiver checks every request's
// signature, fails the first attempts (503, then a dropped connection), then
// accepts; the sender retries on the injected clock's schedule. A receiver that
// keeps failing ends in FAILED with an "alert.webhook_failed" audit row.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "@/lib/time/clock";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { createOrganization, createUser } from "@/test/factories";
import { appendAudit, isolatedEvaluator, uniqueIpv4 } from "./alerts.test-support";
import { MAX_WEBHOOK_ATTEMPTS, deliverDueWebhooks, verifyWebhookSignature } from "./webhook";
import type { Db } from "@/lib/db/db";

const SECRET = "FAKE-alert-webhook-secret-0123456789abcdef";

interface Received {
  signatureValid: boolean;
  deliveryId: string | undefined;
  body: Record<string, unknown>;
}

let db: Db;
let server: Server;
let url: string;
/** What the receiver answers next: a status code, or "drop" to cut the connection. */
let script: Array<number | "drop"> = [];
let fallback: number | "drop" = 200;
const received: Received[] = [];

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

beforeAll(async () => {
  db = getTestPrisma();
  server = createServer((request, response) => {
    void answer(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/firefeed`;
});

async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await readBody(request);
  received.push({
    // The receiver verifies against ITS clock (real time): the sender signs with the time it sends.
    signatureValid: verifyWebhookSignature(SECRET, request.headers["x-firefeed-signature"] as string, body, new Date()),
    deliveryId: request.headers["x-firefeed-delivery"] as string | undefined,
    body: JSON.parse(body) as Record<string, unknown>,
  });
  const next = script.shift() ?? fallback;
  if (next === "drop") {
    request.socket.destroy();
    return;
  }
  response.writeHead(next, { "content-type": "text/plain" }).end("ok");
}

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await disconnectTestPrisma();
});

async function alertWithDelivery() {
  // The job sends EVERY due delivery; park those other alert tests left pending so this receiver sees only ours.
  await db.webhookDelivery.updateMany({ where: { status: "PENDING" }, data: { status: "FAILED", lastError: "parked by webhook.int.test" } });
  const evaluator = await isolatedEvaluator(db);
  const organization = await createOrganization(db);
  const user = await createUser(db, { role: "SELLER_MEMBER", organizationId: organization.id });
  await appendAudit(db, { action: "auth.lockout", result: "DENIED", actorUserId: user.id, targetType: "user", targetId: user.id, ipAddress: uniqueIpv4() });
  await evaluator.run({ webhook: { appUrl: "https://portal.example" } });
  const alert = await db.alert.findFirstOrThrow({ where: { ruleId: "lockouts", groupKey: `user:${user.id}` } });
  const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { alertId: alert.id } });
  return { alert, delivery, user };
}

/** Runs the job at `clock` until the delivery leaves PENDING, moving the clock to each retry time. */
async function runUntilSettled(deliveryId: string, clock: ManualClock, deps: Parameters<typeof deliverDueWebhooks>[1]) {
  for (let round = 0; round < MAX_WEBHOOK_ATTEMPTS + 2; round += 1) {
    await deliverDueWebhooks(db, deps, clock.now());
    const delivery = await db.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId } });
    if (delivery.status !== "PENDING") return delivery;
    clock.set(delivery.nextAttemptAt);
  }
  throw new Error("delivery never settled");
}

describe("alert webhook", () => {
  it("retries a 503 and a dropped connection with backoff, then delivers a signed, PII-free payload", async () => {
    const { alert, delivery, user } = await alertWithDelivery();
    received.length = 0;
    script = [503, "drop"];
    fallback = 200;
    const clock = new ManualClock();
    const start = clock.now().getTime();
    const deps = { config: { url, secret: SECRET }, random: () => 0.5, timeoutMs: 5_000 };

    await deliverDueWebhooks(db, deps, clock.now());
    const afterFirst = await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(afterFirst).toMatchObject({ status: "PENDING", attempts: 1, lastStatusCode: 503, lastError: "HTTP 503" });
    // 30 s ceiling, jitter 0.5 -> 22.5 s.
    expect(afterFirst.nextAttemptAt.getTime() - start).toBe(22_500);

    // Not due yet: nothing is sent.
    await deliverDueWebhooks(db, deps, new Date(start + 10_000));
    expect(received).toHaveLength(1);

    const settled = await runUntilSettled(delivery.id, clock, deps);
    expect(settled).toMatchObject({ status: "DELIVERED", attempts: 3, lastStatusCode: 200 });
    expect(received).toHaveLength(3);
    for (const request of received) {
      expect(request.signatureValid).toBe(true);
      expect(request.deliveryId).toBe(delivery.id);
    }
    expect(received[2]?.body).toEqual({
      id: alert.id,
      ruleId: "lockouts",
      severity: "MEDIUM",
      title: "Account locked",
      summary: alert.summary,
      occurrences: 1,
      firstSeenAt: alert.firstSeenAt.toISOString(),
      lastSeenAt: alert.lastSeenAt.toISOString(),
      link: `https://portal.example/admin/security/alerts/${alert.id}`,
    });
    expect(JSON.stringify(received[2]?.body)).not.toContain(user.email);

    // Delivered deliveries are not sent again.
    clock.advanceHours(2);
    await deliverDueWebhooks(db, deps, clock.now());
    expect(received).toHaveLength(3);
  });

  it("gives up after the last attempt: FAILED and audited as alert.webhook_failed", async () => {
    const { alert, delivery } = await alertWithDelivery();
    received.length = 0;
    script = [];
    fallback = 500;
    const clock = new ManualClock();
    const settled = await runUntilSettled(delivery.id, clock, { config: { url, secret: SECRET }, random: () => 1 });
    expect(settled).toMatchObject({ status: "FAILED", attempts: MAX_WEBHOOK_ATTEMPTS, lastStatusCode: 500 });
    expect(received).toHaveLength(MAX_WEBHOOK_ATTEMPTS);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "alert.webhook_failed", targetId: alert.id } });
    expect(audit).toMatchObject({ result: "FAILURE", targetType: "alert" });
    expect(audit.details).toMatchObject({ deliveryId: delivery.id, attempts: MAX_WEBHOOK_ATTEMPTS, gaveUp: "max-attempts" });
  });

  it("does not retry a refusal (4xx other than 429)", async () => {
    const { delivery } = await alertWithDelivery();
    received.length = 0;
    script = [429, 400];
    const clock = new ManualClock();
    const settled = await runUntilSettled(delivery.id, clock, { config: { url, secret: SECRET }, random: () => 0 });
    expect(settled).toMatchObject({ status: "FAILED", attempts: 2, lastStatusCode: 400 });
    expect(received).toHaveLength(2);
  });
});
