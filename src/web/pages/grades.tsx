import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Redirect } from 'wouter';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { formatFigure } from '../features/grades/format.ts';
import { usePupilGrades } from '../features/grades/queries.ts';
import type { PupilGrades, SubjectGrades } from '../features/grades/types.ts';
import { formatDay } from '../features/timetable/dates.ts';
import { currentLocale, formatNumber } from '../i18n/index.ts';

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

function SubjectCard({ s, ranksEnabled }: { s: SubjectGrades; ranksEnabled: boolean }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const figure = useFigure();
  const titleId = useId();
  return (
    <li className="card subject-card">
      <h3 id={titleId}>{s.subject}</h3>
      {s.teachers.length > 0 && <p className="hint">{t('grades.pupil.teachers', { names: s.teachers.join(', ') })}</p>}
      <dl className="facts">
        <div>
          <dt>{t('grades.pupil.average')}</dt>
          <dd className="figure">{figure(s.average)}</dd>
        </div>
        <div>
          <dt>{t('grades.pupil.classAverage')}</dt>
          <dd>
            <ClassFigures average={s.classAverage} min={s.classMin} max={s.classMax} />
          </dd>
        </div>
        {ranksEnabled && s.rank !== null && (
          <div>
            <dt>{t('grades.pupil.rank')}</dt>
            <dd>{formatNumber(s.rank)}</dd>
          </div>
        )}
      </dl>
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
                <span className="grade-comment-label">{t('grades.comment.pupilLabel')}</span> {a.comment}
              </span>
            )}
          </li>
        ))}
      </ul>
    </li>
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

/** Links to each child's grades, for guardians of several children. */
function ChildSwitch({ me, pupilId }: { me: Me; pupilId: string }) {
  const { t } = useTranslation();
  if (me.children.length < 2) return null;
  return (
    <nav aria-label={t('grades.pupil.children')} className="child-switch">
      <ul className="actions">
        {me.children.map((c) => (
          <li key={c.id}>
            <Link href={`/notes/${c.id}`} className="button" aria-current={c.id === pupilId ? 'page' : undefined}>
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
  const [periodId, setPeriodId] = useState<string | null>(null);
  const q = usePupilGrades(pupilId, periodId);
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
    <div className="page">
      <p className="breadcrumb">{back}</p>
      <PageTitle>{t('grades.pupil.titleOf', { name: `${g.pupil.firstName} ${g.pupil.lastName}` })}</PageTitle>
      <ChildSwitch me={me} pupilId={pupilId} />
      {g.periods.length > 1 && (
        <div className="field filter-field">
          <label htmlFor={`${ids}-period`}>{t('grades.pupil.period')}</label>
          <select
            id={`${ids}-period`}
            className="native-select"
            value={g.period.id}
            onChange={(e) => setPeriodId(e.currentTarget.value)}
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
          <ul className="cards subject-cards">
            {subjects.map((s) => (
              <SubjectCard key={s.subjectId} s={s} ranksEnabled={g.ranksEnabled} />
            ))}
          </ul>
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
