import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { Badge } from "@/components/badge";
import { Card } from "@/components/card";
import { DataTable, type DataTableColumn } from "@/components/data-table";
import { Icon, type IconName } from "@/components/icons";
import { LocalTime } from "@/components/local-time";
import { PageHeader } from "@/components/page-header";
import { can, requireRouteAccess } from "@/lib/auth/authorize";
import { getPrisma } from "@/lib/db/client";
import { marketplaceLabel } from "@/lib/onboarding/marketplaces";
import { getOrderDetail, type OrderItemView, type OrderTimelineEvent } from "@/lib/orders/order-detail";
import { formatMoney, orderStatusLabel } from "@/lib/orders/order-format";
import { RevealOrderButton } from "../reveal-dialog";

export const metadata: Metadata = { title: "Order" };

const FULFILLMENT = { AMAZON: "Fulfilled by Amazon", MERCHANT: "Fulfilled by you" } as Record<string, string>;

function timelineText(event: OrderTimelineEvent): { icon: IconName; title: string; detail?: string } {
  switch (event.kind) {
    case "purchased":
      return { icon: "package", title: "Purchased on Amazon" };
    case "shipped":
      return { icon: "arrowRight", title: "Shipped" };
    case "imported":
      return {
        icon: "inbox",
        title: "Imported into FireFeed",
        detail: event.trigger === "MANUAL" ? "By a sync someone started." : event.trigger === "SCHEDULED" ? "By a scheduled sync." : undefined,
      };
    case "updated":
      return { icon: "link", title: "Refreshed from Amazon by a sync" };
    case "revealed":
      return { icon: "lock", title: `Buyer details revealed by ${event.by}`, detail: event.reason ? `Reason: ${event.reason}` : undefined };
    case "reveal-refused":
      return { icon: "alertTriangle", title: `A reveal by ${event.by} was refused` };
    case "pii-deleted":
      return { icon: "xCircle", title: "Buyer details deleted under the data-retention policy" };
  }
}

const itemColumns: DataTableColumn<OrderItemView>[] = [
  { key: "title", header: "Item", cell: (item) => item.title ?? "—" },
  { key: "asin", header: "ASIN", cell: (item) => <span className="font-mono whitespace-nowrap">{item.asin ?? "—"}</span> },
  { key: "sku", header: "SKU", cell: (item) => <span className="font-mono whitespace-nowrap">{item.sellerSku ?? "—"}</span> },
  { key: "quantity", header: "Quantity", align: "right", cell: (item) => item.quantity.toLocaleString("en-US") },
  { key: "price", header: "Unit price", align: "right", cell: (item) => formatMoney(item.unitPrice, item.currencyCode) },
];

export default async function SellerOrderPage({ params }: { params: Promise<{ orderId: string }> }) {
  const { orderId } = await params;
  const actor = await requireRouteAccess(`/seller/orders/${orderId}`);
  // Another organization's order, a malformed id and an unknown id all get the same 404.
  const order = await getOrderDetail(getPrisma(), actor, orderId);
  if (!order) notFound();
  const canReveal = can(actor, "orders:reveal-pii") && !order.piiPurged;

  return (
    <>
      <p className="mb-3 text-sm">
        <Link href="/seller/orders" className="inline-flex items-center gap-1 font-medium text-slate-700 hover:text-slate-900">
          <Icon name="chevronLeft" className="size-4" /> All orders
        </Link>
      </p>
      <PageHeader
        eyebrow="Order"
        title={<span className="font-mono">{order.amazonOrderId}</span>}
        description={`${orderStatusLabel(order.status)} · ${marketplaceLabel(order.marketplaceId)}`}
        actions={canReveal ? <RevealOrderButton order={{ id: order.id, amazonOrderId: order.amazonOrderId }} /> : undefined}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="grid content-start gap-6 lg:col-span-2">
          <Card id="order-summary" title="Summary">
            <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
              <Field label="Status">
                <Badge tone={order.status === "CANCELLED" || order.status === "UNFULFILLABLE" ? "danger" : order.status === "SHIPPED" ? "success" : "info"}>
                  {orderStatusLabel(order.status)}
                </Badge>
              </Field>
              <Field label="Order total">{formatMoney(order.orderTotal, order.currencyCode)}</Field>
              <Field label="Purchased">
                <LocalTime value={order.purchaseDate} />
              </Field>
              <Field label="Last changed on Amazon">
                <LocalTime value={order.lastUpdateDate} />
              </Field>
              <Field label="Shipped">
                <LocalTime value={order.shippedAt} empty="Not yet" />
              </Field>
              <Field label="Fulfilment">{order.fulfillmentChannel ? (FULFILLMENT[order.fulfillmentChannel] ?? order.fulfillmentChannel) : "—"}</Field>
              <Field label="Marketplace">{marketplaceLabel(order.marketplaceId)}</Field>
              <Field label="Items">{order.itemCount === null ? "—" : order.itemCount.toLocaleString("en-US")}</Field>
            </dl>
          </Card>
          <Card id="order-items" title="Items" flush>
            {order.items === null ? (
              <p className="p-4 text-sm text-slate-600">
                Item details are not available for this order: the connection uses Amazon&apos;s older Orders API, which lists orders without their items.
              </p>
            ) : (
              <DataTable caption="Items of this order" hideCaption columns={itemColumns} rows={order.items} rowKey={(item) => `${item.asin}-${item.sellerSku}-${item.title}`} />
            )}
          </Card>
        </div>
        <div className="grid content-start gap-6">
          <Card id="order-buyer" title="Buyer" description={order.piiPurged ? undefined : "Masked. Revealing the full details needs a reason and is recorded."}>
            {order.piiPurged ? (
              <p className="text-sm text-slate-700">
                The buyer details were deleted under the data-retention policy on <LocalTime value={order.piiPurgedAt} />.
              </p>
            ) : (
              <dl className="grid gap-3 text-sm">
                <Field label="Name">{order.buyerNameMasked || "—"}</Field>
                <Field label="Ship to">{order.shipToMasked || "—"}</Field>
              </dl>
            )}
          </Card>
          <Card id="order-timeline" title="Timeline">
            <ol className="grid gap-4" aria-label="What happened to this order">
              {order.timeline.map((event, index) => {
                const text = timelineText(event);
                return (
                  <li key={`${event.kind}-${index}`} className="flex gap-3 text-sm">
                    <Icon name={text.icon} className="mt-0.5 size-4 shrink-0 text-slate-500" />
                    <div className="min-w-0">
                      <p className="font-medium text-slate-900">{text.title}</p>
                      <p className="text-slate-600">
                        <LocalTime value={event.at} />
                      </p>
                      {text.detail && <p className="break-words text-slate-600">{text.detail}</p>}
                    </div>
                  </li>
                );
              })}
            </ol>
          </Card>
        </div>
      </div>
    </>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="mt-1 text-slate-900">{children}</dd>
    </div>
  );
}
