"use server";
// Sign-out (POST only: a server action). Revokes the server-side session row,
// audits it and clears the cookie. Works even when the session is already
// dead (then there is just nothing to revoke).
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { sessionTokenFromCookie } from "@/lib/auth/authorize";
import { defineAction } from "@/lib/auth/define-action";
import { clearSessionCookie } from "@/lib/auth/session-token";
import { findSessionByToken, revokeSession } from "@/lib/auth/sessions";
import { getPrisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { sessionCookieName } from "@/lib/http/session-cookie";

export const signOut = defineAction({
  name: "auth.sign-out",
  access: "public",
  input: z.object({}),
  handler: async (_input, { request }) => {
    const env = getEnv();
    const sessionToken = await sessionTokenFromCookie((await cookies()).get(sessionCookieName(env.APP_ENV))?.value, env.NEXTAUTH_SECRET);
    if (sessionToken) {
      await getPrisma().$transaction(async (tx) => {
        // By the cookie's secret token, never by an id: a minted cookie cannot sign anyone else out.
        const session = await findSessionByToken(tx, sessionToken);
        if (!session || session.revokedAt) return;
        const sessionId = session.id;
        await revokeSession(tx, sessionId, "sign-out");
        await recordAudit(tx, {
          action: "auth.sign_out",
          result: "SUCCESS",
          actorUserId: session.userId,
          organizationId: session.user.organizationId,
          targetType: "session",
          targetId: sessionId,
          ipAddress: request.ipAddress,
          userAgent: request.userAgent,
          requestId: request.requestId,
        });
      });
    }
    await clearSessionCookie();
    redirect("/sign-in");
  },
});
