import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Button, Label, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { ImportCourseItem, ImportReport } from '../../../server/modules/timetable/timetable.schema.ts';
import { ApiError, apiForm } from '../../api/client.ts';
import { formatDate } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';

type Problem = ImportReport['errors'][number];
type Format = 'sts' | 'csv';

/** Stable React keys for list items that may repeat (a second identical item gets `#2`). */
export function keyed<T>(list: T[], keyOf: (item: T) => string): Array<{ key: string; item: T }> {
  const seen = new Map<string, number>();
  return list.map((item) => {
    const k = keyOf(item);
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    return { key: n === 1 ? k : `${k}#${n}`, item };
  });
}

/** Problems of a refused file (400 with `details.errors`), or null when the error is something else. */
export function refusedFileProblems(error: unknown): Problem[] | null {
  if (!(error instanceof ApiError)) return null;
  const errors = (error.details as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) ? (errors as Problem[]) : null;
}

/** The lines a problem or a course comes from, in words: "ligne 12", "lignes 12, 30". */
function useLines() {
  const { t } = useTranslation();
  return (lines: Array<number | null>) => {
    const known = lines.filter((l): l is number => l !== null);
    return known.length === 0 ? '' : t('imports.lines', { count: known.length, lines: known.join(', ') });
  };
}

/** One problem in the reader's language: the code's sentence with its parameters. */
function ProblemText({ p }: { p: Problem }) {
  const { t } = useTranslation();
  const lines = useLines();
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(p.params)) {
    if (k === 'count') params[k] = Number(v);
    else if (k === 'weekday') params.day = t(`imports.days.${v}`);
    else params[k] = /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : v;
  }
  // A subject or a teacher the file names reads better by its name than by its bare code.
  const context = p.params.name ? 'named' : undefined;
  const text = t(`imports.problems.${p.code}`, { ...params, context, defaultValue: p.message });
  const where = lines([p.line]);
  return (
    <>
      {where && <span className="import-line">{where} : </span>}
      {text}
    </>
  );
}

/**
 * A file refused as a whole (nothing could be applied): its problems grouped, or else the request's error.
 * `heading` follows the page's outline (h2 on its own page, h3 inside a section).
 */
export function RefusedOrError(props: {
  id: string;
  refused: Problem[] | null | undefined;
  error: unknown;
  heading: 'h2' | 'h3';
}) {
  const { t } = useTranslation();
  const H = props.heading;
  if (!props.refused) return <ErrorAlert error={props.error} />;
  return (
    <section className="section card import-report" aria-labelledby={`${props.id}-refused`}>
      <H id={`${props.id}-refused`}>{t('imports.report.refusedTitle')}</H>
      <p className="alert alert-error" role="alert">
        {t('imports.report.notApplicable')}
      </p>
      <ProblemGroups problems={props.refused} kind="errors" />
    </section>
  );
}

