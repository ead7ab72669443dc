import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { frenchLongDate, pdfText, renderReportCard, renderReportCardBundle } from './reportcards.pdf.ts';
import { type ReportCardSnapshot, ReportCardSnapshotSchema } from './reportcards.snapshot.ts';

const SUBJECTS: Array<[string, string[], string]> = [
  ['Français', ['Mme Lefèvre'], '4'],
  ['Mathématiques', ['M. Nguyen'], '4'],
  ['Histoire-géographie, enseignement moral et civique', ['Mme Garçon', 'M. Ducœur'], '3'],
  ['Anglais LV1', ['Mrs Smith'], '3'],
  ['Espagnol LV2', ['Mme García'], '2'],
  ['Sciences de la vie et de la Terre', ['M. Roux'], '2'],
  ['Physique-chimie', ['Mme Benali'], '2'],
  ['Technologie', ['M. Petit'], '2'],
  ['Arts plastiques', ['Mme Moreau'], '1'],
  ['Éducation musicale', ['M. Lambert'], '1'],
  ['Éducation physique et sportive', ['Mme Fontaine', 'M. Girard'], '2'],
  ['Latin', ['Mme Bonnet'], '1'],
];

const APPRECIATION =
  'Élève sérieuse et appliquée, qui participe volontiers à l’oral. Les résultats sont très satisfaisants ; ' +
  'il faudra néanmoins soigner davantage la présentation des copies et approfondir l’apprentissage des leçons ' +
  'pour progresser encore. « Continuez ainsi » : un trimestre très encourageant, bravo pour cet investissement.';

function makeSnapshot(over: { firstName?: string; lastName?: string; subjects?: number; withRank?: boolean } = {}) {
  const count = over.subjects ?? SUBJECTS.length;
  const snapshot: ReportCardSnapshot = {
    version: 1,
    school: { name: 'Collège Jean-Jaurès', uai: '0751234A', town: 'Paris', academie: 'Paris' },
    year: '2025-2026',
    period: { id: 'p1', label: '1er trimestre', startsOn: '2025-09-01', endsOn: '2025-11-28' },
    pupil: {
      id: 'pupil-1',
      firstName: over.firstName ?? 'Léa',
      lastName: over.lastName ?? 'Dupont-Lefèvre',
      birthDate: '2012-03-09',
    },
    class: { id: 'c1', code: '4A', label: '4e A', pupilCount: 27 },
    principalTeachers: ['Mme Lefèvre'],
    subjects: Array.from({ length: count }, (_, i) => {
      const [subject, teachers, coefficient] = SUBJECTS[i % SUBJECTS.length]!;
      return {
        subjectId: `s${i}`,
        subject: i < SUBJECTS.length ? subject : `${subject} ${i}`,
        teachers,
        coefficient,
        average: i === 7 ? null : `${10 + (i % 9)},${(i * 7) % 10}${(i * 3) % 10}`,
        classAverage: `${11 + (i % 5)},${i % 10}0`,
        classMin: i === 7 ? null : `${3 + (i % 4)},50`,
        classMax: `${17 + (i % 3)},75`,
        rank: over.withRank ? i + 1 : null,
        appreciation: i === 0 ? APPRECIATION : `${APPRECIATION.slice(0, 280)} (${i}).`,
      };
    }),
    general: { average: '13,47', classAverage: '12,08', classMin: '7,92', classMax: '17,61', rank: null },
    attendance: { absenceHalfDays: 7, unjustifiedHalfDays: 2, lateness: 3 },
    skills: [
      {
        component: 'D1.1',
        label: 'Comprendre, s’exprimer en utilisant la langue française à l’oral et à l’écrit',
        level: 3,
      },
      {
        component: 'D1.2',
        label: 'Comprendre, s’exprimer en utilisant une langue étrangère et, le cas échéant, une langue régionale',
        level: 4,
      },
      {
        component: 'D1.3',
        label: 'Comprendre, s’exprimer en utilisant les langages mathématiques, scientifiques et informatiques',
        level: 2,
      },
      { component: 'D1.4', label: 'Comprendre, s’exprimer en utilisant les langages des arts et du corps', level: 1 },
      { component: 'D2', label: 'Les méthodes et outils pour apprendre', level: 3 },
      { component: 'D3', label: 'La formation de la personne et du citoyen', level: 3 },
      { component: 'D4', label: 'Les systèmes naturels et les systèmes techniques', level: null },
      { component: 'D5', label: 'Les représentations du monde et l’activité humaine', level: 4 },
    ],
    council: {
      generalAppreciation:
        'Un très bon trimestre : Léa fait preuve d’une réelle maturité et d’un travail régulier. Le conseil de ' +
        'classe l’encourage à garder cette dynamique et à s’affirmer davantage à l’oral.',
      decision: 'felicitations',
    },
    publishedAt: '2025-12-12T16:30:00.000Z',
  };
  return ReportCardSnapshotSchema.parse(snapshot);
}

