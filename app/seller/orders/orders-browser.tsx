"use client";
// The orders list: search, filters, sort and page, all in the URL (a filtered
// view can be shared and reloaded) except a buyer e-mail search, which stays
// in this page's memory: buyer e-mails never go into a URL or an access log.
// Loading skeleton, empty state, totals and page numbers; each order opens
// its detail page; "Reveal" (reason + step-up, recorded) on each row. Buyer
// data arrives masked; revealed PII lives only in the reveal dialog's state
// and is dropped when the dialog closes (./reveal-dialog.tsx).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button, ButtonLink } from "@/components/button";
import { DataTable, type DataTableColumn } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { SelectField, TextField } from "@/components/form-field";
import { TruncatedText } from "@/components/truncated-text";
import { marketplaceLabel } from "@/lib/onboarding/marketplaces";
import { ORDER_STATUS_OPTIONS, formatMoney, orderStatusLabel } from "@/lib/orders/order-format";
import type { OrderListRow, OrderSortKey } from "@/lib/orders/order-queries";
import { listOrdersAction } from "./actions";
import { RevealDialog } from "./reveal-dialog";

/** The URL's filter parameters (the e-mail search is deliberately not one of them). */
const URL_FILTERS = ["order", "status", "marketplace", "from", "to"] as const;
type UrlFilter = (typeof URL_FILTERS)[number];

function toFormData(values: Record<string, string | undefined>): FormData {
  const formData = new FormData();
  for (const [key, value] of Object.entries(values)) if (value) formData.set(key, value);
  return formData;
}

function formatDate(value: Date | string): string {
  return new Date(value).toISOString().slice(0, 10);
}

const SORTABLE: readonly OrderSortKey[] = ["purchased", "total", "status"];

