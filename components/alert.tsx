import type { ReactNode } from "react";
import { Icon, type IconName } from "./icons";
import { cx } from "./class-names";

type AlertTone = "info" | "success" | "warning" | "error";

const tones: Record<AlertTone, { box: string; icon: string; iconName: IconName }> = {
  info: { box: "bg-sky-50 text-sky-900 ring-sky-200", icon: "text-sky-700", iconName: "info" },
  success: { box: "bg-emerald-50 text-emerald-900 ring-emerald-200", icon: "text-emerald-700", iconName: "checkCircle" },
  warning: { box: "bg-amber-50 text-amber-950 ring-amber-300", icon: "text-amber-700", iconName: "alertTriangle" },
  error: { box: "bg-red-50 text-red-900 ring-red-200", icon: "text-red-700", iconName: "xCircle" },
};

type AlertProps = {
  tone?: AlertTone;
  title?: ReactNode;
  children?: ReactNode;
  /** Extra content on the right, e.g. a link to act on the message. */
  action?: ReactNode;
  /**
   * How assistive technology announces it. Errors and warnings interrupt (`alert`),
   * info and success wait their turn (`status`). Use "none" for static page content
   * that is present on load and should not be announced as a change.
   */
  live?: "alert" | "status" | "none";
  className?: string;
};

export function Alert({ tone = "info", title, children, action, live, className }: AlertProps) {
  const style = tones[tone];
  const role = live ?? (tone === "error" || tone === "warning" ? "alert" : "status");
  return (
    <div
      role={role === "none" ? undefined : role}
      className={cx("flex gap-3 rounded-lg p-4 text-sm ring-1 ring-inset", style.box, className)}
    >
      <Icon name={style.iconName} className={cx("mt-0.5 size-5 shrink-0", style.icon)} />
      <div className="min-w-0 flex-1">
        {title && <p className="font-semibold">{title}</p>}
        {children && <div className={cx(Boolean(title) && "mt-1", "[&_a]:font-medium [&_a]:underline")}>{children}</div>}
      </div>
      {action && <div className="shrink-0">{action}</div>}
    </div>
  );
}
