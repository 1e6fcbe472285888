// The ALERT_LINKED timeline entry names the alert by its id in the entry's
// text ("Alert <id> linked."): the row has no alert column, and the id stays
// the durable reference. People read the alert's title instead: the incident
// query looks the ids up and the page shows the title, linked to the alert.
// Plain functions, so the writer and the reader agree on one format.

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const ALERT_LINKED_BODY = new RegExp(`^Alert (${UUID}) linked\\.$`, "i");

/** The stored text of an ALERT_LINKED entry. */
export function alertLinkedBody(alertId: string): string {
  return `Alert ${alertId} linked.`;
}

/** The alert id in an ALERT_LINKED entry's text, or null when the text is not in that form. */
export function linkedAlertId(body: string | null): string | null {
  const match = body ? ALERT_LINKED_BODY.exec(body.trim()) : null;
  return match?.[1]?.toLowerCase() ?? null;
}
