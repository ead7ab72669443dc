import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Button, Checkbox } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { RolloverReport } from '../../../server/modules/imports/imports.schema.ts';
import { apiForm } from '../../api/client.ts';
import { formatDate } from '../../i18n/index.ts';
import { ProblemGroups, RefusedOrError, refusedFileProblems } from './timetable-import.tsx';

type Pupil = { name: string; from?: string | null; to?: string | null; class?: string | null; reason?: string };

/** One group of pupils (promoted, leaving, arriving) as a table that stacks at phone width. */
function PupilGroup({ kind, items }: { kind: 'promoted' | 'leaving' | 'arriving'; items: Pupil[] }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <details className={`import-courses rollover-${kind}`} open={items.length > 0 && items.length <= 30}>
      <summary id={id}>{t(`imports.rollover.${kind}`, { count: items.length })}</summary>
      {items.length > 0 && (
        <table className="table" aria-labelledby={id}>
          <thead>
            <tr>
              <th scope="col">{t('imports.rollover.name')}</th>
              {kind === 'promoted' ? (
                <>
                  <th scope="col">{t('imports.rollover.from')}</th>
                  <th scope="col">{t('imports.rollover.to')}</th>
                </>
              ) : (
                <th scope="col">{kind === 'leaving' ? t('imports.rollover.from') : t('imports.rollover.to')}</th>
              )}
              {kind === 'leaving' && <th scope="col">{t('imports.rollover.reason')}</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((p, i) => (
              // Two pupils may share a name: the position keeps rows apart (the list never reorders).
              // biome-ignore lint/suspicious/noArrayIndexKey: a report's rows are fixed
              <tr key={i}>
                <th scope="row">{p.name}</th>
                {kind === 'promoted' ? (
                  <>
                    <td data-label={t('imports.rollover.from')}>{p.from ?? '—'}</td>
                    <td data-label={t('imports.rollover.to')}>{p.to ?? '—'}</td>
                  </>
                ) : (
                  <td data-label={kind === 'leaving' ? t('imports.rollover.from') : t('imports.rollover.to')}>
                    {p.class ?? '—'}
                  </td>
                )}
                {kind === 'leaving' && (
                  <td data-label={t('imports.rollover.reason')}>{t(`imports.rollover.reasons.${p.reason}`)}</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}

function Report({ report }: { report: RolloverReport }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section className="section card import-report" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{report.dryRun ? t('imports.rollover.dryTitle') : t('imports.rollover.doneTitle')}</h2>
      {!report.applicable && (
        <p className="alert alert-error" role="alert">
          {t('imports.report.notApplicable')}
        </p>
      )}
      <p role="status">
        {t('imports.rollover.years', {
          from: report.from.label,
          to: report.to.label,
          startsOn: formatDate(report.to.startsOn),
          endsOn: formatDate(report.to.endsOn),
        })}
      </p>
      <p>{report.source === 'siecle' ? t('imports.rollover.sourceSiecle') : t('imports.rollover.sourcePromotion')}</p>
      <ProblemGroups problems={report.errors} kind="errors" />
      <ProblemGroups problems={report.warnings} kind="warnings" />
      <h3 id={`${id}-classes`}>{t('imports.rollover.classes', { count: report.classes.length })}</h3>
      <table className="table" aria-labelledby={`${id}-classes`}>
        <thead>
          <tr>
            <th scope="col">{t('imports.rollover.class')}</th>
            <th scope="col">{t('imports.rollover.level')}</th>
            <th scope="col">{t('imports.rollover.pupils')}</th>
          </tr>
        </thead>
        <tbody>
          {report.classes.map((c) => (
            <tr key={c.code}>
              <th scope="row">{c.code}</th>
              <td data-label={t('imports.rollover.level')}>{c.level || '—'}</td>
              <td data-label={t('imports.rollover.pupils')}>{c.pupils}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <PupilGroup kind="promoted" items={report.promoted} />
      <PupilGroup kind="leaving" items={report.leaving} />
      <PupilGroup kind="arriving" items={report.arriving} />
      {report.source === 'siecle' && <p>{t('imports.rollover.guardians', { ...report.guardians })}</p>}
      {report.periods.length > 0 && (
        <>
          <h3>{t('imports.rollover.periods')}</h3>
          <ul>
            {report.periods.map((p) => (
              <li key={p.label}>
                {p.label} : {formatDate(p.startsOn)} → {formatDate(p.endsOn)}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>{t('imports.rollover.archivedTitle', { year: report.from.label })}</h3>
      <p>{t('imports.rollover.archived', { ...report.archived })}</p>
      <p className="hint">{t('imports.rollover.after')}</p>
    </section>
  );
}

/**
 * The year's rollover: next year's SIECLE file (optional), the dry run grouped (classes, promoted, leaving,
 * arriving, what is archived), then a confirmed apply. Choosing another file or option starts over.
 */
export function Rollover({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [allowMassLeave, setAllowMassLeave] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const [report, setReport] = useState<RolloverReport | null>(null);
  const run = useMutation({
    mutationFn: ({ dryRun }: { dryRun: boolean }) => {
      const form = new FormData();
      if (file) form.set('file', file);
      return apiForm<RolloverReport>('POST', `/api/schools/${schoolId}/imports/rollover`, form, {
        query: {
          dryRun: String(dryRun),
          allowMassLeave: String(allowMassLeave),
          ...(report ? { fromYear: report.from.label } : {}),
        },
      });
    },
    onSuccess: (r) => {
      setReport(r);
      setConfirmed(false);
      if (!r.dryRun) void queryClient.invalidateQueries();
    },
  });
  const refused = refusedFileProblems(run.error);
  const reset = () => {
    setReport(null);
    setConfirmed(false);
    run.reset();
  };
  const showAllowMassLeave = allowMassLeave || report?.errors.some((e) => e.code === 'too_many_leavers') === true;
  return (
    <section className="section" aria-labelledby={`${id}-title`}>
      <form
        className="form import-form"
        onSubmit={(e) => {
          e.preventDefault();
          reset();
          run.mutate({ dryRun: true });
        }}
      >
        <h2 id={`${id}-title`} className="visually-hidden">
          {t('imports.rollover.check')}
        </h2>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('imports.rollover.file')}</label>
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
            {t('imports.rollover.fileHint')}
          </p>
        </div>
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
            {t('imports.rollover.allowMassLeave')}
          </Checkbox>
        )}
        <div className="actions">
          <Button type="submit" className="button button-primary" isDisabled={run.isPending}>
            {t('imports.rollover.check')}
          </Button>
        </div>
      </form>
      {run.isPending && <p role="status">{t('imports.rollover.working')}</p>}
      <RefusedOrError id={id} refused={refused} error={run.error} heading="h2" />
      {report && <Report report={report} />}
      {report?.dryRun && report.applicable && (
        <div className="form">
          <Checkbox className="checkbox" isSelected={confirmed} onChange={setConfirmed}>
            <span className="checkbox-box" aria-hidden="true" />
            {t('imports.rollover.confirm', { from: report.from.label })}
          </Checkbox>
          <div className="actions">
            <Button
              className="button button-primary"
              isDisabled={run.isPending || !confirmed}
              onPress={() => run.mutate({ dryRun: false })}
            >
              {t('imports.rollover.apply')}
            </Button>
          </div>
        </div>
      )}
      {report && !report.dryRun && (
        <p>
          <Link href="~/imports">{t('imports.rollover.back')}</Link>
        </p>
      )}
    </section>
  );
}
