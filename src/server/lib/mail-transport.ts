import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { MailConfig } from './config.ts';
import { newId } from './ids.ts';

/** A mail ready to leave: one recipient, a plain-text and an HTML part, and its own headers. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers: List-Unsubscribe, List-Unsubscribe-Post, Auto-Submitted... */
  headers: Record<string, string>;
}

/**
 * What a delivery attempt came to: `sent`; `rejected` when the server refused the recipient or the message for
 * good (5xx): the address bounces and is never tried again; `failed` when trying later may work (4xx, network).
 */
export type DeliveryResult =
  | { status: 'sent'; messageId: string }
  | { status: 'rejected'; reason: string }
  | { status: 'failed'; reason: string };

/** Where mail goes: an SMTP server in production, a folder of .eml files in development. */
export interface MailTransport {
  readonly name: 'smtp' | 'folder';
  send(mail: OutgoingMail): Promise<DeliveryResult>;
  close(): void;
}

interface SmtpLikeError {
  responseCode?: number;
  response?: string;
  command?: string;
  code?: string;
  message?: string;
}

/** 5xx at RCPT TO or DATA (or any 5xx answer to the envelope) is permanent; anything else may be retried. */
export function classifySmtpError(e: unknown): DeliveryResult {
  const err = (e ?? {}) as SmtpLikeError;
  const code = typeof err.responseCode === 'number' ? err.responseCode : 0;
  const reason = `${code || err.code || 'error'} ${err.command ?? ''} ${err.response ?? err.message ?? ''}`
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 500);
  if (
    code >= 500 &&
    code < 600 &&
    (err.code === 'EENVELOPE' || err.code === 'EMESSAGE' || /RCPT|DATA/i.test(err.command ?? ''))
  ) {
    return { status: 'rejected', reason };
  }
  return { status: 'failed', reason };
}

function baseOptions(from: string, mail: OutgoingMail) {
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: mail.headers,
    // No remote content: nothing to fetch, nothing that tells the sender a mail was opened.
    disableUrlAccess: true,
    disableFileAccess: true,
  };
}

export function smtpTransport(config: MailConfig): MailTransport {
  const smtp = config.smtp;
  if (!smtp) throw new Error('SMTP is not configured');
  const transporter = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: smtp.requireTls,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  return {
    name: 'smtp',
    async send(mail) {
      try {
        const info = await transporter.sendMail(baseOptions(config.from, mail));
        if (info.rejected.length > 0) return { status: 'rejected', reason: String(info.response ?? 'rejected') };
        return { status: 'sent', messageId: info.messageId };
      } catch (e) {
        return classifySmtpError(e);
      }
    },
    close: () => transporter.close(),
  };
}

/** Development: every mail becomes an .eml file (open it with any mail client); nothing leaves the machine. */
export function folderTransport(config: MailConfig): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    name: 'folder',
    async send(mail) {
      const info = await transporter.sendMail(baseOptions(config.from, mail));
      await mkdir(config.dir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = join(config.dir, `${stamp}-${newId().slice(0, 8)}.eml`);
      // Written under another name, then renamed: a reader never sees half a mail.
      await writeFile(`${file}.tmp`, info.message as Buffer);
      await rename(`${file}.tmp`, file);
      return { status: 'sent', messageId: info.messageId };
    },
    close: () => transporter.close(),
  };
}

/** The transport the configuration asks for; null when mail is off (production without SMTP). */
export function transportFor(config: MailConfig): MailTransport | null {
  if (config.transport === 'smtp') return smtpTransport(config);
  if (config.transport === 'folder') return folderTransport(config);
  return null;
}