async function textOf(pdf: Buffer) {
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return await parser.getText();
  } finally {
    await parser.destroy();
  }
}

/** pdf-parse may split or join runs of text differently from how they were drawn: compare without whitespace. */
const squash = (s: string) => s.replace(/\s+/g, '');

describe('report card PDF', () => {
  test('prints the pupil, every figure, attendance, skills and the council decision', async () => {
    const s = makeSnapshot();
    const pdf = await renderReportCard(s);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const { text, total } = await textOf(pdf);
    const flat = squash(text);
    assert.equal(total, 1, 'twelve subjects with full appreciations fit on one page');

    assert.match(text, /DUPONT-LEFÈVRE Léa/);
    assert.match(text, /Collège Jean-Jaurès/);
    assert.match(text, /UAI 0751234A/);
    assert.match(text, /Académie de Paris/);
    assert.match(text, /Bulletin du 1er trimestre/);
    assert.match(text, /Année scolaire 2025-2026/);
    assert.match(text, /Né\(e\) le 09\/03\/2012/);
    assert.match(text, /Classe : 4e A/);
    assert.match(text, /Effectif : 27 élèves/);
    assert.match(text, /Professeur principal : Mme Lefèvre/);

    for (const x of s.subjects) {
      assert.ok(flat.includes(squash(x.subject)), `${x.subject} is printed`);
      assert.ok(text.includes(x.teachers[0]!), `${x.teachers[0]} is printed`);
      for (const v of [x.average, x.classAverage, x.classMin, x.classMax]) if (v) assert.ok(text.includes(v), v);
    }
    assert.ok(!/\bRang\b/.test(text), 'no rank column when the school does not rank');
    assert.match(text, /—/, 'a missing average prints as a dash');
    assert.match(text, /Moyenne générale/);
    for (const v of ['13,47', '12,08', '7,92', '17,61']) assert.ok(text.includes(v), v);

    assert.match(text, /Demi-journées d’absence : 7/);
    assert.match(text, /dont non justifiées : 2/);
    assert.match(text, /Retards : 3/);

    assert.match(text, /Compétences du socle commun/);
    for (const level of ['Maîtrise insuffisante', 'Maîtrise fragile', 'Maîtrise satisfaisante', 'Très bonne maîtrise'])
      assert.ok(text.includes(level), level);
    assert.match(text, /Non évalué/);

    assert.match(text, /Appréciation générale du conseil de classe/);
    assert.match(text, /Décision du conseil de classe : Félicitations/);
    assert.ok(flat.includes(squash(APPRECIATION)), 'a full appreciation with é, è, ç, œ, ’ and « » is printed');
    assert.ok(flat.includes(squash('M. Ducœur')), 'œ survives');
    assert.match(text, /Publié le 12 décembre 2025/);
    assert.match(text, /Page 1 \/ 1/);
  });

  test('a rank column appears when the school ranks', async () => {
    const s = makeSnapshot({ withRank: true });
    s.general.rank = 4;
    const { text } = await textOf(await renderReportCard(s));
    assert.match(text, /Rang/);
    assert.match(text, /\b1er\b/);
    assert.match(text, /\b12e\b/);
  });

  test('a long table breaks across pages, repeats its header and reaches the last subject', async () => {
    const s = makeSnapshot({ subjects: 40 });
    s.subjects[5]!.appreciation = `${APPRECIATION} `.repeat(30);
    const { text, pages, total } = await textOf(await renderReportCard(s));
    assert.ok(total >= 3, `${total} pages`);
    const last = s.subjects.at(-1)!;
    assert.ok(squash(text).includes(squash(last.subject)), 'the last subject is printed');
    assert.ok(text.includes(last.average!));
    for (const p of pages) assert.match(p.text, /Appréciations/, `page ${p.num} repeats the table header`);
    assert.match(pages.at(-1)!.text, /Décision du conseil de classe : Félicitations/);
    assert.match(pages.at(-1)!.text, new RegExp(`Page ${total} / ${total}`));
  });

  test('a bundle holds every pupil in order, each from a new page', async () => {
    const names = [
      ['Zoé', 'Abbas'],
      ['Jérôme', 'Bœuf'],
      ['Ana', 'Çelik'],
    ] as const;
    async function* snapshots() {
      for (const [firstName, lastName] of names) yield makeSnapshot({ firstName, lastName });
    }
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await renderReportCardBundle(snapshots(), out);
    assert.ok(out.writableEnded);
    const { text, pages } = await textOf(Buffer.concat(chunks));
    assert.equal(pages.length, 3);
    const at = names.map(([f, l]) => text.indexOf(`${l.toLocaleUpperCase('fr')} ${f}`));
    assert.ok(
      at.every((i) => i >= 0),
      `all names found: ${at}`,
    );
    assert.deepEqual(
      [...at].sort((a, b) => a - b),
      at,
      'in order',
    );
    for (const [i, [f, l]] of names.entries()) assert.ok(pages[i]!.text.includes(`${l.toLocaleUpperCase('fr')} ${f}`));
  });

  test('a bundle waits for a slow consumer and fails without ending the stream', async () => {
    const out = new PassThrough({ highWaterMark: 1024 });
    let read = 0;
    const reading = (async () => {
      for await (const c of out) {
        read += (c as Buffer).length;
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    await renderReportCardBundle([makeSnapshot(), makeSnapshot()], out);
    await reading;
    assert.ok(read > 2000);

    const broken = new PassThrough();
    broken.resume();
    function* failing() {
      yield makeSnapshot();
      throw new Error('boom');
    }
    await assert.rejects(renderReportCardBundle(failing(), broken), /boom/);
    assert.equal(broken.writableEnded, false);
  });

  test('text is printed as written: only control and format characters are dropped', () => {
    assert.equal(pdfText('Łukasz Wałęsa'), 'Łukasz Wałęsa');
    assert.equal(pdfText('Ioana Țăranu'), 'Ioana Țăranu');
    assert.equal(pdfText('Nguye\u0302\u0303n'), 'Nguyễn', 'composed (NFC), one glyph');
    assert.equal(pdfText('« œuf » – ’'), '« œuf » – ’');
    assert.equal(pdfText('a\tb\u0007c\nd'), 'a bc d');
    assert.equal(pdfText('Lé\u202Ea\u200b'), 'Léa');
    assert.equal(pdfText('a\nb', true), 'a\nb');
    assert.equal(frenchLongDate('2025-12-01'), '1er décembre 2025');
    assert.equal(frenchLongDate('2025-12-12T23:30:00Z'), '13 décembre 2025');
  });

  test('names outside WinAnsi come out intact: Łucja, Nguyễn Thị Ánh, Țăranu', async () => {
    const a = await textOf(await renderReportCard(makeSnapshot({ firstName: 'Łucja', lastName: 'Wałęsa' })));
    assert.match(a.text, /WAŁĘSA Łucja/);
    const b = await textOf(await renderReportCard(makeSnapshot({ firstName: 'Thị Ánh', lastName: 'Nguyễn' })));
    assert.match(b.text.normalize('NFC'), /NGUYỄN Thị Ánh/);
    const c = await textOf(await renderReportCard(makeSnapshot({ firstName: 'Ioana', lastName: 'Țăranu' })));
    assert.match(c.text, /ȚĂRANU Ioana/);
  });

  test('fonts are embedded; the file is PDF/A-2b, tagged, in French, and shows its title', async () => {
    const pdf = (await renderReportCard(makeSnapshot())).toString('latin1');
    assert.match(pdf, /^%PDF-1\.7/);
    const fonts = pdf.match(/\/Type \/Font\b/g) ?? [];
    assert.ok(fonts.length > 0);
    assert.doesNotMatch(pdf, /\/BaseFont \/(Helvetica|Times|Courier)/, 'no standard (unembedded) font');
    const descriptors = pdf.match(/\/Type \/FontDescriptor/g)?.length ?? 0;
    const files = pdf.match(/\/FontFile2 \d+ 0 R/g)?.length ?? 0;
    assert.ok(descriptors > 0 && files === descriptors, `every font has its file (${files}/${descriptors})`);
    assert.match(pdf, /\/BaseFont \/[A-Z]{6}\+DejaVuSans/, 'DejaVu Sans, subset');
    assert.match(pdf, /\/Lang \(fr-FR\)/);
    assert.match(pdf, /\/MarkInfo \d+ 0 R/);
    assert.match(pdf, /\/Marked true/);
    assert.match(pdf, /\/StructTreeRoot \d+ 0 R/);
    assert.match(pdf, /\/DisplayDocTitle true/);
    assert.match(pdf, /\/OutputIntents \[/);
    assert.match(pdf, /<pdfaid:part>2<\/pdfaid:part>/);
    assert.match(pdf, /<pdfaid:conformance>B<\/pdfaid:conformance>/);
  });

  test("the principal's signature block; an unpublished preview says so on every page", async () => {
    const s = makeSnapshot({ subjects: 12 });
    s.principal = { name: 'Hélène Dąbrowska' };
    s.subjects = [...s.subjects, ...s.subjects, ...s.subjects];
    const published = await textOf(await renderReportCard(s));
    assert.match(published.text, /Le principal \/ La principale/);
    assert.match(published.text, /Hélène Dąbrowska/);
    assert.doesNotMatch(published.text, /Aperçu/);
    const preview = await textOf(await renderReportCard(s, { preview: true }));
    assert.ok(preview.total > 1, 'several pages');
    for (const page of preview.pages) assert.match(squash(page.text), /Aperçu—nonpublié/, `page ${page.num}`);
    assert.doesNotMatch(preview.text, /Publié le/);
    delete s.principal;
    assert.doesNotMatch((await textOf(await renderReportCard(s))).text, /La principale/, 'none in old snapshots');
  });
});
