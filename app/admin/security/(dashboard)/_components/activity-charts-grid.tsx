"use client";
// The four daily series as small bar charts (recharts). Rendered only in the
// browser (see ./activity-charts.tsx). The charts are decorative for assistive
// technology: the same numbers are in the table next to them.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ActivityDay } from "@/lib/security-dashboard/daily-series";
import { ACTIVITY_SERIES_META } from "./activity-series-meta";

const shortDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const formatTick = (date: string) => shortDate.format(new Date(`${date}T00:00:00Z`));

export default function ActivityChartsGrid({ days }: { days: ActivityDay[] }) {
  return (
    <div className="grid gap-6 md:grid-cols-2" aria-hidden="true" data-testid="activity-charts">
      {ACTIVITY_SERIES_META.map((series) => {
        const total = days.reduce((sum, day) => sum + day[series.key], 0);
        return (
          <div key={series.key}>
            <p className="mb-2 flex items-baseline justify-between text-sm">
              <span className="font-medium text-slate-900">{series.title}</span>
              <span className="text-slate-600 tabular-nums">{total} in 30 days</span>
            </p>
            <div className="h-40">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={days} margin={{ top: 4, right: 4, bottom: 0, left: -24 }} accessibilityLayer={false}>
                  <CartesianGrid vertical={false} stroke="#e2e8f0" />
                  <XAxis dataKey="date" tickFormatter={formatTick} tick={{ fontSize: 11, fill: "#475569" }} interval="preserveStartEnd" minTickGap={24} tickLine={false} axisLine={{ stroke: "#cbd5e1" }} />
                  <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#475569" }} tickLine={false} axisLine={false} width={48} />
                  <Tooltip
                    cursor={{ fill: "#f1f5f9" }}
                    labelFormatter={(label) => (typeof label === "string" ? formatTick(label) : "")}
                    formatter={(value) => [String(value), series.title]}
                  />
                  <Bar dataKey={series.key} name={series.title} fill={series.color} radius={[2, 2, 0, 0]} isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </div>
        );
      })}
    </div>
  );
}
