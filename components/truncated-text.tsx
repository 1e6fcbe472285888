import { cx } from "./class-names";

/**
 * One line of text in a table cell: cut with an ellipsis when the column is
 * narrow, the whole text in a tooltip (and for assistive technology, which
 * reads the full text anyway), instead of wrapping an id over three lines.
 */
export function TruncatedText({ text, className }: { text: string; /** Replaces the default width limit (max-w-[16rem]). */ className?: string }) {
  return (
    <span className={cx("block truncate", className ?? "max-w-[16rem]")} title={text}>
      {text}
    </span>
  );
}
