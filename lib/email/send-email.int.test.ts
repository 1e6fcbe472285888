import { randomUUID } from "node:crypto";
import nodemailer from "nodemailer";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { listOutboxEmails } from "./outbox";
import { deliverEmail, type EmailDelivery } from "./send-email";
import { passwordResetMessage } from "./templates";

const from = "FireFeed Portal <no-reply@fire-feed.com>";
const outbox = (appEnv: EmailDelivery["appEnv"] = "development"): EmailDelivery => ({
  appEnv,
  from,
  transport: null,
  db: () => getTestPrisma(),
});

afterAll(() => disconnectTestPrisma());

describe("sendEmail delivery", () => {
  it("writes to the dev outbox in development without SMTP", async () => {
    const to = `outbox-${randomUUID()}@example.com`;
    const message = passwordResetMessage({ to, link: "http://localhost:3000/sign-in/reset?token=abc" });
    await deliverEmail(message, outbox());
    const rows = await getTestPrisma().outboxEmail.findMany({ where: { toAddress: to } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ subject: message.subject, textBody: message.text });

    const listed = await listOutboxEmails({ limit: 50 }, getTestPrisma());
    expect(listed[0]).toMatchObject({ to, subject: message.subject, text: message.text });
    expect(listed[0]?.createdAt).toBeInstanceOf(Date);
  });

  it("lists newest first and caps the limit", async () => {
    const to = `order-${randomUUID()}@example.com`;
    await deliverEmail({ to, subject: "first", text: "1" }, outbox());
    await new Promise((resolve) => setTimeout(resolve, 5));
    await deliverEmail({ to, subject: "second", text: "2" }, outbox());
    const listed = await listOutboxEmails({ limit: 2 }, getTestPrisma());
    expect(listed.map((email) => email.subject)).toEqual(["second", "first"]);
  });

  it.each(["staging", "production"] as const)("refuses in %s without SMTP and writes nothing", async (appEnv) => {
    const to = `refused-${randomUUID()}@example.com`;
    await expect(deliverEmail({ to, subject: "s", text: "t" }, outbox(appEnv))).rejects.toThrow(/SMTP_URL is not set/);
    expect(await getTestPrisma().outboxEmail.count({ where: { toAddress: to } })).toBe(0);
  });

  it("sends through the SMTP transport (nodemailer) with From, To, Subject and a plain-text body", async () => {
    const transport = nodemailer.createTransport({ jsonTransport: true });
    const to = `smtp-${randomUUID()}@example.com`;
    const sent: unknown[] = [];
    await deliverEmail(
      { to, subject: "Hello", text: "Body http://localhost:3000/x" },
      {
        ...outbox("production"),
        transport: { sendMail: async (mail) => { const info = await transport.sendMail(mail); sent.push(info); return info; } },
      },
    );
    expect(sent).toHaveLength(1);
    const envelope = JSON.parse((sent[0] as { message: string }).message) as Record<string, unknown>;
    expect(envelope).toMatchObject({ subject: "Hello", text: "Body http://localhost:3000/x" });
    expect(JSON.stringify(envelope.to)).toContain(to);
    expect(JSON.stringify(envelope.from)).toContain("no-reply@fire-feed.com");
    expect(envelope).not.toHaveProperty("html");
    expect(await getTestPrisma().outboxEmail.count({ where: { toAddress: to } })).toBe(0);
  });

  it("rejects header injection and invalid addresses without echoing them", async () => {
    await expect(deliverEmail({ to: "a@example.com", subject: "x\r\nBcc: all@example.com", text: "t" }, outbox())).rejects.toThrow(
      /Invalid e-mail message \(subject\)/,
    );
    const error = await deliverEmail({ to: "secret-person@@example", subject: "s", text: "t" }, outbox()).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/\(to\)/);
    expect((error as Error).message).not.toContain("secret-person");
  });
});
