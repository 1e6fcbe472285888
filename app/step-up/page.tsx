import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentActor } from "@/lib/auth/authorize";
import { safeNextPath } from "@/lib/auth/safe-next";
import { AuthCard } from "@/components/auth-card";
import { CodeEntryActionForm } from "@/components/code-entry-form";
import { confirmStepUp } from "./actions";

export const metadata: Metadata = { title: "Confirm it's you" };

export default async function StepUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(typeof params.next === "string" ? params.next : null);
  const actor = await getCurrentActor();
  if (!actor) redirect(`/sign-in${next ? `?next=${encodeURIComponent(next)}` : ""}`);
  return (
    <AuthCard
      title="Confirm it's you"
      intro="This action is sensitive. Enter a code from your authenticator app to continue; you won't be asked again for 5 minutes."
    >
      <CodeEntryActionForm serverAction={confirmStepUp} next={next} submitLabel="Confirm" autoFocus showCodeError />
    </AuthCard>
  );
}
