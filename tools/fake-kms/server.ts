// A local fake of AWS KMS, dev/test only: just enough of the "TrentService"
// API (AWS JSON 1.1 protocol: POST / with `X-Amz-Target: TrentService.<Op>`,
// `Content-Type: application/x-amz-json-1.1`, blobs as base64 in JSON) for
// envelope encryption: GenerateDataKey and Decrypt. It wraps data keys with
// its own AES-256-GCM key per KMS key id, authenticating the encryption
// context like KMS does, so a tampered blob, another key id or another context
// fails as it would on AWS. SigV4 signatures are NOT checked: it only listens
// on loopback and holds nothing of value. Failure switches let tests see KMS
// outages (5xx), AccessDenied and throttling.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export const FAKE_KMS_KEY_ID = "alias/firefeed-fake-kms";
export const FAKE_KMS_REGION = "us-east-1";

export type FakeKmsFailure = "internal-error" | "access-denied" | "throttling" | null;

export interface FakeKms {
  url: string;
  port: number;
  /** Requests seen per operation ("GenerateDataKey", "Decrypt", or the unknown target's name). */
  readonly calls: Record<string, number>;
  /** From now on every request fails this way (null: back to normal). */
  setFailure(failure: FakeKmsFailure): void;
  stop(): Promise<void>;
}

export interface FakeKmsOptions {
  port?: number;
  host?: string;
  /** KMS key ids (or aliases) it knows. Default: [FAKE_KMS_KEY_ID]. */
  keyIds?: readonly string[];
  /** Root secret of the fake (32 bytes); random per start by default, so blobs only live as long as the fake. */
  rootSecret?: Buffer;
}

const MAGIC = Buffer.from("FKMS1");
const IV_BYTES = 12;
const TAG_BYTES = 16;

