import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { randomInstance, solveExact } from '../../../../test/evenings.ts';
import { checkSchedule, type SchedInstance, schedule, scoreOf } from './evenings.scheduler.ts';

const sizes = [
  { families: 5, teachers: 3 },
  { families: 12, teachers: 5 },
  { families: 25, teachers: 8 },
  { families: 60, teachers: 15, sites: 3 },
];

describe('evenings scheduler: properties on seeded random instances', () => {
  for (let i = 0; i < 40; i++) {
    const size = sizes[i % sizes.length]!;
    test(`instance ${i} (${size.families} families)`, () => {
      const inst = randomInstance(`prop-${i}`, { ...size, end: 16 * 60 + 30 + 120 + (i % 3) * 30 });
      const { placements, score } = schedule(inst);
      // No overlap per family or teacher, travel time between sites, breaks, hours and windows respected.
      assert.deepEqual(checkSchedule(inst, placements), []);
      // Only requested meetings, each with the teacher that was asked for.
      const asked = new Map(inst.families.flatMap((f) => f.meetings.map((m) => [m.id, { f: f.id, t: m.teacherId }])));
      for (const p of placements) assert.deepEqual(asked.get(p.meetingId), { f: p.familyId, t: p.teacherId });
      assert.deepEqual(score, scoreOf(inst, placements));
      assert.ok(score.met <= score.requested);
    });
  }

  test('the checker catches a family in two places and too little travel time', () => {
    const inst: SchedInstance = {
      start: 1000,
      end: 1060,
      slotMinutes: 10,
      teachers: [
        { id: 'a', siteId: 's1', start: 1000, end: 1060, breaks: [] },
        { id: 'b', siteId: 's2', start: 1000, end: 1060, breaks: [{ start: 1040, end: 1060 }] },
      ],
      families: [
        {
          id: 'f',
          arrives: null,
          leaves: null,
          meetings: [
            { id: 'm1', teacherId: 'a', priority: false },
            { id: 'm2', teacherId: 'b', priority: false },
          ],
        },
      ],
      travel: (x, y) => (x === y ? 0 : 15),
    };
    const at = (meetingId: string, teacherId: string, slot: number) => ({
      meetingId,
      familyId: 'f',
      teacherId,
      slot,
      start: 1000 + slot * 10,
      end: 1010 + slot * 10,
    });
    assert.equal(checkSchedule(inst, [at('m1', 'a', 0), at('m2', 'b', 1)]).length, 1); // 0 min to travel 15
    assert.equal(checkSchedule(inst, [at('m1', 'a', 0), at('m2', 'b', 2)]).length, 1); // 10 min
    assert.equal(checkSchedule(inst, [at('m1', 'a', 0), at('m2', 'b', 3)]).length, 0); // 20 min
    assert.equal(checkSchedule(inst, [at('m1', 'a', 0), at('m2', 'b', 4)]).length, 1); // b's break
    const s = schedule(inst);
    assert.equal(s.score.met, 2);
    assert.deepEqual(checkSchedule(inst, s.placements), []);
    // Waiting: 20 minutes of travel between the two meetings is the least possible.
    assert.equal(s.score.waitingMinutes, 20);
  });
});

describe('evenings scheduler against the exact solver (HiGHS) on small cases', () => {
  for (let i = 0; i < 6; i++) {
    test(`small instance ${i}`, async () => {
      const inst = randomInstance(`exact-${i}`, { families: 10, teachers: 4, end: 16 * 60 + 30 + 90 });
      const greedy = schedule(inst).score;
      const exact = await solveExact(inst, { timeLimitSeconds: 20, minimiseWaiting: false });
      assert.deepEqual(checkSchedule(inst, exact.placements), []);
      // Never better than the optimum; priority requests as many as the optimum; at most 10 % of requests missed.
      assert.ok(greedy.priorityMet <= exact.score.priorityMet);
      assert.equal(greedy.priorityMet, exact.score.priorityMet, JSON.stringify({ greedy, exact: exact.score }));
      assert.ok(greedy.met >= 0.9 * exact.score.met, JSON.stringify({ greedy, exact: exact.score }));
    });
  }

  test('every priority request is met when they can all be met', async () => {
    for (let i = 0; i < 10; i++) {
      const base = randomInstance(`prio-${i}`, {
        families: 14,
        teachers: 4,
        priorityRate: 0.5,
        end: 16 * 60 + 30 + 90,
      });
      const exact = await solveExact(
        { ...base, families: base.families.map((f) => ({ ...f, meetings: f.meetings.filter((m) => m.priority) })) },
        { timeLimitSeconds: 20, minimiseWaiting: false },
      );
      if (exact.score.priorityMet < exact.score.priorityRequested) continue; // not all feasible
      const greedy = schedule(base).score;
      assert.equal(greedy.priorityMet, greedy.priorityRequested, `instance ${i}`);
    }
  });
});
