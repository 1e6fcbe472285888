"use client";
// The orders list: search, filters, keyset pagination ("Previous"/"Next"),
// loading skeleton, empty state, and per-row "Reveal" (reason + step-up,
// recorded). Buyer data arrives masked; revealed PII lives only in the reveal
// dialog's state and is dropped when the dialog closes.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState, useTransition, type FormEvent } from "react";
import { Button, ButtonLink } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DataTable, type DataTableColumn } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { SelectField, TextAreaField, TextField } from "@/components/form-field";
import { fieldError, useActionFeedback } from "@/components/use-action-feedback";
import type { ActionResult } from "@/lib/auth/define-action";
import { MARKETPLACES, marketplaceLabel } from "@/lib/onboarding/marketplaces";
import type { OrderListRow, RevealedOrderPii } from "@/lib/orders/order-queries";
import { listOrdersAction, revealOrderPiiAction } from "./actions";

const STATUS_OPTIONS = [
  { value: "PENDING", label: "Pending" },
  { value: "UNSHIPPED", label: "Unshipped" },
  { value: "PARTIALLY_SHIPPED", label: "Partially shipped" },
  { value: "SHIPPED", label: "Shipped" },
  { value: "CANCELLED", label: "Cancelled" },
  { value: "UNFULFILLABLE", label: "Unfulfillable" },
  { value: "INVOICE_UNCONFIRMED", label: "Invoice unconfirmed" },
  { value: "PENDING_AVAILABILITY", label: "Pending availability" },
] as const;

const statusLabel = (status: string) => STATUS_OPTIONS.find((option) => option.value === status)?.label ?? status;

interface Filters {
  search: string;
  status: string;
  marketplaceId: string;
  from: string;
  to: string;
}

const NO_FILTERS: Filters = { search: "", status: "", marketplaceId: "", from: "", to: "" };

type PagePosition = { cursor?: string; direction?: "next" | "prev" };

function toFormData(values: Record<string, string | undefined>): FormData {
  const formData = new FormData();
  for (const [key, value] of Object.entries(values)) if (value) formData.set(key, value);
  return formData;
}

function formatDate(value: Date | string): string {
  return new Date(value).toISOString().slice(0, 10);
}