export function OrdersBrowser({ canReveal, marketplaceIds }: { canReveal: boolean; marketplaceIds: readonly string[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  // A buyer e-mail search: kept here, never in the URL.
  const [emailSearch, setEmailSearch] = useState("");
  const [revealing, setRevealing] = useState<OrderListRow | null>(null);

  const param = (name: string) => searchParams.get(name) ?? "";
  const filters = Object.fromEntries(URL_FILTERS.map((name) => [name, param(name)])) as Record<UrlFilter, string>;
  const sortKey = SORTABLE.find((key) => key === param("sort"));
  const sort = sortKey ? { key: sortKey, direction: param("dir") === "asc" ? ("asc" as const) : ("desc" as const) } : undefined;
  const page = Math.max(1, Number.parseInt(param("page"), 10) || 1);

  const hrefWith = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(searchParams.toString());
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    const query = next.toString();
    return query ? `${pathname}?${query}` : pathname;
  };

  const query = useQuery({
    queryKey: ["orders", filters, emailSearch, sort, page],
    queryFn: async () => {
      const result = await listOrdersAction(
        null,
        toFormData({
          search: emailSearch || filters.order,
          status: filters.status,
          marketplaceId: filters.marketplace,
          from: filters.from,
          to: filters.to,
          sort: sort?.key,
          dir: sort?.direction,
          page: String(page),
        }),
      );
      if (!result.ok) throw new Error(result.error);
      return result.data!;
    },
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });

  const applyFilters = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => {
      const entry = form.get(name);
      return typeof entry === "string" ? entry.trim() : "";
    };
    const search = value("search");
    const isEmail = search.includes("@");
    setEmailSearch(isEmail ? search : "");
    router.push(
      hrefWith({
        order: isEmail ? undefined : search,
        status: value("status"),
        marketplace: value("marketplace"),
        from: value("from"),
        to: value("to"),
        page: undefined,
      }),
      { scroll: false },
    );
  };

  const filtered = Boolean(emailSearch) || URL_FILTERS.some((name) => filters[name]);
  const columns: DataTableColumn<OrderListRow>[] = [
    {
      key: "order",
      header: "Order",
      cell: (row) => (
        <Link href={`/seller/orders/${row.id}`} className="font-mono font-medium text-slate-900 underline-offset-2 hover:underline">
          {row.amazonOrderId}
        </Link>
      ),
    },
    { key: "purchased", header: "Purchased", sortable: true, cell: (row) => formatDate(row.purchaseDate) },
    { key: "status", header: "Status", sortable: true, cell: (row) => orderStatusLabel(row.status) },
    { key: "marketplace", header: "Marketplace", cell: (row) => marketplaceLabel(row.marketplaceId) },
    {
      key: "total",
      header: "Total",
      align: "right",
      sortable: true,
      cell: (row) => formatMoney(row.orderTotal, row.currencyCode),
    },
    {
      key: "buyer",
      header: "Buyer",
      cell: (row) => (row.piiPurged ? <span className="text-slate-500">Deleted</span> : <TruncatedText text={row.buyerNameMasked || "—"} />),
    },
    {
      key: "shipTo",
      header: "Ship to",
      cell: (row) => (row.piiPurged ? <span className="text-slate-500">Deleted</span> : <TruncatedText text={row.shipToMasked || "—"} />),
    },
    ...(canReveal
      ? [
          {
            key: "reveal",
            header: <span className="sr-only">Actions</span>,
            align: "right" as const,
            cell: (row: OrderListRow) =>
              row.piiPurged ? null : (
                <Button size="sm" variant="secondary" onClick={() => setRevealing(row)} aria-label={`Reveal buyer details of order ${row.amazonOrderId}`}>
                  Reveal
                </Button>
              ),
          },
        ]
      : []),
  ];

  const data = query.data;
  // The form's fields start from the URL; keyed by it so Back/Forward refill them.
  const formKey = URL_FILTERS.map((name) => filters[name]).join("|");
  return (
    <div className="grid gap-4">
      <form
        key={formKey}
        onSubmit={applyFilters}
        className="grid gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 md:grid-cols-6"
        aria-label="Search and filter orders"
        // The search may be a buyer's e-mail: never copied into browser storage on a step-up.
        data-step-up-draft="off"
      >
        <TextField
          name="search"
          label="Search"
          placeholder="Order id or exact buyer e-mail"
          defaultValue={emailSearch || filters.order}
          fieldClassName="md:col-span-2"
          autoComplete="off"
          hint="An e-mail search is not kept in the address bar."
        />
        <SelectField name="status" label="Status" placeholder="Any status" defaultValue={filters.status} options={ORDER_STATUS_OPTIONS} />
        <SelectField
          name="marketplace"
          label="Marketplace"
          placeholder="Any marketplace"
          defaultValue={filters.marketplace}
          options={marketplaceIds.map((id) => ({ value: id, label: marketplaceLabel(id) }))}
        />
        <TextField name="from" type="date" label="From" defaultValue={filters.from} />
        <TextField name="to" type="date" label="To" defaultValue={filters.to} />
        <div className="flex gap-2 md:col-span-6">
          <Button type="submit" size="sm">
            Apply
          </Button>
          {filtered && (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => {
                setEmailSearch("");
                router.push(hrefWith({ order: undefined, status: undefined, marketplace: undefined, from: undefined, to: undefined, page: undefined }), {
                  scroll: false,
                });
              }}
            >
              Clear filters
            </Button>
          )}
        </div>
      </form>

      {query.isError ? (
        <p role="alert" className="text-sm text-red-700">
          {query.error.message}
        </p>
      ) : (
        <DataTable
          caption="Orders"
          hideCaption
          columns={columns}
          rows={data?.rows ?? []}
          rowKey={(row) => row.id}
          loading={query.isPending}
          sort={sort ?? { key: "purchased", direction: "desc" }}
          sortHref={(next) => hrefWith({ sort: next.key, dir: next.direction, page: undefined })}
          pagination={data ? { page: data.page, pageSize: data.pageSize, totalCount: data.totalCount } : undefined}
          pageHref={(target) => hrefWith({ page: target > 1 ? String(target) : undefined })}
          empty={
            filtered ? (
              <EmptyState icon="package" title="No matching orders" description="Try another search or clear the filters." />
            ) : (
              <EmptyState
                icon="package"
                title="No orders yet"
                description="Orders appear here once your Amazon account is connected and the first sync has run."
                action={<ButtonLink href="/seller/amazon">Amazon connection</ButtonLink>}
              />
            )
          }
        />
      )}

      {revealing && <RevealDialog order={revealing} onClose={() => setRevealing(null)} />}
    </div>
  );
}
