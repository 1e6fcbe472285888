// `npx tsx tools/fake-kms/main.ts --port 4599`: runs the local fake of AWS KMS until
// Ctrl-C/SIGTERM and prints the environment a portal needs to point at it. Dev/test only.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { FAKE_KMS_KEY_ID, FAKE_KMS_REGION, startFakeKms } from "./server";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4599" },
      host: { type: "string", default: "127.0.0.1" },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error("--port must be a port number");
  const fake = await startFakeKms({ port, host: values.host });
  console.log(`Fake AWS KMS listening at ${fake.url} (key ${FAKE_KMS_KEY_ID}; wrapped keys are valid only while it runs).`);
  console.log("Point the portal and `npm run keys:generate` at it with:");
  console.log(
    [
      "KEY_PROVIDER=aws-kms",
      `AWS_KMS_KEY_ID=${FAKE_KMS_KEY_ID}`,
      `AWS_REGION=${FAKE_KMS_REGION}`,
      `AWS_KMS_ENDPOINT=${fake.url}`,
      // The fake ignores signatures; the SDK still wants credentials to sign with.
      `AWS_ACCESS_KEY_ID=FAKE-${randomBytes(6).toString("hex")}`,
      "AWS_SECRET_ACCESS_KEY=FAKE-not-a-secret",
    ].join("\n"),
  );
  const stop = () => void fake.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
