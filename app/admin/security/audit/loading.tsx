import { PageSkeleton } from "@/components/skeleton";

export default function AuditLogLoading() {
  return <PageSkeleton rows={8} />;
}
