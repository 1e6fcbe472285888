// Server-side only (no "server-only" import: the deadline job load it).
// How incident e-mails leave: through lib/email's sendEmail by default; tests
// pass their own sender (to count, or to fail on purpose) and base URL.
import type { EmailMessage } from "@/lib/email/templates";
import { sendEmail } from "@/lib/email/send-email";
import { getEnv } from "@/lib/env";

export interface IncidentMailer {
  send: (message: EmailMessage) => Promise<void>;
  /** Absolute link into the portal for `path` (e.g. /seller/notices). */
  link: (path: string) => string;
}

export const defaultIncidentMailer: IncidentMailer = {
  send: sendEmail,
  link: (path) => new URL(path, getEnv().APP_URL).toString(),
};
