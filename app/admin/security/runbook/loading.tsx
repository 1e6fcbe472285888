import { PageSkeleton } from "@/components/skeleton";

export default function RunbookLoading() {
  return <PageSkeleton rows={6} />;
}
