import type { Measurement } from './load.ts';
import type { TargetOutcome } from './scenarios.ts';

const num = (v: number, d = 0) => v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

function table(headers: string[], rows: string[][], alignLeft = 1): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (i < alignLeft ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`;
  return [line(headers), `  ${widths.map((w) => '─'.repeat(w)).join('  ')}`, ...rows.map(line)].join('\n');
}

export function measurementsTable(rows: { title: string; m: Measurement }[]): string {
  return table(
    [
      'scenario',
      'conns',
      'req/s',
      'p50 ms',
      'p99 ms',
      'max ms',
      'requests',
      'non-2xx',
      'errors',
      'srv CPU µs/req',
      'gen CPU µs/req',
      'CPU-bound req/s¹',
      'others CPU',
    ],
    rows.map(({ title, m }) => [
      title,
      String(m.connections),
      num(m.reqPerSec),
      num(m.latencyMs.p50, 1),
      num(m.latencyMs.p99, 1),
      num(m.latencyMs.max, 0),
      num(m.requests),
      num(m.non2xx),
      num(m.errors),
      m.serverCpuUsPerReq === null ? '—' : num(m.serverCpuUsPerReq),
      m.loadGenCpuUsPerReq === null ? '—' : num(m.loadGenCpuUsPerReq),
      m.cpuBoundReqPerSec === null ? '—' : num(m.cpuBoundReqPerSec),
      m.cpu.othersMs === null || !m.cpu.capacityMs ? '—' : `${Math.round((100 * m.cpu.othersMs) / m.cpu.capacityMs)}%`,
    ]),
  );
}

export function targetsTable(outcomes: TargetOutcome[]): string {
  return table(
    ['target', 'measured', 'goal', ''],
    outcomes.map((o) => [
      o.label,
      o.value === null ? '—' : num(o.value, Math.abs(o.value) < 10 ? 2 : 1),
      o.goal,
      o.pass === null ? 'not run' : o.pass ? 'PASS' : 'SHORT',
    ]),
  );
}

export const FOOTNOTE =
  '¹ From the CPU each request cost the server and the load generator: the req/s if the machine ran nothing else\n' +
  '  (event-loop work capped at one core). "others CPU" is the share of the machine that other processes used.';
