import { afterAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/client";
import { GET } from "./route";

afterAll(async () => {
  // The route uses the app's singleton client (DATABASE_URL from the test setup).
  await getPrisma().$disconnect();
});

describe("GET /api/health", () => {
  it("answers 200 with only the check names, uncached", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    await expect(response.json()).resolves.toEqual({ status: "ok", checks: { database: "ok", migrations: "ok" } });
  });
});
