// The portal's e-mails: plain text only (no HTML to sanitize, nothing remote
// to load, links visible as they are). Each returns { to, subject, text } for
// sendEmail. The link is the only secret in a message (it carries a single-use
// token); nothing else sensitive (no password, no code, no account details).

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

const SIGNATURE = "\n\n-- \nFireFeed Portal\nIf you did not expect this e-mail, you can ignore it. We never ask for your password by e-mail.";

/** One line of user-supplied text (names): no line breaks that could fake extra paragraphs, bounded length. */
function oneLine(value: string, max = 100): string {
  const flattened = value.replace(/[\r\n\t\u2028\u2029]+/g, " ").trim();
  return flattened.length > max ? `${flattened.slice(0, max - 1)}…` : flattened;
}

export function verifyEmailMessage({ to, link }: { to: string; link: string }): EmailMessage {
  return {
    to,
    subject: "Confirm your e-mail address for FireFeed Portal",
    text:
      "Please confirm your e-mail address by opening this link:\n\n" +
      `${link}\n\n` +
      "The link works once and expires in 24 hours." +
      SIGNATURE,
  };
}

export function passwordResetMessage({ to, link }: { to: string; link: string }): EmailMessage {
  return {
    to,
    subject: "Reset your FireFeed Portal password",
    text:
      "Someone (hopefully you) asked to reset the password of your FireFeed Portal account.\n\n" +
      `To choose a new password, open this link:\n\n${link}\n\n` +
      "The link works once and expires in 1 hour. Your current password stays valid until you choose a new one." +
      SIGNATURE,
  };
}

export function invitationMessage({
  to,
  link,
  inviterName,
  roleLabel,
  organizationName,
}: {
  to: string;
  link: string;
  inviterName: string;
  roleLabel: string;
  organizationName?: string;
}): EmailMessage {
  const where = organizationName ? `the ${oneLine(organizationName)} team on FireFeed Portal` : "FireFeed Portal";
  return {
    to,
    subject: `You are invited to ${organizationName ? oneLine(organizationName, 60) : "FireFeed Portal"}`,
    text:
      `${oneLine(inviterName)} invited you to join ${where} as ${oneLine(roleLabel, 60)}.\n\n` +
      `To accept, open this link and set up your account:\n\n${link}\n\n` +
      "The invitation works once and expires in 72 hours." +
      SIGNATURE,
  };
}

export function passwordExpiredMessage({ to, link }: { to: string; link: string }): EmailMessage {
  return {
    to,
    subject: "Your FireFeed Portal password has expired",
    text:
      "Your FireFeed Portal password has reached its maximum age and must be changed before you can sign in again.\n\n" +
      `To choose a new password, open this link:\n\n${link}\n\n` +
      "The link works once and expires in 1 hour." +
      SIGNATURE,
  };
}

/**
 * Amazon's 24-hour clock (I3): sent to the incident commander at 12, 4 and 1
 * hours left and at the breach. No incident details beyond its reference and
 * title (the console holds the rest, behind sign-in).
 */
export function incidentDeadlineMessage({
  to,
  incidentReference,
  incidentTitle,
  hoursLeft,
  deadlineAt,
  link,
}: {
  to: string;
  incidentReference: string;
  incidentTitle: string;
  /** 12, 4 or 1; null = the deadline has passed. */
  hoursLeft: number | null;
  deadlineAt: Date;
  link: string;
}): EmailMessage {
  const reference = oneLine(incidentReference, 20);
  const breached = hoursLeft === null;
  return {
    to,
    subject: breached
      ? `${reference}: Amazon notification deadline missed`
      : `${reference}: ${hoursLeft} hour${hoursLeft === 1 ? "" : "s"} left to notify Amazon`,
    text:
      `Incident ${reference} (${oneLine(incidentTitle)}) involves Amazon Information.\n\n` +
      (breached
        ? `Amazon had to be notified by ${deadlineAt.toISOString()} (UTC) and no notification is recorded. Notify security@amazon.com now and record it on the incident.\n\n`
        : `Amazon must be notified at security@amazon.com by ${deadlineAt.toISOString()} (UTC), less than ${hoursLeft} hour${hoursLeft === 1 ? "" : "s"} from now. Once notified, record it on the incident to stop the clock.\n\n`) +
      `Open the incident:\n\n${link}` +
      SIGNATURE,
  };
}

/** A security notice to a seller (I4): the text is written by the communications lead; the full notice is in the portal. */
export function sellerNoticeMessage({
  to,
  organizationName,
  noticeTitle,
  noticeBody,
  link,
}: {
  to: string;
  organizationName: string;
  noticeTitle: string;
  noticeBody: string;
  link: string;
}): EmailMessage {
  return {
    to,
    subject: `Security notice for ${oneLine(organizationName, 60)}: ${oneLine(noticeTitle, 100)}`,
    text:
      `FireFeed has posted a security notice for ${oneLine(organizationName)}.\n\n` +
      `${oneLine(noticeTitle, 200)}\n\n` +
      `${noticeBody.trim().slice(0, 5_000)}\n\n` +
      `Read and acknowledge it in the portal (sign in first):\n\n${link}` +
      SIGNATURE,
  };
}