class KmsError extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** KMS authenticates the encryption context as associated data: key order must not matter. */
function contextAad(keyId: string, context: unknown): Buffer {
  if (context !== undefined && (typeof context !== "object" || context === null || Array.isArray(context))) {
    throw new KmsError("ValidationException", 400, "EncryptionContext must be a map of strings.");
  }
  const entries = Object.entries((context ?? {}) as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (!entries.every(([, value]) => typeof value === "string")) {
    throw new KmsError("ValidationException", 400, "EncryptionContext values must be strings.");
  }
  return Buffer.from(`${keyId}\n${JSON.stringify(entries)}`, "utf8");
}

function blobFromBase64(value: unknown): Buffer {
  if (typeof value !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
    throw new KmsError("SerializationException", 400, "CiphertextBlob must be base64.");
  }
  return Buffer.from(value, "base64");
}

export async function startFakeKms(options: FakeKmsOptions = {}): Promise<FakeKms> {
  const rootSecret = options.rootSecret ?? randomBytes(32);
  const knownKeys = new Set(options.keyIds ?? [FAKE_KMS_KEY_ID]);
  const calls: Record<string, number> = {};
  let failure: FakeKmsFailure = null;

  const wrappingKey = (keyId: string) => Buffer.from(hkdfSync("sha256", rootSecret, Buffer.alloc(0), `fake-kms/${keyId}`, 32));

  const requireKnownKey = (keyId: unknown): string => {
    if (typeof keyId !== "string" || keyId === "") throw new KmsError("ValidationException", 400, "KeyId is required.");
    if (!knownKeys.has(keyId)) throw new KmsError("NotFoundException", 400, "Key not found.");
    return keyId;
  };

  const wrap = (keyId: string, plaintext: Buffer, context: unknown): Buffer => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", wrappingKey(keyId), iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(contextAad(keyId, context));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    const id = Buffer.from(keyId, "utf8");
    return Buffer.concat([MAGIC, Buffer.from([id.length]), id, iv, body]);
  };

  const unwrap = (blob: Buffer, context: unknown): { keyId: string; plaintext: Buffer } => {
    const invalid = () => new KmsError("InvalidCiphertextException", 400, "The ciphertext is invalid.");
    if (blob.length < MAGIC.length + 1 || !blob.subarray(0, MAGIC.length).equals(MAGIC)) throw invalid();
    const idLength = blob[MAGIC.length] as number;
    const idEnd = MAGIC.length + 1 + idLength;
    if (blob.length < idEnd + IV_BYTES + TAG_BYTES) throw invalid();
    const keyId = blob.subarray(MAGIC.length + 1, idEnd).toString("utf8");
    if (!knownKeys.has(keyId)) throw invalid();
    const iv = blob.subarray(idEnd, idEnd + IV_BYTES);
    const body = blob.subarray(idEnd + IV_BYTES);
    try {
      const decipher = createDecipheriv("aes-256-gcm", wrappingKey(keyId), iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(contextAad(keyId, context));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return { keyId, plaintext: Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]) };
    } catch {
      throw invalid();
    }
  };

  const operations: Record<string, (input: Record<string, unknown>) => Record<string, unknown>> = {
    GenerateDataKey(input) {
      const keyId = requireKnownKey(input.KeyId);
      const bytes = input.KeySpec === "AES_256" ? 32 : input.KeySpec === "AES_128" ? 16 : typeof input.NumberOfBytes === "number" ? input.NumberOfBytes : 0;
      if (!Number.isInteger(bytes) || bytes < 1 || bytes > 1024) throw new KmsError("ValidationException", 400, "Give KeySpec or NumberOfBytes.");
      const plaintext = randomBytes(bytes);
      const response = { KeyId: keyId, CiphertextBlob: wrap(keyId, plaintext, input.EncryptionContext).toString("base64"), Plaintext: plaintext.toString("base64") };
      plaintext.fill(0);
      return response;
    },
    Decrypt(input) {
      const { keyId, plaintext } = unwrap(blobFromBase64(input.CiphertextBlob), input.EncryptionContext);
      if (input.KeyId !== undefined && input.KeyId !== keyId) {
        throw new KmsError("IncorrectKeyException", 400, "The key ID in the request does not identify the key used to encrypt the ciphertext.");
      }
      const response = { KeyId: keyId, Plaintext: plaintext.toString("base64"), EncryptionAlgorithm: "SYMMETRIC_DEFAULT" };
      plaintext.fill(0);
      return response;
    },
  };

  const send = (res: http.ServerResponse, status: number, body: unknown, errorType?: string) => {
    res.writeHead(status, {
      "content-type": "application/x-amz-json-1.1",
      "x-amzn-requestid": randomBytes(16).toString("hex"),
      ...(errorType ? { "x-amzn-errortype": errorType } : {}),
    });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      const operation = target.startsWith("TrentService.") ? target.slice("TrentService.".length) : target || "(none)";
      calls[operation] = (calls[operation] ?? 0) + 1;
      try {
        if (req.method !== "POST") throw new KmsError("UnknownOperationException", 404, "POST only.");
        if (failure === "internal-error") throw new KmsError("KMSInternalException", 500, "Simulated KMS outage.");
        if (failure === "access-denied") throw new KmsError("AccessDeniedException", 400, "Simulated: the caller is not allowed to use this key.");
        if (failure === "throttling") throw new KmsError("ThrottlingException", 400, "Simulated: rate exceeded.");
        const handler = target.startsWith("TrentService.") ? operations[operation] : undefined;
        if (!handler) throw new KmsError("UnknownOperationException", 400, "The fake supports GenerateDataKey and Decrypt only.");
        let input: unknown;
        try {
          input = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
        } catch {
          throw new KmsError("SerializationException", 400, "The body is not JSON.");
        }
        if (typeof input !== "object" || input === null) throw new KmsError("SerializationException", 400, "The body is not a JSON object.");
        send(res, 200, handler(input as Record<string, unknown>));
      } catch (error) {
        const kmsError = error instanceof KmsError ? error : new KmsError("KMSInternalException", 500, "Unexpected fake error.");
        send(res, kmsError.status, { __type: kmsError.type, message: kmsError.message }, kmsError.type);
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    calls,
    setFailure(next) {
      failure = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
