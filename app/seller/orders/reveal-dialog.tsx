"use client";
// Revealing one order's buyer details: a reason (recorded), step-up when the
// last MFA check is old (useActionFeedback sends the person to /step-up and
// back), then the details in this dialog only. Nothing revealed is kept once
// the dialog closes: no cache, no URL, no parent state. Used by the orders
// list and the order page.
import { useState, useTransition } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { TextAreaField } from "@/components/form-field";
import { fieldError, useActionFeedback } from "@/components/use-action-feedback";
import type { ActionResult } from "@/lib/auth/define-action";
import type { RevealedOrderPii } from "@/lib/orders/order-queries";
import { revealOrderPiiAction } from "./actions";

function toFormData(values: Record<string, string>): FormData {
  const formData = new FormData();
  for (const [key, value] of Object.entries(values)) formData.set(key, value);
  return formData;
}

/** The order a reveal is for: its portal id and the Amazon order id the person recognizes. */
export interface RevealTarget {
  id: string;
  amazonOrderId: string;
}

export function RevealDialog({ order, onClose }: { order: RevealTarget; onClose: () => void }) {
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

/** "Reveal buyer details" for one order (the order page), opening the dialog above. */
export function RevealOrderButton({ order }: { order: RevealTarget }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Reveal buyer details
      </Button>
      {open && <RevealDialog order={order} onClose={() => setOpen(false)} />}
    </>
  );
}
