import { connect, type Socket } from 'node:net';

/**
 * Scans an uploaded file before it is stored. `clean`: a scanner looked and found nothing; `not_scanned`: no
 * scanner is configured (the file is stored and marked so); `infected`: refused. A scanner that is configured
 * but does not answer refuses the file (fail closed): an upload can be retried, a stored virus cannot be unsent.
 */
export interface VirusScanner {
  scan(data: Buffer): Promise<{ status: 'clean' | 'not_scanned' } | { status: 'infected'; signature: string }>;
}

export class ScannerUnavailableError extends Error {}

/** No scanner configured: every file is "not scanned". */
export const notScanned: VirusScanner = { scan: async () => ({ status: 'not_scanned' }) };

const CHUNK = 64 * 1024;

/**
 * ClamAV through clamd's INSTREAM command (a Unix socket path, or host:port): the bytes are streamed in chunks
 * prefixed by their length; clamd answers "stream: OK" or "stream: <signature> FOUND".
 */
export function clamdScanner(address: string, timeoutMs = 30_000): VirusScanner {
  const open = (): Socket => {
    const hostPort = /^([^/]+):(\d+)$/.exec(address);
    return hostPort ? connect(Number(hostPort[2]), hostPort[1]) : connect(address);
  };
  return {
    scan: (data) =>
      new Promise((resolve, reject) => {
        const socket = open();
        const chunks: Buffer[] = [];
        const fail = (e: unknown) => {
          socket.destroy();
          reject(new ScannerUnavailableError(`clamd: ${e instanceof Error ? e.message : String(e)}`));
        };
        socket.setTimeout(timeoutMs, () => fail(new Error('timeout')));
        socket.on('error', fail);
        socket.on('data', (b: Buffer) => chunks.push(b));
        socket.on('end', () => {
          const answer = Buffer.concat(chunks).toString('utf8').replace(/\0/g, '').trim();
          if (/^stream: OK$/.test(answer)) resolve({ status: 'clean' });
          else {
            const found = /^stream: (.+) FOUND$/.exec(answer);
            if (found) resolve({ status: 'infected', signature: found[1] ?? '' });
            else fail(new Error(answer || 'no answer'));
          }
        });
        socket.on('connect', () => {
          socket.write('zINSTREAM\0');
          for (let i = 0; i < data.length; i += CHUNK) {
            const part = data.subarray(i, i + CHUNK);
            const len = Buffer.alloc(4);
            len.writeUInt32BE(part.length);
            socket.write(len);
            socket.write(part);
          }
          socket.write(Buffer.alloc(4));
        });
      }),
  };
}

/** The scanner the configuration asks for. */
export const scannerFor = (config: { clamdSocket: string | undefined }): VirusScanner =>
  config.clamdSocket ? clamdScanner(config.clamdSocket) : notScanned;
