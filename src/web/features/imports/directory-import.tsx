import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Button, Checkbox } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { DirectoryImportItem, DirectoryImportReport } from '../../../server/modules/imports/imports.schema.ts';
import { apiForm } from '../../api/client.ts';
import { keyed, ProblemGroups, RefusedOrError, refusedFileProblems } from './timetable-import.tsx';

export type DirectorySource = 'siecle' | 'sts-emp';

/** Created / updated / disabled people, each group a list that opens when short. */
function PeopleGroup({
  kind,
  items,
  done = false,
}: {
  kind: 'created' | 'updated' | 'disabled' | 'absent';
  items: DirectoryImportItem[];
  done?: boolean;
}) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  const label = kind === 'absent' && done ? 'absentDone' : kind;
  return (
    <details className={`import-courses import-${kind}`} open={items.length <= 20}>
      <summary>{t(`imports.directory.report.${label}`, { count: items.length })}</summary>
      <ul>
        {keyed(items, (i) => `${i.kind}|${i.ref}`).map(({ key, item }) => (
          <li key={key}>
            {t(`imports.directory.kinds.${item.kind}`)} : {item.name}
            {item.class && ` (${item.class})`}
            {item.changes.length > 0 &&
              ` — ${item.changes.map((c) => t(`imports.directory.changes.${c}`, { defaultValue: c })).join(', ')}`}
            {item.functions &&
              item.functions.length > 0 &&
              ` — ${t('imports.directory.function')} : ${item.functions.map((f) => t(`functions.${f}`, { defaultValue: f })).join(', ')}`}
          </li>
        ))}
      </ul>
    </details>
  );
}

function Report({ report }: { report: DirectoryImportReport }) {
  const { t } = useTranslation();
  const id = useId();
  const c = report.counts;
  const nothing =
    report.applicable &&
    c.created +
      c.updated +
      c.disabled +
      c.absent +
      report.links.created +
      report.links.updated +
      report.links.removed +
      report.assignmentsCreated ===
      0 &&
    report.classesCreated.length + report.subjectsCreated.length === 0;
  return (
    <section className="section card import-report" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{report.dryRun ? t('imports.report.dryTitle') : t('imports.report.doneTitle')}</h3>
      {!report.applicable ? (
        <p className="alert alert-error" role="alert">
          {t('imports.report.notApplicable')}
        </p>
      ) : nothing ? (
        <p role="status">{t('imports.directory.report.nothing')}</p>
      ) : (
        <p role="status">{t('imports.directory.report.summary', { ...c })}</p>
      )}
      <ProblemGroups problems={report.errors} kind="errors" />
      <ProblemGroups problems={report.warnings} kind="warnings" />
      <PeopleGroup kind="created" items={report.created} />
      <PeopleGroup kind="updated" items={report.updated} />
      <PeopleGroup kind="disabled" items={report.disabled} />
      <PeopleGroup kind="absent" items={report.absent} done={!report.dryRun} />
      {report.links.created + report.links.updated + report.links.removed > 0 && (
        <p>{t('imports.directory.report.links', { ...report.links })}</p>
      )}
      {report.assignmentsCreated > 0 && (
        <p>{t('imports.directory.report.assignments', { count: report.assignmentsCreated })}</p>
      )}
      {report.classesCreated.length > 0 && (
        <p>
          {t('imports.directory.report.classes', {
            count: report.classesCreated.length,
            codes: report.classesCreated.join(', '),
          })}
        </p>
      )}
      {report.subjectsCreated.length > 0 && (
        <p>
          {t('imports.directory.report.subjects', {
            count: report.subjectsCreated.length,
            labels: report.subjectsCreated.join(', '),
          })}
        </p>
      )}
    </section>
  );
}

/**
 * A SIECLE (pupils, guardians) or STS-Web sts_emp (teachers, staff) import: choose the file, see what it would do,
 * then apply it in one go. Choosing another file or changing the option starts over.
 */
export function DirectoryImport({ schoolId, source }: { schoolId: string; source: DirectorySource }) {
  const { t } = useTranslation();
  const id = useId();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [createClasses, setCreateClasses] = useState(false);
  const [allowMassLeave, setAllowMassLeave] = useState(false);
  const [report, setReport] = useState<DirectoryImportReport | null>(null);
  const run = useMutation({
    mutationFn: ({ dryRun }: { dryRun: boolean }) => {
      const form = new FormData();
      form.set('file', file!);
      return apiForm<DirectoryImportReport>('POST', `/api/schools/${schoolId}/imports/${source}`, form, {
        query: {
          dryRun: String(dryRun),
          createClasses: String(createClasses),
          allowMassLeave: String(allowMassLeave),
        },
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
  const k = source === 'siecle' ? 'siecle' : 'sts';
  // The safety rule on leavers is lifted only by a choice made after seeing what the file would do.
  const showAllowMassLeave = allowMassLeave || report?.errors.some((e) => e.code === 'too_many_leavers') === true;
  return (
    <section className="section" aria-labelledby={`${id}-title`}>
      <form
        className="form import-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (file) run.mutate({ dryRun: true });
        }}
      >
        <h2 id={`${id}-title`}>{t(`imports.directory.${k}.title`)}</h2>
        <p className="hint">{t(`imports.directory.${k}.intro`)}</p>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t(`imports.directory.${k}.file`)}</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".xml,.zip"
            aria-describedby={`${id}-file-hint`}
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] ?? null);
              reset();
            }}
          />
          <p id={`${id}-file-hint`} className="hint">
            {t('imports.directory.fileHint')}
          </p>
        </div>
        <Checkbox
          className="checkbox"
          isSelected={createClasses}
          onChange={(v) => {
            setCreateClasses(v);
            reset();
          }}
        >
          <span className="checkbox-box" aria-hidden="true" />
          {t(`imports.directory.${k}.createClasses`)}
        </Checkbox>
        {showAllowMassLeave && (
          <Checkbox
            className="checkbox"
            isSelected={allowMassLeave}
            onChange={(v) => {
              setAllowMassLeave(v);
              reset();
            }}
          >
            <span className="checkbox-box" aria-hidden="true" />
            {t('imports.directory.allowMassLeave')}
          </Checkbox>
        )}
        <div className="actions">
          <Button type="submit" className="button button-primary" isDisabled={!file || run.isPending}>
            {t(`imports.directory.${k}.check`)}
          </Button>
        </div>
      </form>
      {run.isPending && <p role="status">{t('imports.timetable.working')}</p>}
      <RefusedOrError id={id} refused={refused} error={run.error} heading="h3" />
      {report && <Report report={report} />}
      {report?.dryRun && report.applicable && (
        <div className="actions">
          <Button
            className="button button-primary"
            isDisabled={run.isPending}
            onPress={() => run.mutate({ dryRun: false })}
          >
            {t(`imports.directory.${k}.apply`)}
          </Button>
        </div>
      )}
      {report && !report.dryRun && (
        <p>
          <Link href="~/annuaire">{t('imports.directory.see')}</Link>
        </p>
      )}
    </section>
  );
}
