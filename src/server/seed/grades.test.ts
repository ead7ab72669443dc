import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestContext } from '../../../test/app.ts';
import { todayInParis } from '../lib/dates.ts';
import { seedDemoCollege } from './demo.ts';
import { seedGrades } from './grades.ts';

describe('demo grades seed (Collège Le Parc, first trimester)', () => {
  let t: TestContext;
  let summary: Record<string, number>;
  let schoolId: string;
  let periodId: string;

  before(async () => {
    t = await createTestApp();
    summary = await seedDemoCollege(t.db);
    schoolId = (await t.db.selectFrom('schools').select('id').executeTakeFirstOrThrow()).id;
    periodId = (
      await t.db
        .selectFrom('periods')
        .select('id')
        .where('school_id', '=', schoolId)
        .where('kind', '=', 'trimestre')
        .where('number', '=', 1)
        .executeTakeFirstOrThrow()
    ).id;
  });
  after(() => t.close());

  const gradeRows = () =>
    t.db
      .selectFrom('grades as g')
      .innerJoin('assessments as a', 'a.id', 'g.assessment_id')
      .select(['g.pupil_id', 'g.value_centi', 'g.code', 'a.scale', 'a.class_id', 'a.subject_id', 'a.coefficient_centi'])
      .where('a.school_id', '=', schoolId)
      .execute();

  test('every class has 4 to 7 assessments per subject in T1, published the same evening', async () => {
    const classes = await t.db.selectFrom('classes').select(['id', 'code']).where('school_id', '=', schoolId).execute();
    const assessments = await t.db.selectFrom('assessments').selectAll().where('school_id', '=', schoolId).execute();
    assert.equal(assessments.length, summary.assessments);
    const period = await t.db.selectFrom('periods').selectAll().where('id', '=', periodId).executeTakeFirstOrThrow();
    for (const c of classes) {
      const mine = assessments.filter((a) => a.class_id === c.id);
      assert.ok(mine.length >= 30, `${c.code}: ${mine.length} assessments`);
    }
    const perAssignment = new Map<string, number>();
    for (const a of assessments) {
      assert.equal(a.period_id, periodId);
      assert.ok(a.date >= period.starts_on && a.date <= period.ends_on, a.date);
      assert.ok([10, 20, 100].includes(a.scale));
      assert.ok([50, 100, 200].includes(a.coefficient_centi));
      assert.ok((a.class_id === null) !== (a.group_id === null));
      // 18:00 in Paris: 16:00Z in summer time, 17:00Z in winter time.
      assert.match(a.pupils_publish_at, new RegExp(`^${a.date}T1[67]:00:00\\.000Z$`));
      assert.equal(a.guardians_publish_at, a.pupils_publish_at);
      const k = `${a.class_id ?? a.group_id}|${a.subject_id}|${a.teacher_id}`;
      perAssignment.set(k, (perAssignment.get(k) ?? 0) + 1);
    }
    assert.ok([...perAssignment.values()].every((n) => n >= 4 && n <= 7));
    const scales = assessments.map((a) => a.scale);
    assert.ok(scales.filter((s) => s === 20).length > scales.length / 2, 'mostly out of 20');
    assert.ok(scales.includes(100) && scales.includes(10));
    assert.ok(assessments.some((a) => a.title.startsWith('Dictée')));
  });

  test('grades: one value or one code, never above the scale, realistic averages', async () => {
    const rows = await gradeRows();
    assert.equal(rows.length, summary.grades);
    for (const r of rows) {
      assert.ok((r.value_centi === null) !== (r.code === null), JSON.stringify(r));
      if (r.value_centi !== null) assert.ok(r.value_centi >= 0 && r.value_centi <= r.scale * 100, JSON.stringify(r));
    }
    const codes = rows.filter((r) => r.code !== null);
    const share = codes.length / rows.length;
    assert.ok(share > 0.01 && share < 0.06, `codes: ${share}`);
    const byCode = (c: string) => codes.filter((r) => r.code === c).length;
    assert.ok(byCode('ABS') > byCode('NR') && byCode('NR') > 0 && byCode('DISP') > 0 && byCode('NN') > 0);

    const on20 = (r: (typeof rows)[number]) => (r.value_centi! / r.scale) * 0.2;
    const valued = rows.filter((r) => r.value_centi !== null);
    const byClass = new Map<string, number[]>();
    for (const r of valued) if (r.class_id) byClass.set(r.class_id, [...(byClass.get(r.class_id) ?? []), on20(r)]);
    for (const [classId, values] of byClass) {
      const avg = values.reduce((a, b) => a + b, 0) / values.length;
      assert.ok(avg > 10 && avg < 14, `class ${classId}: ${avg}`);
    }
    // Each pupil's general average (mean of subject averages), as a report card would show it.
    const subject = new Map<string, { w: number; c: number }>();
    for (const r of valued) {
      const k = `${r.pupil_id}|${r.subject_id}`;
      const s = subject.get(k) ?? { w: 0, c: 0 };
      s.w += on20(r) * r.coefficient_centi;
      s.c += r.coefficient_centi;
      subject.set(k, s);
    }
    const general = new Map<string, number[]>();
    for (const [k, s] of subject) {
      const pupil = k.split('|')[0]!;
      general.set(pupil, [...(general.get(pupil) ?? []), s.w / s.c]);
    }
    const averages = [...general.values()].map((xs) => xs.reduce((a, b) => a + b, 0) / xs.length).sort((a, b) => a - b);
    assert.ok(averages[0]! < 7.5 && averages[averages.length - 1]! > 16.5, `${averages[0]} .. ${averages.at(-1)}`);
    const median = averages[Math.floor(averages.length / 2)]!;
    assert.ok(median > 11 && median < 13.5, `median ${median}`);
  });

  test('about a third of assessments assess socle components, levels follow the grades', async () => {
    const assessed = await t.db
      .selectFrom('assessment_skills as s')
      .innerJoin('assessments as a', 'a.id', 's.assessment_id')
      .select('a.id')
      .distinct()
      .where('a.school_id', '=', schoolId)
      .execute();
    const share = assessed.length / summary.assessments!;
    assert.ok(share > 0.25 && share < 0.45, `with skills: ${share}`);
    const results = await t.db
      .selectFrom('skill_results as r')
      .innerJoin('grades as g', (j) =>
        j.onRef('g.assessment_id', '=', 'r.assessment_id').onRef('g.pupil_id', '=', 'r.pupil_id'),
      )
      .innerJoin('assessments as a', 'a.id', 'r.assessment_id')
      .select(['r.level', 'r.component', 'g.value_centi', 'a.scale'])
      .where('a.school_id', '=', schoolId)
      .execute();
    assert.ok(results.length > 0);
    const meanLevel = (xs: typeof results) => xs.reduce((a, r) => a + r.level, 0) / xs.length;
    const ratio = (r: (typeof results)[number]) => r.value_centi! / (r.scale * 100);
    assert.ok(results.every((r) => r.level >= 1 && r.level <= 4 && r.value_centi !== null));
    assert.ok(
      meanLevel(results.filter((r) => ratio(r) >= 0.75)) > meanLevel(results.filter((r) => ratio(r) < 0.4)) + 1,
    );
  });

  test('appreciations: most pupil × subject lines written, a few missing in a couple of classes', async () => {
    const taught = new Set((await gradeRows()).map((r) => `${r.pupil_id}|${r.subject_id}`));
    const written = await t.db
      .selectFrom('appreciations')
      .select(['pupil_id', 'subject_id', 'teacher_id', 'text', 'version'])
      .where('period_id', '=', periodId)
      .execute();
    assert.equal(written.length, summary.appreciations);
    assert.ok(written.every((a) => taught.has(`${a.pupil_id}|${a.subject_id}`) && a.teacher_id && a.text.length > 10));
    const missing = taught.size - written.length;
    assert.equal(missing, summary.missing_appreciations);
    assert.ok(missing / taught.size > 0.01 && missing / taught.size < 0.08, `missing ${missing} of ${taught.size}`);
    const classOf = new Map(
      (await t.db.selectFrom('class_memberships').select(['pupil_id', 'class_id']).execute()).map((m) => [
        m.pupil_id,
        m.class_id,
      ]),
    );
    const have = new Set(written.map((a) => `${a.pupil_id}|${a.subject_id}`));
    const classesMissing = new Set([...taught].filter((k) => !have.has(k)).map((k) => classOf.get(k.split('|')[0]!)));
    assert.ok(classesMissing.size >= 2 && classesMissing.size <= 5, `${classesMissing.size} classes`);
  });

  test('council decisions for every pupil, distributed as in a real council', async () => {
    const pupils = await t.db
      .selectFrom('class_memberships as m')
      .innerJoin('classes as c', 'c.id', 'm.class_id')
      .select('m.pupil_id')
      .where('c.school_id', '=', schoolId)
      .execute();
    const decisions = await t.db
      .selectFrom('council_decisions')
      .selectAll()
      .where('period_id', '=', periodId)
      .execute();
    assert.equal(decisions.length, pupils.length);
    assert.ok(decisions.every((d) => d.version === 1 && d.general_appreciation.length > 10));
    const share = (d: string | null) => decisions.filter((x) => x.decision === d).length / decisions.length;
    const expect: Array<[string | null, number, number]> = [
      ['felicitations', 0.05, 0.11],
      ['compliments', 0.09, 0.15],
      ['encouragements', 0.12, 0.18],
      ['mise_en_garde_travail', 0.04, 0.09],
      ['mise_en_garde_comportement', 0.01, 0.03],
      [null, 0.5, 0.65],
    ];
    for (const [d, lo, hi] of expect) assert.ok(share(d) >= lo && share(d) <= hi, `${d}: ${share(d)}`);
  });

  test('the first trimester is published: one report card per pupil, figures from the grades, some read', async () => {
    const cards = await t.db.selectFrom('report_cards').selectAll().where('period_id', '=', periodId).execute();
    assert.equal(cards.length, summary.pupils);
    const withAverage = cards.filter((c) => JSON.parse(c.snapshot).general.average !== null);
    assert.ok(withAverage.length > cards.length * 0.95, `${withAverage.length} of ${cards.length} have an average`);
    const reads = await t.db.selectFrom('report_card_reads').select('person_id').execute();
    assert.ok(reads.length > 0);
    // The demo parent's children's report cards are left unread for the demo.
    const parent = await t.db.selectFrom('people').select('id').where('login', '=', 'parent').executeTakeFirstOrThrow();
    assert.ok(!reads.some((r) => r.person_id === parent.id));
  });

  test('deterministic: seeding again writes the same grades', async () => {
    const snapshot = async () => {
      const rows = await t.db
        .selectFrom('grades as g')
        .innerJoin('assessments as a', 'a.id', 'g.assessment_id')
        .innerJoin('people as p', 'p.id', 'g.pupil_id')
        .select(['p.login', 'a.title', 'a.date', 'a.scale', 'g.value_centi', 'g.code', 'g.comment'])
        .where('a.school_id', '=', schoolId)
        .execute();
      return rows.map((r) => JSON.stringify(r)).sort();
    };
    const first = await snapshot();
    const { updated_at: now } = await t.db
      .selectFrom('council_decisions')
      .select('updated_at')
      .executeTakeFirstOrThrow();
    // Deleting the assessments deletes their grades and skills (cascade).
    for (const table of ['council_decisions', 'appreciations', 'assessments'] as const) {
      await t.db.deleteFrom(table).where('school_id', '=', schoolId).execute();
    }
    const counts = await seedGrades(t.db, { schoolId, today: todayInParis(), now });
    assert.equal(counts.grades, summary.grades);
    assert.deepEqual(await snapshot(), first);
  });
});
