// How orders read on screen: Amazon's statuses (normalized by
// lib/spapi/orders.ts) in words, and amounts in their currency. Plain code:
// used by the orders list (client) and the order page (server).
export const ORDER_STATUS_OPTIONS = [
  { value: "PENDING", label: "Pending" },
  { value: "UNSHIPPED", label: "Unshipped" },
  { value: "PARTIALLY_SHIPPED", label: "Partially shipped" },
  { value: "SHIPPED", label: "Shipped" },
  { value: "CANCELLED", label: "Cancelled" },
  { value: "UNFULFILLABLE", label: "Unfulfillable" },
  { value: "INVOICE_UNCONFIRMED", label: "Invoice unconfirmed" },
  { value: "PENDING_AVAILABILITY", label: "Pending availability" },
] as const;

/** "Partially shipped"; an unknown status is shown as Amazon sent it. */
export function orderStatusLabel(status: string): string {
  return ORDER_STATUS_OPTIONS.find((option) => option.value === status)?.label ?? status;
}

/** "$27.50", "€8.49", "¥1,200"; Amazon's own text when the runtime does not know the currency code. */
export function formatMoney(amount: string | null, currencyCode: string | null): string {
  if (!amount) return "—";
  if (!currencyCode) return amount;
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: currencyCode }).format(Number(amount));
  } catch {
    return `${amount} ${currencyCode}`;
  }
}
