"use client";
// Loads the charts in the browser only. recharts sets inline styles, which the
// Content-Security-Policy refuses in server HTML (style-src has no
// 'unsafe-inline'); styles set from script after mount are allowed.
import dynamic from "next/dynamic";
import { Skeleton } from "@/components/skeleton";
import type { ActivityDay } from "@/lib/security-dashboard/daily-series";

function ChartsSkeleton() {
  return (
    <div className="grid gap-6 md:grid-cols-2" aria-hidden="true">
      {[0, 1, 2, 3].map((index) => (
        <div key={index} className="space-y-3">
          <Skeleton className="h-4 w-40" />
          <Skeleton className="h-40 w-full" />
        </div>
      ))}
    </div>
  );
}

const ActivityChartsGrid = dynamic(() => import("./activity-charts-grid"), { ssr: false, loading: ChartsSkeleton });

export function ActivityCharts({ days }: { days: ActivityDay[] }) {
  return <ActivityChartsGrid days={days} />;
}
