/** Joins class names, skipping falsy values (a tiny clsx without the dependency). */
export function cx(...classes: Array<string | false | null | undefined>): string {
  return classes.filter(Boolean).join(" ");
}
