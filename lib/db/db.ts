// The database handle types, in one place (issue 10): every lib/ function
// names what it needs with one of these, not a local alias of Prisma's types.
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";

/** A database handle that can open transactions: the app's client (lib/db/client.ts) or a test's. */
export type Db = PrismaClient;

/**
 * Something that runs queries: an open transaction, or the client itself.
 * Functions that must join their caller's transaction take this.
 */
export type DbTransaction = Prisma.TransactionClient;
