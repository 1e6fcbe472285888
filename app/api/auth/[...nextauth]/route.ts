// next-auth's endpoints (/api/auth/session, /csrf, /signout). Sign-in itself
// is the two-step flow at /sign-in (ADR 0008); this handler serves no provider.
import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/next-auth-options";

type RouteHandler = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

// Options are built on first request (they read the validated environment), not at import.
const handler: RouteHandler = (request, context) => (NextAuth(getAuthOptions()) as RouteHandler)(request, context);

export { handler as GET, handler as POST };
