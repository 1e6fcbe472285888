"use client";

import { usePathname } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { Icon, type IconName } from "./icons";
import { cx } from "./class-names";

type ToastTone = "info" | "success" | "error";

type ToastInput = {
  title: string;
  description?: string;
  tone?: ToastTone;
};

export type Toast = Required<Pick<ToastInput, "title" | "tone">> & { id: number; description?: string };

type ToastContextValue = { toast: (input: ToastInput) => void; dismiss: (id: number) => void };

const ToastContext = createContext<ToastContextValue | null>(null);

/**
 * The list after `added` arrives (issue 11): the same message is not stacked
 * again (it replaces its earlier copy, which restarts its timer), and at most
 * MAX_VISIBLE are shown, newest last.
 */
export function withToast(current: readonly Toast[], added: Toast): Toast[] {
  const others = current.filter((toast) => toast.title !== added.title || toast.tone !== added.tone || toast.description !== added.description);
  return [...others, added].slice(-MAX_VISIBLE);
}

/** The list once the person has moved to another page: an error belongs to the form on the page it came from, so it leaves with it. */
export function afterNavigation(current: readonly Toast[]): Toast[] {
  return current.filter((toast) => toast.tone !== "error");
}

/** Success and info fade after a while; errors stay until dismissed or until the page changes, so nobody misses them. */
const AUTO_DISMISS_MS = 6000;
const MAX_VISIBLE = 4;

const tones: Record<ToastTone, { icon: IconName; iconClass: string }> = {
  info: { icon: "info", iconClass: "text-sky-700" },
  success: { icon: "checkCircle", iconClass: "text-emerald-700" },
  error: { icon: "xCircle", iconClass: "text-red-700" },
};

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  useEffect(() => {
    if (toast.tone === "error") return;
    const timer = window.setTimeout(() => onDismiss(toast.id), AUTO_DISMISS_MS);
    return () => window.clearTimeout(timer);
  }, [toast, onDismiss]);

  const style = tones[toast.tone];
  return (
    // The live role sits inside the list item: an <li> with another role is no list item (axe "list").
    <li className="pointer-events-auto flex w-full gap-3 rounded-lg bg-white p-4 text-sm shadow-lg ring-1 ring-slate-200">
      <Icon name={style.icon} className={cx("mt-0.5 size-5 shrink-0", style.iconClass)} />
      <div role={toast.tone === "error" ? "alert" : "status"} className="min-w-0 flex-1">
        <p className="font-semibold text-slate-900">{toast.title}</p>
        {toast.description && <p className="mt-1 text-slate-600">{toast.description}</p>}
      </div>
      <button
        type="button"
        onClick={() => onDismiss(toast.id)}
        className="-m-1 h-fit rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900"
        aria-label={`Dismiss notification: ${toast.title}`}
      >
        <Icon name="x" className="size-4" />
      </button>
    </li>
  );
}

/** Holds the toasts and renders one polite live region (present from the start, so additions are announced). */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => {
    setToasts((current) => current.filter((toast) => toast.id !== id));
  }, []);

  const toast = useCallback((input: ToastInput) => {
    const id = nextId.current++;
    setToasts((current) => withToast(current, { id, title: input.title, description: input.description, tone: input.tone ?? "info" }));
  }, []);

  const pathname = usePathname();
  const shownOn = useRef(pathname);
  useEffect(() => {
    if (shownOn.current === pathname) return;
    shownOn.current = pathname;
    setToasts(afterNavigation);
  }, [pathname]);

  const value = useMemo(() => ({ toast, dismiss }), [toast, dismiss]);

  return (
    <ToastContext.Provider value={value}>
      {children}
      <section aria-label="Notifications" aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex justify-end p-4 sm:p-6">
        <ol className="flex w-full max-w-sm flex-col gap-3">
          {toasts.map((item) => (
            <ToastItem key={item.id} toast={item} onDismiss={dismiss} />
          ))}
        </ol>
      </section>
    </ToastContext.Provider>
  );
}

/** `const { toast } = useToast(); toast({ title: "Saved", tone: "success" })` */
export function useToast(): ToastContextValue {
  const context = useContext(ToastContext);
  if (!context) throw new Error("useToast must be used inside <ToastProvider> (app/providers.tsx).");
  return context;
}
