import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { MailConfig } from '../src/server/lib/config.ts';

export interface TestSmtp {
  port: number;
  /** Every mail accepted, parsed, in order, with its envelope recipient. */
  received: Array<{ to: string; mail: ParsedMail }>;
  /** Addresses refused at RCPT TO: 550 (permanent) or 451 (try later) for the given number of tries. */
  reject: Map<string, { code: 550 | 451; times: number }>;
  /** Milliseconds to wait before accepting each message (to stop a worker in the middle of a queue). */
  delayMs: number;
  /** Called when a message has been accepted. */
  onAccepted?: (to: string) => void;
  close(): Promise<void>;
  config(): MailConfig;
}

/** A real SMTP server on 127.0.0.1 and a free port, for tests: mail goes through the wire and MIME, as in life. */
export async function startSmtp(): Promise<TestSmtp> {
  const state: Omit<TestSmtp, 'port' | 'close' | 'config'> = { received: [], reject: new Map(), delayMs: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const rule = state.reject.get(address.address.toLowerCase());
      if (rule && rule.times > 0) {
        rule.times--;
        const err = new Error(rule.code === 550 ? 'No such user here' : 'Mailbox busy, try later') as Error & {
          responseCode: number;
        };
        err.responseCode = rule.code;
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
          const to = session.envelope.rcptTo.map((r) => r.address).join(',');
          state.received.push({ to, mail });
          callback();
          state.onAccepted?.(to);
        })
        .catch((e: Error) => callback(e));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const smtp: TestSmtp = Object.assign(state, {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    config: (): MailConfig => ({
      transport: 'smtp',
      smtp: { host: '127.0.0.1', port, secure: false, requireTls: false },
      from: 'Préau <ne-pas-repondre@college.test>',
      dir: '',
      digestHour: 17,
      tokenSecret: undefined,
      bounceToken: undefined,
    }),
  });
  return smtp;
}
