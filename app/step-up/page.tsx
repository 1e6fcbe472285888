import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentActor, signInUrl } from "@/lib/auth/authorize";
import { safeNextPath } from "@/lib/auth/safe-next";
import { areaOf, AREAS, AreaShell } from "@/app/_shells/area-shells";
import { AuthCard, authLinkClasses } from "@/components/auth-card";
import { CodeEntryActionForm } from "@/components/code-entry-form";
import { CancelStepUpLink } from "@/components/step-up-draft";
import { confirmStepUp } from "./actions";

export const metadata: Metadata = { title: "Confirm it's you" };

export default async function StepUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(typeof params.next === "string" ? params.next : null);
  const actor = await getCurrentActor();
  if (!actor) redirect(await signInUrl(next));
  // Inside the person's own area (issue 11: it used the public header): they are signed in and mid-task.
  const area = areaOf(actor);
  return (
    <AreaShell area={area} actor={actor}>
      <AuthCard
        title="Confirm it's you"
        intro="This action is sensitive. Enter a code from your authenticator app to continue; you won't be asked again for 5 minutes. You will come back to what you were doing."
        footer={
          <CancelStepUpLink href={next ?? AREAS[area].home} className={authLinkClasses}>
            Cancel and go back
          </CancelStepUpLink>
        }
      >
        <CodeEntryActionForm serverAction={confirmStepUp} next={next} submitLabel="Confirm" autoFocus showCodeError />
      </AuthCard>
    </AreaShell>
  );
}
