import { LoadingRegion, Skeleton } from "@/components/skeleton";

/** The dashboard's shape while it loads: header, six stat cards, two lists, the charts. */
export default function SecurityDashboardLoading() {
  return (
    <LoadingRegion label="Loading the security dashboard…">
      <div className="mb-6 space-y-3 border-b border-slate-200 pb-5">
        <Skeleton className="h-4 w-20" />
        <Skeleton className="h-8 w-72" />
        <Skeleton className="h-4 w-[32rem] max-w-full" />
      </div>
      <div className="grid gap-6">
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
          {Array.from({ length: 6 }, (_, index) => (
            <div key={index} className="space-y-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
              <Skeleton className="h-4 w-32" />
              <Skeleton className="h-7 w-24" />
              <Skeleton className="h-4 w-48" />
            </div>
          ))}
        </div>
        <div className="grid gap-6 lg:grid-cols-2">
          {[0, 1].map((card) => (
            <div key={card} className="space-y-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
              <Skeleton className="h-5 w-40" />
              {[0, 1, 2].map((row) => (
                <Skeleton key={row} className="h-12 w-full" />
              ))}
            </div>
          ))}
        </div>
        <div className="grid gap-6 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 md:grid-cols-2">
          {[0, 1, 2, 3].map((chart) => (
            <Skeleton key={chart} className="h-40 w-full" />
          ))}
        </div>
      </div>
    </LoadingRegion>
  );
}
