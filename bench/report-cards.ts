// npm run bench:report-cards [-- --keep]   — also run by `npm run bench` (scenario report-cards), in a child process.
//
// Generates every report card of the demo college (Collège Le Parc, ~1,000 pupils) for its first trimester, as the
// school would before publishing: per class, the figures are computed once (grades, appreciations, council, vie
// scolaire, skills) and each pupil's PDF is written to its own file. Measures the total time and the memory: the
// process's resident set after each class, to show that it stays flat instead of growing with the number of
// pupils. The database is a fresh SQLite file seeded with the demo college (not timed); the generation runs in a
// process of its own, so that its memory figures are its own and not the seed's.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateToLatest, openDatabase } from '../src/server/db/database.ts';
import { buildClassSnapshots } from '../src/server/modules/reportcards/reportcards.build.ts';
import { renderReportCard } from '../src/server/modules/reportcards/reportcards.pdf.ts';
import { seedDemoCollege } from '../src/server/seed/demo.ts';

const keep = process.argv.includes('--keep');
const generateIn = process.argv[process.argv.indexOf('--generate') + 1];
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

if (process.argv.includes('--generate') && generateIn) {
  await generate(generateIn);
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preau-report-cards-'));
  try {
    const database = openDatabase({ sqliteFile: path.join(dir, 'preau.sqlite') });
    const t = performance.now();
    await migrateToLatest(database.db);
    const counts = await seedDemoCollege(database.db);
    const seedSeconds = (performance.now() - t) / 1000;
    await database.close();
    const child = execFileSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', import.meta.filename, '--generate', dir],
      {
        encoding: 'utf8',
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    const result = JSON.parse(child) as Record<string, unknown>;
    console.log(
      JSON.stringify({
        ...result,
        pupils: counts.pupils ?? null,
        seedSeconds: Math.round(seedSeconds * 10) / 10,
        outputDir: keep ? path.join(dir, 'pdf') : null,
      }),
    );
  } finally {
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function generate(dir: string) {
  const database = openDatabase({ sqliteFile: path.join(dir, 'preau.sqlite') });
  let t = performance.now();
  const period = await database.db
    .selectFrom('periods')
    .selectAll()
    .where('number', '=', 1)
    .where('kind', '=', 'trimestre')
    .executeTakeFirstOrThrow();
  const classes = await database.db
    .selectFrom('classes')
    .select(['id', 'code'])
    .where('school_year_id', '=', period.school_year_id)
    .orderBy('code')
    .execute();
  const out = path.join(dir, 'pdf');
  fs.mkdirSync(out);

  const rssBefore = process.memoryUsage().rss;
  const perClass: { class: string; pupils: number; seconds: number; rssMb: number; heapMb: number }[] = [];
  let pdfs = 0;
  let bytes = 0;
  let snapshotSeconds = 0;
  const publishedAt = new Date().toISOString();
  t = performance.now();
  for (const c of classes) {
    const t0 = performance.now();
    const snapshots = await buildClassSnapshots(database.db, { classId: c.id, period, publishedAt });
    snapshotSeconds += (performance.now() - t0) / 1000;
    for (const s of snapshots) {
      const pdf = await renderReportCard(s);
      fs.writeFileSync(
        path.join(out, `${c.code}-${s.pupil.lastName}-${s.pupil.firstName}-${s.pupil.id.slice(0, 8)}.pdf`),
        pdf,
      );
      pdfs++;
      bytes += pdf.length;
    }
    // What stays alive after a class (a full collection first): flat if nothing accumulates per pupil.
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    perClass.push({
      class: c.code,
      pupils: snapshots.length,
      seconds: (performance.now() - t0) / 1000,
      rssMb: mb(m.rss),
      heapMb: mb(m.heapUsed),
    });
  }
  const seconds = (performance.now() - t) / 1000;
  const quarter = perClass[Math.floor(perClass.length / 4)];
  const result = {
    classes: classes.length,
    pdfs,
    megabytes: Math.round(bytes / 1024 / 102.4) / 10,
    seconds: Math.round(seconds * 10) / 10,
    snapshotSeconds: Math.round(snapshotSeconds * 10) / 10,
    perPdfMs: Math.round((seconds * 1000) / Math.max(pdfs, 1)),
    rssBeforeMb: mb(rssBefore),
    rssAfterQuarterMb: quarter?.rssMb ?? null,
    rssEndMb: perClass.at(-1)?.rssMb ?? null,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    heapEndMb: perClass.at(-1)?.heapMb ?? null,
    perClass,
    goal: { seconds: 60 },
    pass: seconds <= 60,
  };
  await database.close();
  console.log(JSON.stringify(result));
}
