"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { Button } from "./button";

type ConfirmDialogProps = {
  open: boolean;
  /** Called with `false` on Cancel, Escape or a click on the backdrop. */
  onOpenChange: (open: boolean) => void;
  onConfirm: () => void | Promise<void>;
  title: ReactNode;
  description?: ReactNode;
  /** Extra content, e.g. a reason field for a recorded action. */
  children?: ReactNode;
  confirmLabel?: string;
  cancelLabel?: string;
  /** "danger" for destructive or sensitive actions: the confirm button turns red and Cancel gets the first focus. */
  tone?: "primary" | "danger";
  /** While the action runs: the confirm button shows a spinner and the dialog cannot be dismissed. */
  pending?: boolean;
};

/*
 * The one confirmation dialog, on the native <dialog> element: showModal() makes
 * the rest of the page inert, keeps focus inside and closes on Escape. We add
 * initial focus on the safe choice and return focus to the opener on close.
 */
export function ConfirmDialog({
  open,
  onOpenChange,
  onConfirm,
  title,
  description,
  children,
  confirmLabel = "Confirm",
  cancelLabel = "Cancel",
  tone = "primary",
  pending = false,
}: ConfirmDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      openerRef.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      // Destructive actions start on Cancel so a stray Enter does no harm.
      const initial = tone === "danger" ? cancelRef.current : (dialog.querySelector<HTMLElement>("[data-autofocus]") ?? confirmRef.current);
      initial?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open, tone]);

  // Return focus to whatever opened the dialog, however it was closed.
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    const restoreFocus = () => {
      openerRef.current?.focus();
      openerRef.current = null;
    };
    dialog.addEventListener("close", restoreFocus);
    return () => dialog.removeEventListener("close", restoreFocus);
  }, []);

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      className="m-auto w-[calc(100%-2rem)] max-w-lg rounded-lg bg-white p-0 text-slate-900 shadow-xl ring-1 ring-slate-200"
      onCancel={(event) => {
        // Escape: keep the parent's `open` state the source of truth.
        event.preventDefault();
        if (!pending) onOpenChange(false);
      }}
      onClick={(event) => {
        // A click on the backdrop lands on the <dialog> element itself.
        if (event.target === event.currentTarget && !pending) onOpenChange(false);
      }}
    >
      <div className="p-6">
        <h2 id={titleId} className="text-lg font-semibold text-slate-900">
          {title}
        </h2>
        {description && (
          <div id={descriptionId} className="mt-2 text-sm text-slate-600">
            {description}
          </div>
        )}
        {children && <div className="mt-4">{children}</div>}
      </div>
      <div className="flex flex-col-reverse gap-2 rounded-b-lg border-t border-slate-200 bg-slate-50 px-6 py-4 sm:flex-row sm:justify-end">
        <Button ref={cancelRef} variant="secondary" onClick={() => onOpenChange(false)} disabled={pending}>
          {cancelLabel}
        </Button>
        <Button
          ref={confirmRef}
          variant={tone === "danger" ? "danger" : "primary"}
          pending={pending}
          onClick={() => void onConfirm()}
        >
          {confirmLabel}
        </Button>
      </div>
    </dialog>
  );
}
