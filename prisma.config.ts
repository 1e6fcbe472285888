import { defineConfig } from "prisma/config";

// Prisma 7 reads its configuration here. The CLI is used for `generate` only;
// migrations are applied by scripts/db-migrate.ts (ADR 0002) because Prisma's
// native schema engine cannot be downloaded on air-gapped machines.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/unused" },
});
