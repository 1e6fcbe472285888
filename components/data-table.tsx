import Link from "next/link";
import type { ReactNode } from "react";
import { Icon } from "./icons";
import { Skeleton } from "./skeleton";
import { cx } from "./class-names";

/*
 * The one table. It holds no state: the caller owns sort, filters and page, so
 * it works both ways:
 * - from a server component, with URLs (`sortHref`, `pageHref`): plain links,
 *   works without JavaScript, state lives in the search params;
 * - from a client component (e.g. TanStack Query), with callbacks
 *   (`onSortChange`, `onPageChange`). Callbacks cannot cross from a server
 *   component, so a server page uses the href form.
 */

type SortDirection = "asc" | "desc";
type SortState = { key: string; direction: SortDirection };

export type DataTableColumn<Row> = {
  /** Stable key; also the sort key sent back to the caller. */
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  sortable?: boolean;
  align?: "left" | "right";
  /** Classes for both the header and the cells of this column (e.g. widths). */
  className?: string;
};

type Pagination = { page: number; pageSize: number; totalCount: number };

type PageInfo = {
  page: number;
  pageCount: number;
  from: number;
  to: number;
  totalCount: number;
  hasPrevious: boolean;
  hasNext: boolean;
};

/** Page numbers are 1-based; an out-of-range page is clamped so the controls stay coherent. */
export function pageInfo({ page, pageSize, totalCount }: Pagination): PageInfo {
  const safeSize = Math.max(1, Math.floor(pageSize));
  const total = Math.max(0, Math.floor(totalCount));
  const pageCount = Math.max(1, Math.ceil(total / safeSize));
  const current = Math.min(Math.max(1, Math.floor(page)), pageCount);
  const from = total === 0 ? 0 : (current - 1) * safeSize + 1;
  const to = Math.min(current * safeSize, total);
  return { page: current, pageCount, from, to, totalCount: total, hasPrevious: current > 1, hasNext: current < pageCount };
}

/** Clicking a header sorts ascending; clicking the sorted header again flips the direction. */
export function nextSort(current: SortState | undefined, key: string): SortState {
  if (current?.key === key) return { key, direction: current.direction === "asc" ? "desc" : "asc" };
  return { key, direction: "asc" };
}

export function ariaSortFor(current: SortState | undefined, key: string): "ascending" | "descending" | "none" {
  if (current?.key !== key) return "none";
  return current.direction === "asc" ? "ascending" : "descending";
}

type DataTableProps<Row> = {
  /** The table's accessible name. Shown above the table unless `hideCaption`. */
  caption: string;
  hideCaption?: boolean;
  columns: readonly DataTableColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  sort?: SortState;
  sortHref?: (sort: SortState) => string;
  onSortChange?: (sort: SortState) => void;
  pagination?: Pagination;
  pageHref?: (page: number) => string;
  onPageChange?: (page: number) => void;
  /** Filter controls (FormField components) shown above the table. */
  filters?: ReactNode;
  /** Shown instead of the table body when there are no rows. Say what to do next. */
  empty?: ReactNode;
  /** Shows skeleton rows (e.g. while a query loads). */
  loading?: boolean;
};

function SortIndicator({ state }: { state: "ascending" | "descending" | "none" }) {
  const name = state === "ascending" ? "chevronUp" : state === "descending" ? "chevronDown" : "chevronsUpDown";
  return <Icon name={name} className={cx("size-4", state === "none" ? "text-slate-400" : "text-slate-900")} />;
}

function HeaderCell<Row>({
  column,
  sort,
  sortHref,
  onSortChange,
}: {
  column: DataTableColumn<Row>;
  sort?: SortState;
  sortHref?: (sort: SortState) => string;
  onSortChange?: (sort: SortState) => void;
}) {
  const state = ariaSortFor(sort, column.key);
  const alignment = column.align === "right" ? "text-right" : "text-left";
  const sortable = column.sortable && (sortHref || onSortChange);
  const target = nextSort(sort, column.key);
  const control = "inline-flex items-center gap-1 rounded hover:text-slate-900";
  const srHint = <span className="sr-only">, sort {target.direction === "asc" ? "ascending" : "descending"}</span>;
  return (
    <th
      scope="col"
      aria-sort={column.sortable ? state : undefined}
      className={cx("px-4 py-3 text-xs font-semibold tracking-wide whitespace-nowrap text-slate-600 uppercase", alignment, column.className)}
    >
      {sortable ? (
        sortHref ? (
          <Link href={sortHref(target)} className={control} scroll={false}>
            {column.header}
            {srHint}
            <SortIndicator state={state} />
          </Link>
        ) : (
          <button type="button" className={control} onClick={() => onSortChange?.(target)}>
            {column.header}
            {srHint}
            <SortIndicator state={state} />
          </button>
        )
      ) : (
        column.header
      )}
    </th>
  );
}

