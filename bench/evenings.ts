/**
 * npm run bench:evenings — the parent–teacher evening scheduler: 1,000 families × ~4 requests (time, share of
 * requests met), and the optimality gap against an exact integer program (HiGHS) on instances of ≤ 30 families.
 */
import { schedule } from '../src/server/modules/evenings/evenings.scheduler.ts';
import { randomInstance, solveExact } from '../test/evenings.ts';

const pct = (a: number, b: number) => (b === 0 ? '100.0' : ((100 * a) / b).toFixed(1));

console.log('## Large: 1,000 families, ~4 requests each, 250 teachers on 3 sites, 16:00–20:00, 10-minute slots');
for (const seed of ['large-1', 'large-2', 'large-3']) {
  const inst = randomInstance(seed, { families: 1000, teachers: 250, sites: 3, start: 16 * 60, end: 20 * 60 });
  const t0 = performance.now();
  const { score } = schedule(inst);
  const ms = performance.now() - t0;
  console.log(
    `${seed}: ${ms.toFixed(0)} ms; requests met ${score.met}/${score.requested} (${pct(score.met, score.requested)} %),` +
      ` priority ${score.priorityMet}/${score.priorityRequested} (${pct(score.priorityMet, score.priorityRequested)} %),` +
      ` mean waiting ${(score.waitingMinutes / inst.families.length).toFixed(1)} min per family`,
  );
}

console.log('\n## Small: 30 families, 8 teachers on 2 sites, 16:30–19:00 — scheduler vs exact (HiGHS)');
let gapSum = 0;
let n = 0;
for (let i = 0; i < 8; i++) {
  const inst = randomInstance(`small-${i}`, { families: 30, teachers: 8, end: 16 * 60 + 30 + 150 });
  const t0 = performance.now();
  const g = schedule(inst).score;
  const ms = performance.now() - t0;
  const e = await solveExact(inst, { timeLimitSeconds: 30, minimiseWaiting: false });
  const gap = e.score.met === 0 ? 0 : (100 * (e.score.met - g.met)) / e.score.met;
  // A run stopped by the time limit is no optimum: left out of the mean gap.
  if (e.optimal) {
    gapSum += gap;
    n++;
  }
  console.log(
    `small-${i}: scheduler ${g.met}/${g.requested} met (priority ${g.priorityMet}/${g.priorityRequested}) in ${ms.toFixed(0)} ms;` +
      ` exact ${e.score.met} (priority ${e.score.priorityMet})${e.optimal ? '' : ' [time limit]'} in ${e.seconds.toFixed(1)} s;` +
      ` gap ${gap.toFixed(1)} %`,
  );
}
console.log(`mean gap on requests met (proven optima, ${n} of 8): ${(gapSum / Math.max(1, n)).toFixed(2)} %`);
