import { type ComponentType, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatDate, formatNumber } from '../../i18n/index.ts';
import { DisciplineRecord, OwnDisciplineRecord } from '../discipline/discipline-block.tsx';
import { SupportPlanList } from '../discipline/support-plan-block.tsx';
import { FollowupNotes } from './followup-notes.tsx';
import type { FileBlocks, PupilFile } from './types.ts';

/**
 * The blocks of the pupil's file, in display order: one entry per block the server may send. The server decides
 * who sees which block (followup.file.ts); a block absent from the answer is not drawn at all.
 */
export interface FileBlockProps<K extends keyof FileBlocks> {
  file: PupilFile;
  data: NonNullable<FileBlocks[K]>;
}

type BlockEntry = {
  [K in keyof FileBlocks]-?: { key: K; Component: ComponentType<FileBlockProps<K>> };
}[keyof FileBlocks];

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section className="section" aria-labelledby={`file-${id}-title`}>
      <h2 id={`file-${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

function IdentityBlock({ data }: FileBlockProps<'identity'>) {
  const { t } = useTranslation();
  return (
    <div className="card">
      <dl className="facts">
        <div>
          <dt>{t('pupilFile.birthDate')}</dt>
          <dd>{data.birthDate ? formatDate(data.birthDate) : t('common.none')}</dd>
        </div>
      </dl>
    </div>
  );
}

function SchoolingBlock({ data }: FileBlockProps<'schooling'>) {
  const { t } = useTranslation();
  return (
    <Section id="schooling" title={t('pupilFile.schooling')}>
      <dl className="facts card">
        <div>
          <dt>{t('pupil.class')}</dt>
          <dd>{data.class ? data.class.label || data.class.code : t('common.none')}</dd>
        </div>
        {data.site && (
          <div>
            <dt>{t('pupil.site')}</dt>
            <dd>{data.site.name}</dd>
          </div>
        )}
        <div>
          <dt>{t('pupilFile.principalTeacher')}</dt>
          <dd>
            {data.principalTeachers.length > 0
              ? data.principalTeachers.map((p) => `${p.firstName} ${p.lastName}`).join(', ')
              : t('common.none')}
          </dd>
        </div>
        <div>
          <dt>{t('pupilFile.groups')}</dt>
          <dd>
            {data.groups.length === 0 ? (
              t('common.none')
            ) : (
              <span className="tags">
                {data.groups.map((g) => (
                  <span key={g.id} className={['ulis', 'cham', 'chas'].includes(g.kind) ? 'tag tag-warning' : 'tag'}>
                    {g.label || g.code}
                  </span>
                ))}
              </span>
            )}
          </dd>
        </div>
      </dl>
    </Section>
  );
}

function GuardiansBlock({ data }: FileBlockProps<'guardians'>) {
  const { t } = useTranslation();
  return (
    <Section id="guardians" title={t('person.guardians')}>
      {data.items.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <ul className="cards">
          {data.items.map((g) => (
            <li key={g.id} className="card">
              <h3>
                <bdi>
                  {g.firstName} {g.lastName}
                </bdi>
              </h3>
              <p>{t(`responsibility.${g.responsibility}`)}</p>
              {data.detail === 'contacts' && (
                <>
                  <p className="tags">
                    {g.livesWith && <span className="tag">{t('staffDay.person.livesWith')}</span>}
                    {g.courtRestricted ? (
                      <span className="tag tag-warning">{t('person.courtRestricted')}</span>
                    ) : (
                      <span className={g.mayCollect ? 'tag tag-success' : 'tag tag-warning'}>
                        {t(g.mayCollect ? 'staffDay.person.mayCollect' : 'staffDay.person.mayNotCollect')}
                      </span>
                    )}
                  </p>
                  <dl className="facts">
                    <div>
                      <dt>{t('staffDay.person.email')}</dt>
                      <dd>
                        {g.email ? (
                          <a href={`mailto:${g.email}`} dir="ltr">
                            {g.email}
                          </a>
                        ) : (
                          t('staffDay.person.noEmail')
                        )}
                      </dd>
                    </div>
                    {g.phone && (
                      <div>
                        <dt>{t('pupilFile.phone')}</dt>
                        <dd>
                          <a href={`tel:${g.phone}`} dir="ltr">
                            {g.phone}
                          </a>
                        </dd>
                      </div>
                    )}
                  </dl>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function TimetableBlock({ data }: FileBlockProps<'timetable'>) {
  const { t } = useTranslation();
  return (
    <Section id="timetable" title={t('pupilFile.today')}>
      {data.sessions.length === 0 ? (
        <p>{t('pupilFile.noSession')}</p>
      ) : (
        <ul className="today-sessions">
          {data.sessions.map((s) => (
            <li key={`${s.startsAt}-${s.subject}`}>
              <bdi dir="ltr">
                {s.startsAt}–{s.endsAt}
              </bdi>{' '}
              · {s.subject}
              {s.room && ` · ${t('timetable.room', { room: s.room })}`}
              {s.cancelled && <span className="tag tag-warning"> {t('pupilFile.cancelled')}</span>}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function AttendanceBlock({ file, data }: FileBlockProps<'attendance'>) {
  const { t } = useTranslation();
  const n = (k: keyof typeof data.counts) => formatNumber(data.counts[k]);
  return (
    <Section id="attendance" title={t('pupilFile.attendance')}>
      {data.toReportNow && <p className="tag tag-warning">{t('pupilFile.toReportNow')}</p>}
      <dl className="facts card">
        <div>
          <dt>{t('pupilFile.absences')}</dt>
          <dd>{n('absences')}</dd>
        </div>
        <div>
          <dt>{t('pupilFile.absenceHalfDays')}</dt>
          <dd>{n('absenceHalfDays')}</dd>
        </div>
        <div>
          <dt>{t('pupilFile.unjustifiedHalfDays')}</dt>
          <dd>{n('unjustifiedHalfDays')}</dd>
        </div>
        <div>
          <dt>{t('pupilFile.lateness')}</dt>
          <dd>{n('lateness')}</dd>
        </div>
      </dl>
      {data.toReport && data.toReport.length > 0 && (
        <p>
          {t('pupilFile.toReportMonths', {
            months: data.toReport.map((m) => m.month).join(', '),
            count: data.threshold,
          })}
        </p>
      )}
      {data.view === 'full' && (
        <p>
          <Link href={`/absences/${encodeURIComponent(file.pupil.id)}`}>{t('staffDay.person.absences')}</Link>
        </p>
      )}
    </Section>
  );
}

function GradesBlock({ data }: FileBlockProps<'grades'>) {
  const { t } = useTranslation();
  const subjects = [...new Map(data.periods.flatMap((p) => p.subjects.map((s) => [s.subjectId, s.subject]))).entries()];
  const num = (v: string | null) => (v === null ? '—' : formatNumber(Number(v)));
  return (
    <Section id="grades" title={t('pupilFile.grades')}>
      {data.periods.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">{t('pupilFile.gradesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('pupilFile.subject')}</th>
                {data.periods.map((p) => (
                  <th key={p.id} scope="col">
                    {p.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{t('pupilFile.general')}</th>
                {data.periods.map((p) => (
                  <td key={p.id}>
                    {num(p.average)}
                    {p.classAverage !== null && (
                      <span className="muted"> ({t('pupilFile.classAverage', { value: num(p.classAverage) })})</span>
                    )}
                  </td>
                ))}
              </tr>
              {subjects.map(([id, label]) => (
                <tr key={id}>
                  <th scope="row">{label}</th>
                  {data.periods.map((p) => (
                    <td key={p.id}>{num(p.subjects.find((s) => s.subjectId === id)?.average ?? null)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

function ReportCardsBlock({ data }: FileBlockProps<'reportCards'>) {
  const { t } = useTranslation();
  return (
    <Section id="report-cards" title={t('reportCards.nav')}>
      {data.items.length === 0 ? (
        <p>{t('pupilFile.noReportCard')}</p>
      ) : (
        <ul>
          {data.items.map((r) => (
            <li key={r.id}>
              {r.classId ? (
                <Link href={`/bulletins/classes/${encodeURIComponent(r.classId)}`}>{r.periodLabel}</Link>
              ) : (
                r.periodLabel
              )}{' '}
              — {t('pupilFile.publishedOn', { date: formatDate(r.publishAt) })}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

/** The plans in force: accommodations for every reader, a plan's details for its managers only (server-side). */
function SupportPlansBlock({ file, data }: FileBlockProps<'supportPlans'>) {
  return <SupportPlanList pupilId={file.pupil.id} plans={data.items} />;
}

/** Punishments, sanctions, procedures under way and incident reports: direction and vie scolaire. */
function DisciplineFileBlock({ file, data }: FileBlockProps<'discipline'>) {
  return <DisciplineRecord schoolId={file.schoolId} pupilId={file.pupil.id} data={data} />;
}

/** A teacher's own incident reports and punishments about the pupil. */
function OwnDisciplineFileBlock({ file, data }: FileBlockProps<'ownDiscipline'>) {
  return <OwnDisciplineRecord pupilId={file.pupil.id} data={data} />;
}

function FollowupBlock({ file, data }: FileBlockProps<'followup'>) {
  return <FollowupNotes file={file} data={data} />;
}

/** One line per block; the appointments block joins here when its module lands. */
export const FILE_BLOCK_COMPONENTS: BlockEntry[] = [
  { key: 'identity', Component: IdentityBlock },
  { key: 'schooling', Component: SchoolingBlock },
  { key: 'guardians', Component: GuardiansBlock },
  { key: 'timetable', Component: TimetableBlock },
  { key: 'attendance', Component: AttendanceBlock },
  { key: 'grades', Component: GradesBlock },
  { key: 'reportCards', Component: ReportCardsBlock },
  { key: 'supportPlans', Component: SupportPlansBlock },
  { key: 'discipline', Component: DisciplineFileBlock },
  { key: 'ownDiscipline', Component: OwnDisciplineFileBlock },
  { key: 'followup', Component: FollowupBlock },
];

/** Draws the blocks the server sent, in registry order. */
export function FileBlocksView({ file }: { file: PupilFile }) {
  // A link to one block (the accommodation marker leads to #plans-<pupilId>): the block exists only once drawn.
  useEffect(() => {
    const id = decodeURIComponent(window.location.hash.slice(1));
    if (id) document.getElementById(id)?.scrollIntoView({ block: 'start' });
  }, []);
  return (
    <>
      {FILE_BLOCK_COMPONENTS.map((b) => {
        const data = file.blocks[b.key];
        if (!data) return null;
        const C = b.Component as ComponentType<{ file: PupilFile; data: typeof data }>;
        return <C key={b.key} file={file} data={data} />;
      })}
    </>
  );
}
