"use client";
// Orders upserted per sync run, oldest to newest, as small bars (recharts);
// failed runs in slate. Colours meet 3:1 against white (WCAG 1.4.11). Drawn in the browser only (./sync-orders-chart.tsx).
// Decorative for assistive technology: the same numbers are in the sync
// history table below it.
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface SyncChartPoint {
  id: string;
  /** "3 Dec 14:05" (UTC), for the axis and the tooltip. */
  label: string;
  ordersUpserted: number;
  failed: boolean;
}

export default function SyncOrdersBars({ points }: { points: SyncChartPoint[] }) {
  return (
    <div className="h-32" aria-hidden="true" data-testid="sync-orders-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={points} margin={{ top: 4, right: 4, bottom: 0, left: -24 }} accessibilityLayer={false}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#475569" }} interval="preserveStartEnd" minTickGap={32} tickLine={false} axisLine={{ stroke: "#cbd5e1" }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#475569" }} tickLine={false} axisLine={false} width={48} />
          <Tooltip cursor={{ fill: "#f1f5f9" }} formatter={(value) => [String(value), "Orders upserted"]} />
          <Bar dataKey="ordersUpserted" name="Orders upserted" radius={[2, 2, 0, 0]} isAnimationActive={false}>
            {points.map((point) => (
              <Cell key={point.id} fill={point.failed ? "#475569" : "#c2410c"} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