export function OrdersBrowser({ canReveal }: { canReveal: boolean }) {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [position, setPosition] = useState<PagePosition>({});
  const [revealing, setRevealing] = useState<OrderListRow | null>(null);

  const query = useQuery({
    queryKey: ["orders", filters, position],
    queryFn: async () => {
      const result = await listOrdersAction(null, toFormData({ ...filters, ...position }));
      if (!result.ok) throw new Error(result.error);
      return result.data!;
    },
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });

  const applyFilters = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: keyof Filters) => {
      const entry = form.get(name);
      return typeof entry === "string" ? entry.trim() : "";
    };
    setFilters({ search: value("search"), status: value("status"), marketplaceId: value("marketplaceId"), from: value("from"), to: value("to") });
    setPosition({});
  };

  const filtered = Object.values(filters).some(Boolean);
  const columns: DataTableColumn<OrderListRow>[] = [
    { key: "order", header: "Order", cell: (row) => <span className="font-mono">{row.amazonOrderId}</span> },
    { key: "date", header: "Purchased", cell: (row) => formatDate(row.purchaseDate) },
    { key: "status", header: "Status", cell: (row) => statusLabel(row.status) },
    { key: "marketplace", header: "Marketplace", cell: (row) => marketplaceLabel(row.marketplaceId) },
    {
      key: "total",
      header: "Total",
      align: "right",
      cell: (row) => (row.orderTotal ? `${row.orderTotal} ${row.currencyCode ?? ""}`.trim() : "—"),
    },
    { key: "buyer", header: "Buyer", cell: (row) => (row.piiPurged ? <span className="text-slate-500">Deleted</span> : row.buyerNameMasked || "—") },
    { key: "shipTo", header: "Ship to", cell: (row) => (row.piiPurged ? <span className="text-slate-500">Deleted</span> : row.shipToMasked || "—") },
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
  return (
    <div className="grid gap-4">
      <form onSubmit={applyFilters} className="grid gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 md:grid-cols-6" aria-label="Search and filter orders">
        <TextField
          name="search"
          label="Search"
          placeholder="Order id or exact buyer e-mail"
          defaultValue={filters.search}
          fieldClassName="md:col-span-2"
          autoComplete="off"
        />
        <SelectField name="status" label="Status" placeholder="Any status" defaultValue={filters.status} options={STATUS_OPTIONS} />
        <SelectField
          name="marketplaceId"
          label="Marketplace"
          placeholder="Any marketplace"
          defaultValue={filters.marketplaceId}
          options={MARKETPLACES.map((marketplace) => ({ value: marketplace.id, label: marketplace.country }))}
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
              onClick={(event) => {
                event.currentTarget.form?.reset();
                setFilters(NO_FILTERS);
                setPosition({});
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

      <nav aria-label="Orders pages" className="flex justify-end gap-2">
        <Button
          size="sm"
          variant="secondary"
          disabled={!data?.prevCursor || query.isFetching}
          onClick={() => data?.prevCursor && setPosition({ cursor: data.prevCursor, direction: "prev" })}
        >
          Previous
        </Button>
        <Button
          size="sm"
          variant="secondary"
          disabled={!data?.nextCursor || query.isFetching}
          onClick={() => data?.nextCursor && setPosition({ cursor: data.nextCursor, direction: "next" })}
        >
          Next
        </Button>
      </nav>

      {revealing && <RevealDialog order={revealing} onClose={() => setRevealing(null)} />}
    </div>
  );
}

function RevealDialog({ order, onClose }: { order: OrderListRow; onClose: () => void }) {
  const [reason, setReason] = useState("");
  const [result, setResult] = useState<ActionResult<RevealedOrderPii> | null>(null);
  const [pending, startTransition] = useTransition();
  // Failures become a toast; stepUpRequired sends the person to /step-up and back.
  useActionFeedback(result && !result.ok ? result : null);
  const pii = result?.ok ? result.data : undefined;

  const reveal = () =>
    startTransition(async () => {
      setResult(await revealOrderPiiAction(null, toFormData({ orderId: order.id, reason })));
    });

  if (pii) {
    const shipping = pii.shipping;
    const address = [shipping.name, shipping.addressLine1, shipping.addressLine2, shipping.addressLine3,
      [shipping.postalCode, shipping.city].filter(Boolean).join(" "), shipping.districtOrCounty, shipping.stateOrRegion, shipping.countryCode]
      .filter((line): line is string => Boolean(line));
    return (
      <ConfirmDialog
        open
        onOpenChange={(open) => !open && onClose()}
        onConfirm={onClose}
        title={`Buyer details of order ${order.amazonOrderId}`}
        description="Revealed for the reason you gave; this reveal is recorded. Close this dialog when you are done: the details are not kept on this page."
        confirmLabel="Hide details"
      >
        <dl className="grid gap-2 text-sm" aria-label="Revealed buyer details">
          <div>
            <dt className="text-slate-500">Buyer name</dt>
            <dd className="text-slate-900">{pii.buyerName ?? "—"}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Buyer e-mail</dt>
            <dd className="text-slate-900">{pii.buyerEmail ?? "—"}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Phone</dt>
            <dd className="text-slate-900">{pii.buyerPhone ?? shipping.phone ?? "—"}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Ship to</dt>
            <dd className="whitespace-pre-line text-slate-900">{address.length > 0 ? address.join("\n") : "—"}</dd>
          </div>
        </dl>
      </ConfirmDialog>
    );
  }

  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      onConfirm={reveal}
      pending={pending}
      title={`Reveal buyer details of order ${order.amazonOrderId}?`}
      description="This is recorded: your name, the order, the fields shown and your reason go to the audit log. You may be asked to confirm it's you."
      confirmLabel="Reveal"
    >
      <TextAreaField
        name="reason"
        label="Reason"
        required
        minLength={10}
        maxLength={500}
        rows={3}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        hint="For example: “Buyer asked to change the delivery address.”"
        error={fieldError(result, "reason")}
        data-autofocus
      />
    </ConfirmDialog>
  );
}
