"use client";
// Loads the chart in the browser only: recharts sets inline styles, which the
// Content-Security-Policy refuses in server HTML (as the security dashboard's
// charts, app/admin/security/(dashboard)/_components/activity-charts.tsx).
import dynamic from "next/dynamic";
import { Skeleton } from "@/components/skeleton";
import type { SyncChartPoint } from "./sync-orders-bars";

const SyncOrdersBars = dynamic(() => import("./sync-orders-bars"), {
  ssr: false,
  loading: () => <Skeleton className="h-32 w-full" />,
});

export function SyncOrdersChart({ points }: { points: SyncChartPoint[] }) {
  return <SyncOrdersBars points={points} />;
}