/** Problems grouped by kind, each kind a list with its count. */
export function ProblemGroups({ problems, kind }: { problems: Problem[]; kind: 'errors' | 'warnings' }) {
  const { t } = useTranslation();
  const id = useId();
  if (problems.length === 0) return null;
  const groups = new Map<string, Problem[]>();
  for (const p of problems) groups.set(p.code, [...(groups.get(p.code) ?? []), p]);
  return (
    <section className={`section import-${kind}`} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t(`imports.report.${kind}`, { count: problems.length })}</h3>
      {[...groups.entries()].map(([code, list]) => (
        <div key={code} className="import-group">
          <h4>
            {t(`imports.kinds.${code}`, { defaultValue: t('imports.kinds.other') })} ({list.length})
          </h4>
          <ul>
            {keyed(list, (p) => `${p.line}|${JSON.stringify(p.params)}`).map(({ key, item }) => (
              <li key={key}>
                <ProblemText p={item} />
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

function CourseText({ c }: { c: ImportCourseItem }) {
  const { t } = useTranslation();
  const lines = useLines();
  const parts = [
    `${c.subject} — ${c.audience}`,
    t('imports.course.when', {
      day: t(`imports.days.${c.weekday}`),
      start: c.startsAt.replace(':', ' h '),
      end: c.endsAt.replace(':', ' h '),
    }),
  ];
  if (c.weeks !== 'all') parts.push(t(`imports.course.week${c.weeks}`));
  if (c.period)
    parts.push(t('imports.course.period', { from: formatDate(c.period.from), to: formatDate(c.period.to) }));
  if (c.futureChanges > 0) parts.push(t('imports.course.futureChanges', { count: c.futureChanges }));
  const where = lines(c.lines);
  return (
    <>
      {parts.join(', ')}
      {where && <span className="import-line"> ({where})</span>}
    </>
  );
}

/** Created / updated / removed / unchanged courses, each a list that opens on demand when long. */
function CourseGroup({
  kind,
  items,
}: {
  kind: 'created' | 'updated' | 'removed' | 'unchanged';
  items: ImportCourseItem[];
}) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <details className={`import-courses import-${kind}`} open={kind !== 'unchanged' && items.length <= 20}>
      <summary>{t(`imports.report.${kind}`, { count: items.length })}</summary>
      <ul>
        {keyed(items, (c) => `${c.subject}|${c.audience}|${c.weekday}|${c.startsAt}|${c.endsAt}|${c.weeks}`).map(
          ({ key, item }) => (
            <li key={key}>
              <CourseText c={item} />
            </li>
          ),
        )}
      </ul>
    </details>
  );
}

function Report({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const id = useId();
  const nothing =
    report.applicable &&
    report.courses.created + report.courses.updated + report.courses.removed === 0 &&
    report.roomsCreated.length === 0 &&
    report.teachersLinked.length === 0;
  return (
    <section className="section card import-report" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{report.dryRun ? t('imports.report.dryTitle') : t('imports.report.doneTitle')}</h2>
      {!report.applicable ? (
        <p className="alert alert-error" role="alert">
          {t('imports.report.notApplicable')}
        </p>
      ) : nothing ? (
        <p role="status">{t('imports.report.nothing')}</p>
      ) : (
        <p role="status">
          {t('imports.report.summary', {
            created: report.courses.created,
            updated: report.courses.updated,
            removed: report.courses.removed,
            unchanged: report.courses.unchanged,
          })}
        </p>
      )}
      <ProblemGroups problems={report.errors} kind="errors" />
      {report.conflicts.length > 0 && (
        <section className="section import-conflicts">
          <h3>{t('imports.report.conflicts', { count: report.conflicts.length })}</h3>
          <ul>
            {report.conflicts.map((c) => (
              <li key={`${c.a}|${c.b}`}>
                {t('imports.report.conflict', {
                  a: c.a,
                  b: c.b,
                  clashes: c.clashes.map((k) => t(`imports.clashes.${k}`, { defaultValue: k })).join(', '),
                })}
              </li>
            ))}
          </ul>
        </section>
      )}
      <ProblemGroups problems={report.warnings} kind="warnings" />
      <CourseGroup kind="created" items={report.items.created} />
      <CourseGroup kind="updated" items={report.items.updated} />
      <CourseGroup kind="removed" items={report.items.removed} />
      <CourseGroup kind="unchanged" items={report.items.unchanged} />
      {report.roomsCreated.length > 0 && (
        <p>{t('imports.report.rooms', { count: report.roomsCreated.length, rooms: report.roomsCreated.join(', ') })}</p>
      )}
      {report.teachersLinked.length > 0 && (
        <p>
          {t('imports.report.teachersLinked', {
            count: report.teachersLinked.length,
            names: report.teachersLinked.map((l) => l.name).join(', '),
          })}
        </p>
      )}
    </section>
  );
}

/**
 * The timetable import: choose the file, see what it would do (the dry run), then apply it in one go. The file
 * stays chosen between the two steps; choosing another one starts over.
 */
export function TimetableImport({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<Format>('sts');
  const [report, setReport] = useState<ImportReport | null>(null);
  const run = useMutation({
    mutationFn: ({ dryRun }: { dryRun: boolean }) => {
      const form = new FormData();
      form.set('file', file!);
      return apiForm<ImportReport>('POST', `/api/schools/${schoolId}/timetable/import`, form, {
        query: { format, dryRun: String(dryRun) },
      });
    },
    onSuccess: (r) => {
      setReport(r);
      if (!r.dryRun) void queryClient.invalidateQueries();
    },
  });
  const refused = refusedFileProblems(run.error);
  const reset = () => {
    setReport(null);
    run.reset();
  };
  return (
    <>
      <form
        className="form import-form"
        aria-labelledby={`${id}-title`}
        onSubmit={(e) => {
          e.preventDefault();
          if (file) run.mutate({ dryRun: true });
        }}
      >
        <h2 id={`${id}-title`}>{t('imports.timetable.title')}</h2>
        <p className="hint">{t('imports.timetable.intro')}</p>
        <RadioGroup
          className="radio-group"
          value={format}
          onChange={(v) => {
            setFormat(v as Format);
            reset();
          }}
        >
          <Label>{t('imports.timetable.format')}</Label>
          {(['sts', 'csv'] as const).map((f) => (
            <Radio key={f} value={f} className="radio">
              <span className="radio-circle" aria-hidden="true" />
              {t(`imports.timetable.formats.${f}`)}
            </Radio>
          ))}
        </RadioGroup>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('imports.timetable.file')}</label>
          <input
            id={`${id}-file`}
            type="file"
            accept={format === 'sts' ? '.xml,.zip' : '.csv,.txt,.zip'}
            aria-describedby={`${id}-file-hint`}
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] ?? null);
              reset();
            }}
          />
          <p id={`${id}-file-hint`} className="hint">
            {t(`imports.timetable.fileHint.${format}`)}
          </p>
        </div>
        <div className="actions">
          <Button type="submit" className="button button-primary" isDisabled={!file || run.isPending}>
            {t('imports.timetable.check')}
          </Button>
        </div>
      </form>
      {run.isPending && <p role="status">{t('imports.timetable.working')}</p>}
      <RefusedOrError id={id} refused={refused} error={run.error} heading="h2" />
      {report && <Report report={report} />}
      {report?.dryRun && report.applicable && (
        <div className="actions">
          <Button
            className="button button-primary"
            isDisabled={run.isPending}
            onPress={() => run.mutate({ dryRun: false })}
          >
            {t('imports.timetable.apply')}
          </Button>
        </div>
      )}
      {report && !report.dryRun && (
        <p>
          <Link href="~/emplois-du-temps">{t('imports.timetable.see')}</Link>
        </p>
      )}
    </>
  );
}
