import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Redirect, useLocation, useSearch } from 'wouter';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { formatFigure } from '../features/grades/format.ts';
import { fullName } from '../features/grades/names.ts';
import { usePupilGrades } from '../features/grades/queries.ts';
import type { PupilGrades, SubjectGrades } from '../features/grades/types.ts';
import { formatDay } from '../features/timetable/dates.ts';
import { currentLocale, formatNumber } from '../i18n/index.ts';
import '../features/grades/grades.css';

function useFigure() {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (f: string | null) => (f === null ? t('grades.pupil.noAverage') : formatFigure(f, locale));
}

/** "12,30 (de 8,00 à 16,00)", or the average alone when there is no spread to show. */
function ClassFigures({ average, min, max }: { average: string | null; min: string | null; max: string | null }) {
  const { t } = useTranslation();
  const figure = useFigure();
  if (average === null || min === null || max === null) return <>{figure(average)}</>;
  return <>{t('grades.pupil.classRange', { average: figure(average), min: figure(min), max: figure(max) })}</>;
}

/** One subject's grades: date, title, value on its scale, coefficient, class average, the teacher's comment. */
function SubjectDetail({ s }: { s: SubjectGrades }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const figure = useFigure();
  return (
    <>
      {s.teachers.length > 0 && <p className="hint">{t('grades.pupil.teachers', { names: s.teachers.join(', ') })}</p>}
      <ul className="grade-list" aria-label={t('grades.pupil.grades', { subject: s.subject })}>
        {s.assessments.map((a) => (
          <li key={a.id}>
            <span className="grade-when">{formatDay(a.date, locale, 'short')}</span>
            <span className="grade-title">{a.title}</span>
            <strong className="grade-value">
              {a.code
                ? t(`grades.codesLong.${a.code}`)
                : a.value === null
                  ? t('grades.pupil.noAverage')
                  : t('grades.pupil.gradeOf', { value: formatFigure(a.value, locale), scale: a.scale })}
            </strong>
            <span className="grade-meta">
              {t('grades.pupil.coef', { coef: formatFigure(a.coefficient, locale) })}
              {a.classAverage !== null && (
                <> · {t('grades.pupil.classAverageOf', { average: figure(a.classAverage) })}</>
              )}
            </span>
            {a.comment && (
              <span className="grade-comment">
                <span className="grade-comment-label">{t('grades.comment.pupilLabel')}</span> <bdi>{a.comment}</bdi>
              </span>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * The subjects as one table: the pupil's average, the class's (lowest–highest on wider screens), the rank where
 * the school shows it; each subject's grades folded under its name (a disclosure button), "Tout déplier" above.
 */
function SubjectsSummary({
  subjects,
  ranksEnabled,
  period,
}: {
  subjects: SubjectGrades[];
  ranksEnabled: boolean;
  period: string;
}) {
  const { t } = useTranslation();
  const ids = useId();
  const figure = useFigure();
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const allOpen = subjects.every((s) => open.has(s.subjectId));
  const showRank = ranksEnabled && subjects.some((s) => s.rank !== null);
  const columns = showRank ? 5 : 4;
  const toggle = (id: string) =>
    setOpen((all) => {
      const next = new Set(all);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <section aria-labelledby={`${ids}-title`} className="section">
      <div className="summary-head">
        <h2 id={`${ids}-title`}>{t('grades.pupil.summaryTitle')}</h2>
        <button
          type="button"
          className="button button-small"
          aria-controls={subjects.map((s) => `${ids}-${s.subjectId}`).join(' ')}
          aria-expanded={allOpen}
          onClick={() => setOpen(allOpen ? new Set() : new Set(subjects.map((s) => s.subjectId)))}
        >
          {allOpen ? t('grades.pupil.collapseAll') : t('grades.pupil.expandAll')}
        </button>
      </div>
      <table className="grades-summary">
        <caption className="visually-hidden">{t('grades.pupil.summaryCaption', { period })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('grades.pupil.subject')}</th>
            <th scope="col" className="num">
              {t('grades.pupil.average')}
            </th>
            <th scope="col" className="num">
              {t('grades.pupil.classAverage')}
            </th>
            <th scope="col" className="num wide-only">
              {t('grades.pupil.classMinMax')}
            </th>
            {showRank && (
              <th scope="col" className="num">
                {t('grades.pupil.rank')}
              </th>
            )}
          </tr>
        </thead>
        {subjects.map((s) => {
          const expanded = open.has(s.subjectId);
          const detailId = `${ids}-${s.subjectId}`;
          return (
            <tbody key={s.subjectId} className={expanded ? 'subject-rows is-open' : 'subject-rows'}>
              <tr>
                <th scope="row">
                  <button
                    type="button"
                    className="disclosure"
                    aria-expanded={expanded}
                    aria-controls={detailId}
                    onClick={() => toggle(s.subjectId)}
                  >
                    <span className="disclosure-icon" aria-hidden="true" />
                    <span>
                      <span className="subject-name">{s.subject}</span>{' '}
                      <span className="subject-count">
                        {t('grades.pupil.gradeCount', { count: s.assessments.length })}
                      </span>
                    </span>
                  </button>
                </th>
                <td className="num figure">{figure(s.average)}</td>
                <td className="num">{figure(s.classAverage)}</td>
                <td className="num wide-only">
                  {s.classMin === null || s.classMax === null
                    ? figure(null)
                    : t('grades.pupil.minMax', { min: figure(s.classMin), max: figure(s.classMax) })}
                </td>
                {showRank && <td className="num">{s.rank === null ? figure(null) : formatNumber(s.rank)}</td>}
              </tr>
              <tr id={detailId} className="subject-detail" hidden={!expanded}>
                <td colSpan={columns}>{expanded && <SubjectDetail s={s} />}</td>
              </tr>
            </tbody>
          );
        })}
      </table>
    </section>
  );
}

function Skills({ skills }: { skills: PupilGrades['skills'] }) {
  const { t } = useTranslation();
  const assessed = skills.filter((s) => s.level !== null);
  return (
    <section aria-labelledby="skills-title" className="section">
      <h2 id="skills-title">{t('grades.pupil.skillsTitle')}</h2>
      {assessed.length === 0 ? (
        <p>{t('grades.pupil.noSkills')}</p>
      ) : (
        <div className="card">
          <dl className="facts skills">
            {assessed.map((s) => (
              <div key={s.component}>
                <dt>
                  {s.component} — {t(`grades.skills.${s.component}`, { defaultValue: s.label })}
                </dt>
                <dd>{t(`grades.levels.${s.level}`)}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </section>
  );
}

/** Links to each child's grades, for guardians of several children; the period chosen (its rank) goes along. */
function ChildSwitch({ me, pupilId, periodRank }: { me: Me; pupilId: string; periodRank: number | null }) {
  const { t } = useTranslation();
  if (me.children.length < 2) return null;
  return (
    <nav aria-label={t('grades.pupil.children')} className="child-switch">
      <ul className="actions">
        {me.children.map((c) => (
          <li key={c.id}>
            <Link
              href={`/notes/${c.id}${periodRank ? `?periode=${periodRank}` : ''}`}
              className="button"
              aria-current={c.id === pupilId ? 'page' : undefined}
            >
              {c.firstName} {c.lastName}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function PupilGradesView({ me, pupilId }: { me: Me; pupilId: string }) {
  const { t } = useTranslation();
  const ids = useId();
  const [, navigate] = useLocation();
  // `?periode=2`: the second period of the year, chosen here or on another child's page.
  const rank = Number.parseInt(new URLSearchParams(useSearch()).get('periode') ?? '', 10) || null;
  const [periodId, setPeriodId] = useState<string | null>(null);
  const q = usePupilGrades(pupilId, periodId);
  const wanted = rank && q.data ? q.data.periods[rank - 1] : undefined;
  useEffect(() => {
    if (periodId === null && wanted) setPeriodId(wanted.id);
  }, [periodId, wanted]);
  const figure = useFigure();
  const child = me.children.find((c) => c.id === pupilId);
  const back = child ? (
    <Link href={`/enfants/${child.id}`}>{t('grades.pupil.backToChild', { name: child.firstName })}</Link>
  ) : (
    <Link href="/">{t('grades.pupil.back')}</Link>
  );
  if (q.isPending) return <Loading />;
  if (q.error) {
    return (
      <div className="page">
        <PageTitle>{t('grades.pupil.title')}</PageTitle>
        <ErrorAlert error={q.error} />
        <p>{back}</p>
      </div>
    );
  }
  const g = q.data;
  const subjects = g.subjects.filter((s) => s.assessments.length > 0);
  return (
    <div className="page pupil-grades">
      <p className="breadcrumb">{back}</p>
      <PageTitle>{t('grades.pupil.titleOf', { name: fullName(g.pupil) })}</PageTitle>
      <ChildSwitch me={me} pupilId={pupilId} periodRank={rank} />
      {g.periods.length > 1 && (
        <div className="field filter-field period-field">
          <label htmlFor={`${ids}-period`}>{t('grades.pupil.period')}</label>
          <select
            id={`${ids}-period`}
            className="native-select"
            value={g.period.id}
            onChange={(e) => {
              const id = e.currentTarget.value;
              setPeriodId(id);
              navigate(`/notes/${pupilId}?periode=${g.periods.findIndex((p) => p.id === id) + 1}`, { replace: true });
            }}
          >
            {g.periods.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
      )}
      {g.periods.length <= 1 && <p className="hint">{g.period.label}</p>}
      {subjects.length === 0 ? (
        <p className="alert alert-info">{t('grades.pupil.empty')}</p>
      ) : (
        <>
          <div className="card narrow general-average">
            <dl className="facts">
              <div>
                <dt>{t('grades.pupil.general')}</dt>
                <dd className="figure">{figure(g.general.average)}</dd>
              </div>
              <div>
                <dt>{t('grades.pupil.classAverage')}</dt>
                <dd>
                  <ClassFigures average={g.general.classAverage} min={g.general.classMin} max={g.general.classMax} />
                </dd>
              </div>
              {g.ranksEnabled && g.general.rank !== null && (
                <div>
                  <dt>{t('grades.pupil.rank')}</dt>
                  <dd>{formatNumber(g.general.rank)}</dd>
                </div>
              )}
            </dl>
          </div>
          <SubjectsSummary subjects={subjects} ranksEnabled={g.ranksEnabled} period={g.period.label} />
        </>
      )}
      <Skills skills={g.skills} />
    </div>
  );
}

/**
 * "Notes": a pupil's own grades or a guardian's child's, as the server lets them see them (published ones).
 * Without an id: a pupil goes to their own page, a guardian chooses a child.
 */
export default function GradesPage({ me, pupilId }: { me: Me; pupilId?: string }) {
  const { t } = useTranslation();
  if (pupilId) return <PupilGradesView key={pupilId} me={me} pupilId={pupilId} />;
  if (me.children.length === 0) return <Redirect to={`/notes/${me.person.id}`} replace />;
  if (me.children.length === 1 && me.enrolments.length === 0) {
    return <Redirect to={`/notes/${me.children[0]?.id}`} replace />;
  }
  return (
    <div className="page">
      <PageTitle>{t('grades.pupil.title')}</PageTitle>
      <ul className="cards quick-links">
        {me.enrolments.length > 0 && (
          <li className="card">
            <Link href={`/notes/${me.person.id}`} className="card-link">
              {t('grades.pupil.mine')}
            </Link>
          </li>
        )}
        {me.children.map((c) => (
          <li key={c.id} className="card">
            <Link href={`/notes/${c.id}`} className="card-link">
              {c.firstName} {c.lastName}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
