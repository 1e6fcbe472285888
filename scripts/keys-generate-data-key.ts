// `npm run keys:generate` (tsx scripts/keys-generate-data-key.ts): asks AWS KMS
// for a new data key wrapped by AWS_KMS_KEY_ID for this APP_ENV and prints the
// wrapped blob to put IN FRONT of DATA_KEYS_WRAPPED (R4, R5). The plaintext
// data key is never printed or written anywhere. Rotation: prepend the new
// blob, restart, let the re-encryption job move every row, then drop the old
// blob. See docs/decisions/0011-kms-envelope-key-provider.md.
//
// Reads only what it needs (not the whole lib/env schema, which would demand a
// database and SMTP from an operator's shell): APP_ENV, AWS_KMS_KEY_ID,
// AWS_REGION, optional AWS_KMS_ENDPOINT and DATA_KEYS_WRAPPED; credentials
// come from the AWS SDK's default chain.
import { APP_ENVS } from "@/lib/env";
import { generateWrappedDataKey } from "@/lib/crypto/kms-envelope-provider";

function required(name: string): string {
  const value = process.env[name]?.trim();
  if (!value) {
    console.error(`${name} is required (see .env.example, "Field-encryption keys").`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const appEnv = process.env.APP_ENV?.trim() || "development";
  if (!(APP_ENVS as readonly string[]).includes(appEnv)) {
    console.error(`APP_ENV must be one of ${APP_ENVS.join(", ")}.`);
    process.exit(2);
  }
  const kmsKeyId = required("AWS_KMS_KEY_ID");
  const region = required("AWS_REGION");
  const endpoint = process.env.AWS_KMS_ENDPOINT?.trim() || undefined;
  const { wrappedDataKey, keyId } = await generateWrappedDataKey({ kmsKeyId, region, endpoint, appEnv });
  const existing = (process.env.DATA_KEYS_WRAPPED ?? "")
    .split(",")
    .map((blob) => blob.trim())
    .filter(Boolean);
  console.log(`New data key ${keyId} for APP_ENV=${appEnv}, wrapped by ${kmsKeyId}.`);
  console.log("Wrapped data key (not secret without KMS access, but keep it with this environment's configuration):");
  console.log(wrappedDataKey);
  console.log("");
  console.log(existing.length === 0 ? "Set:" : `Set (new key first; the ${existing.length} older one(s) stay for decryption until re-encryption is done):`);
  console.log(`DATA_KEYS_WRAPPED=${[wrappedDataKey, ...existing].join(",")}`);
}

main().catch((error: unknown) => {
  // KeyProviderError messages are fixed texts without secrets.
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
