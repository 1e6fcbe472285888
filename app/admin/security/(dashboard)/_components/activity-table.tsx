import type { ActivityDay } from "@/lib/security-dashboard/daily-series";
import { ACTIVITY_SERIES_META } from "./activity-series-meta";

/** The numbers behind the charts, for screen readers (the charts themselves are hidden from them). */
export function ActivityTable({ days }: { days: ActivityDay[] }) {
  return (
    <table className="sr-only">
      <caption>Security events per day over the last 30 days (UTC)</caption>
      <thead>
        <tr>
          <th scope="col">Day</th>
          {ACTIVITY_SERIES_META.map((series) => (
            <th key={series.key} scope="col">
              {series.title}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {days.map((day) => (
          <tr key={day.date}>
            <th scope="row">{day.date}</th>
            {ACTIVITY_SERIES_META.map((series) => (
              <td key={series.key}>{day[series.key]}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