function PageControl({
  label,
  icon,
  targetPage,
  enabled,
  pageHref,
  onPageChange,
}: {
  label: "Previous" | "Next";
  icon: "chevronLeft" | "chevronRight";
  targetPage: number;
  enabled: boolean;
  pageHref?: (page: number) => string;
  onPageChange?: (page: number) => void;
}) {
  const className =
    "inline-flex h-9 items-center gap-1 rounded-md bg-white px-3 text-sm font-medium text-slate-900 shadow-sm " +
    "ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50 " +
    "aria-disabled:cursor-not-allowed aria-disabled:opacity-50";
  const content =
    label === "Previous" ? (
      <>
        <Icon name={icon} className="size-4" />
        {label}
      </>
    ) : (
      <>
        {label}
        <Icon name={icon} className="size-4" />
      </>
    );
  if (pageHref) {
    // A disabled link is not focusable and says so; it keeps its place in the layout.
    return enabled ? (
      <Link href={pageHref(targetPage)} className={className} scroll={false}>
        {content}
      </Link>
    ) : (
      <span className={className} aria-disabled="true">
        {content}
      </span>
    );
  }
  return (
    <button
      type="button"
      className={className}
      disabled={!enabled || !onPageChange}
      // Only with a callback: a server component cannot render an event handler.
      onClick={onPageChange ? () => onPageChange(targetPage) : undefined}
    >
      {content}
    </button>
  );
}

export function DataTable<Row>({
  caption,
  hideCaption = false,
  columns,
  rows,
  rowKey,
  sort,
  sortHref,
  onSortChange,
  pagination,
  pageHref,
  onPageChange,
  filters,
  empty,
  loading = false,
}: DataTableProps<Row>) {
  const info = pagination ? pageInfo(pagination) : undefined;
  const showEmpty = !loading && rows.length === 0;
  return (
    <div className="overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      {filters && (
        <div className="flex flex-wrap items-end gap-4 border-b border-slate-200 bg-slate-50 px-4 py-3">{filters}</div>
      )}
      <div className="overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200 text-sm" aria-busy={loading || undefined}>
          <caption className={hideCaption ? "sr-only" : "px-4 pt-4 pb-2 text-left text-base font-semibold text-slate-900"}>
            {caption}
          </caption>
          <thead className="bg-slate-50">
            <tr>
              {columns.map((column) => (
                <HeaderCell key={column.key} column={column} sort={sort} sortHref={sortHref} onSortChange={onSortChange} />
              ))}
            </tr>
          </thead>
          {!showEmpty && (
            <tbody className="divide-y divide-slate-200">
              {loading
                ? Array.from({ length: Math.min(pagination?.pageSize ?? 5, 10) }, (_, index) => (
                    <tr key={`skeleton-${index}`}>
                      {columns.map((column) => (
                        <td key={column.key} className="px-4 py-3">
                          <Skeleton className="h-4 w-full" />
                        </td>
                      ))}
                    </tr>
                  ))
                : rows.map((row) => (
                    <tr key={rowKey(row)} className="hover:bg-slate-50">
                      {columns.map((column) => (
                        <td
                          key={column.key}
                          className={cx(
                            "px-4 py-3 text-slate-800",
                            // Amounts and counts never wrap ("1,204" or "$27.50" split over two lines).
                            column.align === "right" && "text-right whitespace-nowrap tabular-nums",
                            column.className,
                          )}
                        >
                          {column.cell(row)}
                        </td>
                      ))}
                    </tr>
                  ))}
            </tbody>
          )}
        </table>
        {loading && <p className="sr-only" role="status">Loading {caption}…</p>}
      </div>
      {showEmpty && (
        <div className="border-t border-slate-200 p-4">
          {empty ?? <p className="py-8 text-center text-sm text-slate-600">Nothing to show yet.</p>}
        </div>
      )}
      {info && !showEmpty && (
        <nav
          aria-label={`${caption} pagination`}
          className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-4 py-3"
        >
          <p className="text-sm text-slate-600">
            Page <span className="font-medium text-slate-900">{info.page}</span> of{" "}
            <span className="font-medium text-slate-900">{info.pageCount}</span>
            <span className="text-slate-500">
              {" "}
              · {info.from}–{info.to} of {info.totalCount}
            </span>
          </p>
          <div className="flex gap-2">
            <PageControl
              label="Previous"
              icon="chevronLeft"
              targetPage={info.page - 1}
              enabled={info.hasPrevious}
              pageHref={pageHref}
              onPageChange={onPageChange}
            />
            <PageControl
              label="Next"
              icon="chevronRight"
              targetPage={info.page + 1}
              enabled={info.hasNext}
              pageHref={pageHref}
              onPageChange={onPageChange}
            />
          </div>
        </nav>
      )}
    </div>
  );
}
