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
