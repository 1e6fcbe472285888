/**
 * Bad input gets a clear 4xx, never a 500 (issue 9, finding 6), over raw HTTP
 * as an attacker would send it, and in the browser as a person would meet it:
 * over-limit server-action bodies (413 with the portal's page), broken
 * multipart, a non-JSON action payload and malformed JSON to next-auth's
 * credentials callback (400), a chunked action body without a length (411),
 * an unknown action id (4xx); and in the browser, pasted control and text-direction
 * characters (field errors naming the fields, nothing saved).
 */
import http from "node:http";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test, expect } from "./support/test";
import { e2eServers } from "./support/e2e-paths";

const port = e2eServers.portal.port;
const origin = `http://localhost:${port}`;

/** The id Next gave a server action in this build (what a browser would send in Next-Action). */
function actionId(exportedName: string): string {
  const manifestFile = path.join(process.cwd(), process.env.NEXT_DIST_DIR || ".next", "server", "server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { node: Record<string, { exportedName?: string }> };
  const id = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === exportedName)?.[0];
  if (!id) throw new Error(`no server action ${exportedName} in this build`);
  return id;
}

type Sent = { status: number; body: string; contentType: string };

function send(pathname: string, headers: Record<string, string>, body: string | Buffer, options: { chunked?: boolean } = {}): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port, path: pathname, method: "POST", headers: { host: `localhost:${port}`, origin, ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), contentType: String(response.headers["content-type"] ?? "") }),
        );
      },
    );
    request.on("error", reject);
    if (options.chunked) {
      request.setHeader("transfer-encoding", "chunked");
      request.write(body);
    } else {
      request.setHeader("content-length", Buffer.byteLength(body));
      request.write(body);
    }
    request.end();
  });
}

function multipart(fields: Record<string, string>): { body: string; type: string } {
  const boundary = "----firefeede2e";
  const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  return { body: `${parts.join("")}--${boundary}--\r\n`, type: `multipart/form-data; boundary=${boundary}` };
}

test.describe("malformed requests answer 4xx with the portal's page, never 500", () => {
  test("an over-limit server-action body is a 413 page, as a form and as a payload", async () => {
    const signUp = actionId("signUpSellerAction");
    const big = multipart({ "1_organizationName": "a".repeat(300 * 1024), "0": '["$K1"]' });
    const asForm = await send("/sign-up", { "next-action": signUp, "content-type": big.type }, big.body);
    expect(asForm.status).toBe(413);
    expect(asForm.contentType).toContain("text/html");
    expect(asForm.body).toContain("That was too much to send");
    expect(asForm.body).toContain("FireFeed Portal");
    const asPayload = await send("/sign-up", { "next-action": signUp, "content-type": "text/plain;charset=UTF-8" }, JSON.stringify(["x".repeat(300 * 1024)]));
    expect(asPayload.status).toBe(413);
  });

  test("a broken multipart body, a non-JSON payload and a chunked body without a length are refused", async () => {
    const signUp = actionId("signUpSellerAction");
    const broken = await send(
      "/sign-up",
      { "next-action": signUp, "content-type": "multipart/form-data; boundary=XYZ" },
      '--XYZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nno closing boundary',
    );
    expect(broken.status).toBe(400);
    expect(broken.body).toContain("The request could not be read");
    const notJson = await send("/sign-up", { "next-action": signUp, "content-type": "text/plain;charset=UTF-8" }, "{{{ not json");
    expect(notJson.status).toBe(400);
    const chunked = await send("/sign-up", { "next-action": signUp, "content-type": "text/plain;charset=UTF-8" }, "[]", { chunked: true });
    expect(chunked.status).toBe(411);
  });

  test("an unknown action id and malformed JSON to next-auth's callback are 4xx", async () => {
    const unknown = await send("/sign-up", { "next-action": "7f0000000000000000000000000000000000000000", "content-type": "text/plain;charset=UTF-8" }, "[]");
    expect(unknown.status).toBeGreaterThanOrEqual(400);
    expect(unknown.status).toBeLessThan(500);
    const credentials = await send("/api/auth/callback/credentials", { "content-type": "application/json" }, "{bad json");
    expect(credentials.status).toBe(400);
  });
});

test("a person who pastes invisible characters into the sign-up form is told which field to fix, and nothing is created", async ({ page }) => {
  await page.goto("/sign-up");
  // Pasted text can carry what nobody types: a right-to-left override (it makes a
  // name display as another) and a terminal escape character.
  await page.getByLabel("Organization name").fill("Acme \u202eHbmG");
  await page.getByLabel("Your name").fill("Ada\u001b[2J Lovelace");
  await page.getByLabel("Work email").fill(`hostile-browser-${Date.now()}@example.com`);
  await page.getByLabel("Password", { exact: true }).fill("a sufficiently long passphrase 42!");
  await page.locator("#field-acceptTerms").check();
  await page.getByRole("button", { name: /create/i }).click();
  await expect(page.getByText("Remove the invisible text-direction characters from this field.")).toBeVisible();
  await expect(page.getByText("Remove the invisible control characters from this field.")).toBeVisible();
  await expect(page.getByText("Check your inbox")).toHaveCount(0);
});
