import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestContext } from '../../../test/app.ts';
import { todayInParis } from '../lib/dates.ts';
import { nowIso } from '../lib/ids.ts';
import { departementSpec } from './departement.ts';
import { type CollegeSpec, generateCollege, insertSeedRows, LoginRegistry } from './generator.ts';
import { seedTimetable } from './timetable.ts';
import { monthsOf, seedSchoolYear } from './year.ts';

/** A département school made tiny (one class per level, small classes), so that a whole year seeds in seconds. */
function tiny(index: number): CollegeSpec {
  const spec = departementSpec(index);
  return {
    ...spec,
    sites: [{ ...spec.sites[0]!, levels: ['6e', '5e', '4e', '3e'] }],
    classesPerLevel: 1,
    classSize: [8, 10],
    teachers: 12,
    lv2: [['ESPAGNOL LV2', 100]],
    latin: false,
    cham: false,
    chas: false,
    ulis: false,
  };
}

describe('a whole school year per school (seed --year)', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  test('months of a range are whole calendar months, clipped to the range', () => {
    assert.deepEqual(monthsOf('2026-09-01', '2026-11-15'), [
      ['2026-09-01', '2026-09-30'],
      ['2026-10-01', '2026-10-31'],
      ['2026-11-01', '2026-11-15'],
    ]);
    assert.deepEqual(monthsOf('2027-02-10', '2027-03-01'), [
      ['2027-02-10', '2027-02-28'],
      ['2027-03-01', '2027-03-01'],
    ]);
  });

  test('every school gets grades, absences, homework, report cards and notifications over the year', async () => {
    const today = todayInParis();
    const now = nowIso();
    const logins = new LoginRegistry();
    const schools = [];
    for (const index of [1, 2]) {
      const college = generateCollege(tiny(index), { logins, passwordHash: null, today, now });
      await t.db.transaction().execute(async (trx) => {
        await insertSeedRows(trx, college.rows);
        await seedTimetable(trx, college, { today, now });
      });
      schools.push(college);
    }
    for (const [i, college] of schools.entries()) {
      const counts = await t.db.transaction().execute((trx) =>
        seedSchoolYear(trx, {
          schoolId: college.schoolId,
          seedName: `departement-${i + 1}`,
          notable: college.notable,
          today,
          now,
        }),
      );
      for (const k of ['roll_calls', 'attendance_events', 'homework', 'grades', 'report_cards', 'notifications']) {
        assert.ok((counts[k] ?? 0) > 0, `${k} seeded (${JSON.stringify(counts)})`);
      }
    }
    for (const college of schools) {
      const count = async (table: 'grades' | 'attendance_events' | 'homework' | 'report_cards' | 'roll_calls') => {
        const row =
          table === 'grades'
            ? await t.db
                .selectFrom('grades as g')
                .innerJoin('assessments as a', 'a.id', 'g.assessment_id')
                .where('a.school_id', '=', college.schoolId)
                .select((eb) => eb.fn.countAll<number | string>().as('n'))
                .executeTakeFirstOrThrow()
            : await t.db
                .selectFrom(table)
                .where('school_id', '=', college.schoolId)
                .select((eb) => eb.fn.countAll<number | string>().as('n'))
                .executeTakeFirstOrThrow();
        return Number(row.n);
      };
      for (const table of ['grades', 'attendance_events', 'homework', 'report_cards', 'roll_calls'] as const) {
        assert.ok((await count(table)) > 0, `${table} in ${college.schoolId}`);
      }
      // The whole year: roll calls and assessments in each of the three trimesters, report cards of each.
      const periods = await t.db
        .selectFrom('periods as p')
        .leftJoin('report_cards as r', 'r.period_id', 'p.id')
        .select(['p.number', 'p.starts_on', 'p.ends_on'])
        .select((eb) => eb.fn.count<number | string>('r.id').as('cards'))
        .where('p.school_id', '=', college.schoolId)
        .groupBy(['p.number', 'p.starts_on', 'p.ends_on'])
        .orderBy('p.number')
        .execute();
      assert.equal(periods.length, 3);
      for (const p of periods) {
        assert.ok(Number(p.cards) > 0, `report cards of T${p.number}`);
        const rc = await t.db
          .selectFrom('roll_calls')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('school_id', '=', college.schoolId)
          .where('date', '>=', p.starts_on)
          .where('date', '<=', p.ends_on)
          .executeTakeFirstOrThrow();
        assert.ok(Number(rc.n) > 0, `roll calls in T${p.number}`);
      }
    }
  });
});
