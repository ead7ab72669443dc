/**
 * Delivery status notifications (RFC 3464): the report a mail server sends back, sometimes hours later, when it
 * could not deliver a mail. Préau reads the per-recipient fields of its `message/delivery-status` part:
 * `Final-Recipient` (or `Original-Recipient`), `Action` and `Status` (RFC 3463 codes: 5.x.x permanent, 4.x.x
 * transient), and `Diagnostic-Code`. Only permanent failures count as bounces.
 */

export interface DsnRecipient {
  address: string;
  action: string;
  status: string;
  diagnostic: string | null;
}

/** Unfolds header-style continuation lines (a line starting with white space continues the previous one). */
function unfold(block: string): string[] {
  const lines: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && lines.length > 0) lines[lines.length - 1] += ` ${line.trim()}`;
    else if (line.trim()) lines.push(line);
  }
  return lines;
}

function fieldsOf(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of unfold(block)) {
    const m = /^([A-Za-z][A-Za-z0-9-]*)\s*:\s*(.*)$/.exec(line);
    if (m) fields.set(m[1]!.toLowerCase(), m[2]!.trim());
  }
  return fields;
}

/** `rfc822; <parent@example.org>` → `parent@example.org`; other address types are not mail addresses. */
function addressOf(value: string | undefined): string | null {
  if (!value) return null;
  const m = /^\s*rfc822\s*;\s*<?([^<>\s;]+@[^<>\s;]+)>?\s*$/i.exec(value);
  return m ? m[1]!.toLowerCase() : null;
}

/**
 * The recipients a delivery report is about, from the whole report (a `multipart/report` message as received) or
 * from its `message/delivery-status` part alone. Blocks of fields are separated by blank lines; the recipients'
 * blocks are those with an `Action` and a recipient. Anything else (the human-readable part, the returned message)
 * is ignored, so a returned message that quotes a report cannot add recipients: only blocks before the returned
 * message's part are read when the report's boundary is known.
 */
export function parseDeliveryReport(text: string): DsnRecipient[] {
  let body = text.length > 512 * 1024 ? text.slice(0, 512 * 1024) : text;
  // With MIME parts, keep the delivery-status part only.
  const part =
    /content-type:\s*message\/(?:global-)?delivery-status[^\n]*\r?\n(?:[ \t][^\n]*\r?\n)*([\s\S]*?)(?:\r?\n--[^\r\n]+|$)/i.exec(
      body,
    );
  if (part) body = part[1]!;
  const out: DsnRecipient[] = [];
  for (const block of body.split(/\r?\n[ \t]*\r?\n/)) {
    const f = fieldsOf(block);
    const address = addressOf(f.get('final-recipient')) ?? addressOf(f.get('original-recipient'));
    const action = f.get('action')?.toLowerCase();
    const status = /^\s*([245]\.\d{1,3}\.\d{1,3})/.exec(f.get('status') ?? '')?.[1];
    if (!address || !action || !status) continue;
    out.push({ address, action, status, diagnostic: f.get('diagnostic-code') ?? null });
  }
  return out;
}

/** A permanent failure: the address does not take mail (5.x.x), not a delay (4.x.x) nor a success. */
export const isPermanentFailure = (r: Pick<DsnRecipient, 'action' | 'status'>) =>
  r.action === 'failed' && r.status.startsWith('5.');
