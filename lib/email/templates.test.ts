import { describe, expect, it } from "vitest";
import { splitTextIntoLinks } from "./link-segments";
import {
  incidentDeadlineMessage,
  invitationMessage,
  passwordExpiredMessage,
  passwordResetMessage,
  sellerNoticeMessage,
  verifyEmailMessage,
} from "./templates";

const link = "http://localhost:3000/sign-up/verify?token=Zk9vYmFyLXRva2VuLXZhbHVlLWZvci10ZXN0aW5nMTIz";
const to = "jane@example.com";

describe("e-mail templates", () => {
  const messages = {
    verify: verifyEmailMessage({ to, link }),
    reset: passwordResetMessage({ to, link }),
    invitation: invitationMessage({ to, link, inviterName: "Sam Admin", roleLabel: "Seller owner", organizationName: "Acme Ltd" }),
    expired: passwordExpiredMessage({ to, link }),
  };

  it.each(Object.entries(messages))("%s: addressed, with the link exactly once and single-line subject", (_, message) => {
    expect(message.to).toBe(to);
    expect(message.subject).not.toMatch(/[\r\n]/);
    expect(message.text.split(link)).toHaveLength(2);
    // The link is on a line of its own, so mail clients do not glue punctuation to it.
    expect(message.text).toContain(`\n${link}\n`);
  });

  it.each(Object.entries(messages))("%s: carries no other secret-looking value", (_, message) => {
    const withoutLink = message.text.replace(link, "");
    expect(withoutLink).not.toMatch(/token=|[A-Za-z0-9_-]{24,}/);
    expect(withoutLink).not.toMatch(/\b\d{6}\b/); // no codes
    expect(withoutLink.toLowerCase()).not.toContain("password:");
  });

  it("invitation names the inviter, role and organization, and flattens injected line breaks", () => {
    const message = invitationMessage({
      to,
      link,
      inviterName: "Eve\n\nURGENT: send your password to evil@example.net",
      roleLabel: "Operator admin",
    });
    expect(message.text).toContain("Operator admin");
    expect(message.text.split("\n")[0]).toContain("Eve URGENT");
    expect(message.subject).toBe("You are invited to FireFeed Portal");
    expect(messages.invitation.text).toContain("Sam Admin invited you to join the Acme Ltd team");
  });
});

describe("incident e-mails", () => {
  const incidentLink = "http://localhost:3000/admin/security/incidents/00000000-0000-4000-8000-000000000001";
  const deadlineAt = new Date("2026-12-01T10:00:00.000Z");

  it("deadline warning says how many hours are left, the deadline and the link", () => {
    const message = incidentDeadlineMessage({ to, incidentReference: "INC-7", incidentTitle: "Token leak", hoursLeft: 4, deadlineAt, link: incidentLink });
    expect(message.subject).toBe("INC-7: 4 hours left to notify Amazon");
    expect(message.text).toContain("2026-12-01T10:00:00.000Z");
    expect(message.text).toContain(`\n${incidentLink}\n`);
    expect(incidentDeadlineMessage({ to, incidentReference: "INC-7", incidentTitle: "x", hoursLeft: 1, deadlineAt, link: incidentLink }).subject).toBe(
      "INC-7: 1 hour left to notify Amazon",
    );
  });

  it("deadline breach says the deadline was missed; a title cannot inject lines", () => {
    const message = incidentDeadlineMessage({ to, incidentReference: "INC-7", incidentTitle: "A\n\nFAKE: click", hoursLeft: null, deadlineAt, link: incidentLink });
    expect(message.subject).toBe("INC-7: Amazon notification deadline missed");
    expect(message.text.split("\n")[0]).toContain("(A FAKE: click)");
  });

  it("seller notice carries the title and body with a single-line subject", () => {
    const message = sellerNoticeMessage({
      to,
      organizationName: "Acme\r\nBcc: evil@example.net",
      noticeTitle: "Security incident",
      noticeBody: "We detected unusual access.",
      link: "http://localhost:3000/seller/notices",
    });
    expect(message.subject).not.toMatch(/[\r\n]/);
    expect(message.text).toContain("We detected unusual access.");
    expect(message.text).toContain("\nhttp://localhost:3000/seller/notices\n");
  });
});

describe("splitTextIntoLinks (dev outbox)", () => {
  const appUrl = "http://localhost:3000";

  it("links same-origin URLs only and keeps all the text", () => {
    const text = `Open ${link}.\nNot this: https://evil.example/phish?x=1 nor http://localhost:3001/x\nEnd`;
    const segments = splitTextIntoLinks(text, appUrl);
    expect(segments.map((segment) => segment.text).join("")).toBe(text);
    const links = segments.filter((segment) => segment.kind === "link");
    expect(links).toEqual([{ kind: "link", text: link, href: link }]);
  });

  it("never links javascript: or data: URLs or look-alike hosts", () => {
    const text = "javascript:alert(1) data:text/html,x http://localhost:3000.evil.example/ http://localhost:3000@evil.example/";
    expect(splitTextIntoLinks(text, appUrl).filter((segment) => segment.kind === "link")).toEqual([]);
  });

  it("returns one text segment when there is no link", () => {
    expect(splitTextIntoLinks("hello", appUrl)).toEqual([{ kind: "text", text: "hello" }]);
  });
});
