import { Badge, type BadgeTone } from "@/components/badge";

const STATUS: Record<"INVITED" | "ACTIVE" | "DEACTIVATED", { label: string; tone: BadgeTone }> = {
  ACTIVE: { label: "Active", tone: "success" },
  INVITED: { label: "Invited", tone: "info" },
  DEACTIVATED: { label: "Deactivated", tone: "danger" },
};

export function OperatorStatusBadge({ status }: { status: keyof typeof STATUS }) {
  return (
    <Badge tone={STATUS[status].tone} dot>
      {STATUS[status].label}
    </Badge>
  );
}
