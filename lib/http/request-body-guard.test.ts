import { describe, expect, it } from "vitest";
import { REQUEST_BODY_LIMIT_BYTES, refusalPageHtml, requestBodyRefusal } from "./request-body-guard";

const post = (body: BodyInit | null, headers: Record<string, string>, method = "POST") =>
  new Request("https://portal.example.test/sign-up", { method, body, headers, duplex: "half" } as RequestInit);

function multipart(fields: Record<string, string>): { body: string; type: string } {
  // Mixed case, as browsers make them (the boundary is case-sensitive).
  const boundary = "----WebKitFormBoundaryAbCdEf";
  const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  return { body: `${parts.join("")}--${boundary}--\r\n`, type: `multipart/form-data; boundary=${boundary}` };
}

describe("requestBodyRefusal", () => {
  it("lets well-formed bodies through: a server action's form, its JSON payload, JSON to a route, and GETs", async () => {
    const form = multipart({ "1_displayName": "Ada", "0": '["$undefined","$K1"]' });
    expect(await requestBodyRefusal(post(form.body, { "content-type": form.type, "next-action": "7f00", "content-length": String(form.body.length) }))).toBeNull();
    expect(await requestBodyRefusal(post('["$K1",null]', { "content-type": "text/plain;charset=UTF-8", "next-action": "7f00", "content-length": "11" }))).toBeNull();
    expect(await requestBodyRefusal(post('{"a":1}', { "content-type": "application/json" }))).toBeNull();
    expect(await requestBodyRefusal(new Request("https://portal.example.test/"))).toBeNull();
  });

  it("answers 413 for a declared length over the limit, without reading the body", async () => {
    const refusal = await requestBodyRefusal(post("x", { "content-type": "text/plain", "next-action": "7f00", "content-length": String(REQUEST_BODY_LIMIT_BYTES + 1) }));
    expect(refusal?.status).toBe(413);
  });

  it("answers 413 for a body over the limit whatever its declared length", async () => {
    const big = "a".repeat(REQUEST_BODY_LIMIT_BYTES + 10);
    expect((await requestBodyRefusal(post(big, { "content-type": "application/json" })))?.status).toBe(413);
  });

  it("answers 400 for a broken multipart body, a non-JSON action payload and malformed JSON", async () => {
    const broken = '--XYZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nb';
    expect((await requestBodyRefusal(post(broken, { "content-type": "multipart/form-data; boundary=XYZ", "next-action": "7f00", "content-length": "50" })))?.status).toBe(400);
    expect((await requestBodyRefusal(post("{{{", { "content-type": "text/plain;charset=UTF-8", "next-action": "7f00", "content-length": "3" })))?.status).toBe(400);
    expect((await requestBodyRefusal(post("{bad", { "content-type": "application/json" })))?.status).toBe(400);
    expect((await requestBodyRefusal(post(new Uint8Array([0x22, 0xff, 0x22]), { "content-type": "application/json" })))?.status).toBe(400);
    expect((await requestBodyRefusal(post("{}", { "content-type": "application/json", "content-length": "-1" })))?.status).toBe(400);
  });

  it("answers 400 for action payloads React's decoder would throw on (Next's 500), and passes what the portal's forms send", async () => {
    const refusalOf = (root: string | null, extra: Record<string, string> = {}) => {
      const form = multipart({ ...(root === null ? {} : { "0": root }), "1_displayName": "Ada", ...extra });
      return requestBodyRefusal(post(form.body, { "content-type": form.type, "next-action": "7f00", "content-length": String(form.body.length) }));
    };
    for (const root of ['"x"', '["$Q3"]', "notjson", '[{"a":"$W1"}]', '["$F1"]']) expect((await refusalOf(root))?.status, root).toBe(400);
    expect((await refusalOf(null))?.status).toBe(400);
    for (const root of ['["$undefined","$K1"]', '[null,"$K1"]', '[{"ok":false,"error":"$$ escaped","at":"$D2026-01-01T00:00:00.000Z"},"$K1"]', '["$@1"]']) {
      expect(await refusalOf(root), root).toBeNull();
    }
    // The no-JavaScript form post: bound arguments are JSON too.
    const bound = multipart({ $ACTION_REF_1: "", "$ACTION_1:0": '{"id":"7f00","bound":"$Q9"}' });
    expect((await requestBodyRefusal(post(bound.body, { "content-type": bound.type })))?.status).toBe(400);
    const fine = multipart({ $ACTION_REF_1: "", "$ACTION_1:0": '{"id":"7f00","bound":"$@1"}', "$ACTION_1:1": "[null]" });
    expect(await requestBodyRefusal(post(fine.body, { "content-type": fine.type }))).toBeNull();
    expect((await requestBodyRefusal(post('"x"', { "content-type": "text/plain;charset=UTF-8", "next-action": "7f00", "content-length": "3" })))?.status).toBe(400);
  });

  it("answers 411 for a server action without a declared length", async () => {
    const stream = new ReadableStream({ start: (controller) => { controller.enqueue(new TextEncoder().encode("[]")); controller.close(); } });
    expect((await requestBodyRefusal(post(stream, { "content-type": "text/plain", "next-action": "7f00" })))?.status).toBe(411);
  });
});

describe("refusalPageHtml", () => {
  it("is the portal's page with the status, the reference and the nonce, and escapes what it shows", () => {
    const html = refusalPageHtml({ status: 413, title: "Too <big>", message: "Shorten it & retry." }, "req-1", "abc123==");
    expect(html).toContain("Too &#60;big&#62;");
    expect(html).toContain("Shorten it &#38; retry.");
    expect(html).toContain('<style nonce="abc123==">');
    expect(html).toContain("Error 413. Reference: req-1");
    expect(html).not.toContain("<script");
  });
});
