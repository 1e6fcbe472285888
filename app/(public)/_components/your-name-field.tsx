import type { ReactNode } from "react";
import { TextField } from "@/components/form-field";

/** "Your name" on the account-creating forms (sign-up, accepting an invitation): controlled, so it feeds the password hints. */
export function YourNameField({ value, onChange, error }: { value: string; onChange: (value: string) => void; error: ReactNode }) {
  return (
    <TextField
      name="displayName"
      label="Your name"
      autoComplete="name"
      required
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error}
    />
  );
}
