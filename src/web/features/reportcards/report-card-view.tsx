import { useTranslation } from 'react-i18next';
import { className } from '../classes/class-name.ts';
import type { Snapshot } from './types.ts';

const SKILL_LEVELS = [1, 2, 3, 4] as const;

/**
 * A published report card in HTML: the same facts as the PDF, the summary (general average, vie scolaire, the
 * council) first, then the subjects table, stacked as cards on phones.
 */
export function ReportCardView({ snapshot: s }: { snapshot: Snapshot }) {
  const { t } = useTranslation();
  const dash = t('common.none');
  const fig = (v: string | null) => v ?? dash;
  const cols = {
    average: t('reportCards.card.average'),
    classAverage: t('reportCards.card.classAverage'),
    min: t('reportCards.card.min'),
    max: t('reportCards.card.max'),
    appreciation: t('reportCards.card.appreciation'),
    coefficient: t('reportCards.card.coefficient'),
  };
  return (
    <>
      <div className="card">
        <dl className="facts">
          <div>
            <dt>{t('reportCards.card.school')}</dt>
            <dd>{s.school.name}</dd>
          </div>
          <div>
            <dt>{t('reportCards.card.class')}</dt>
            <dd>{t('reportCards.card.classValue', { code: className(s.class), count: s.class.pupilCount })}</dd>
          </div>
          <div>
            <dt>{t('reportCards.card.year')}</dt>
            <dd>{s.year}</dd>
          </div>
          {s.principalTeachers.length > 0 && (
            <div>
              <dt>{t('reportCards.card.principal', { count: s.principalTeachers.length })}</dt>
              <dd>{s.principalTeachers.join(', ')}</dd>
            </div>
          )}
        </dl>
      </div>

      {/* The summary first: on a phone the subjects make a long page, and families look for this first. */}
      <div className="rc-columns">
        <section aria-labelledby="rc-general" className="section card">
          <h2 id="rc-general">{t('reportCards.card.general')}</h2>
          <dl className="facts">
            <div>
              <dt>{t('reportCards.card.generalAverage')}</dt>
              <dd className="rc-big">{fig(s.general.average)}</dd>
            </div>
            <div>
              <dt>{cols.classAverage}</dt>
              <dd>{fig(s.general.classAverage)}</dd>
            </div>
            <div>
              <dt>{cols.min}</dt>
              <dd>{fig(s.general.classMin)}</dd>
            </div>
            <div>
              <dt>{cols.max}</dt>
              <dd>{fig(s.general.classMax)}</dd>
            </div>
            {s.general.rank !== null && (
              <div>
                <dt>{t('reportCards.card.rank')}</dt>
                <dd>{t('reportCards.card.rankValue', { rank: s.general.rank, count: s.class.pupilCount })}</dd>
              </div>
            )}
          </dl>
        </section>

        <section aria-labelledby="rc-attendance" className="section card">
          <h2 id="rc-attendance">{t('reportCards.card.attendance')}</h2>
          <dl className="facts">
            <div>
              <dt>{t('reportCards.card.absenceHalfDays')}</dt>
              <dd>{s.attendance.absenceHalfDays}</dd>
            </div>
            <div>
              <dt>{t('reportCards.card.unjustifiedHalfDays')}</dt>
              <dd>{s.attendance.unjustifiedHalfDays}</dd>
            </div>
            <div>
              <dt>{t('reportCards.card.lateness')}</dt>
              <dd>{s.attendance.lateness}</dd>
            </div>
          </dl>
        </section>
      </div>

      <section aria-labelledby="rc-council" className="section card">
        <h2 id="rc-council">{t('reportCards.card.council')}</h2>
        <p className="pre-wrap" dir={s.council.generalAppreciation ? 'auto' : undefined}>
          {s.council.generalAppreciation || t('reportCards.card.noAppreciation')}
        </p>
        <dl className="facts">
          <div>
            <dt>{t('reportCards.card.decision')}</dt>
            <dd>
              {s.council.decision ? t(`reportCards.decisions.${s.council.decision}`) : t('reportCards.decisions.none')}
            </dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="rc-subjects" className="section">
        <h2 id="rc-subjects">{t('reportCards.card.subjects')}</h2>
        {s.subjects.length === 0 ? (
          <p>{t('reportCards.card.noSubjects')}</p>
        ) : (
          <table className="table rc-table">
            <thead>
              <tr>
                <th scope="col">{t('reportCards.card.subject')}</th>
                <th scope="col">
                  <abbr title={cols.coefficient}>{t('reportCards.card.coefShort')}</abbr>
                </th>
                <th scope="col">{cols.average}</th>
                <th scope="col">{cols.classAverage}</th>
                <th scope="col">{cols.min}</th>
                <th scope="col">{cols.max}</th>
                <th scope="col">{cols.appreciation}</th>
              </tr>
            </thead>
            <tbody>
              {s.subjects.map((sub) => (
                <tr key={sub.subjectId}>
                  <th scope="row">
                    <span className="rc-subject">{sub.subject}</span>
                    {sub.teachers.length > 0 && <span className="rc-teachers">{sub.teachers.join(', ')}</span>}
                  </th>
                  <td data-label={cols.coefficient} className="rc-figure">
                    {sub.coefficient}
                  </td>
                  <td data-label={cols.average} className="rc-figure rc-own">
                    {fig(sub.average)}
                  </td>
                  <td data-label={cols.classAverage} className="rc-figure">
                    {fig(sub.classAverage)}
                  </td>
                  <td data-label={cols.min} className="rc-figure">
                    {fig(sub.classMin)}
                  </td>
                  <td data-label={cols.max} className="rc-figure">
                    {fig(sub.classMax)}
                  </td>
                  <td data-label={cols.appreciation} className="rc-appreciation" dir="auto">
                    {sub.appreciation || dash}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {s.skills.length > 0 && (
        <section aria-labelledby="rc-skills" className="section card">
          <h2 id="rc-skills">{t('reportCards.card.skills')}</h2>
          <dl className="facts rc-skills">
            {s.skills.map((k) => (
              <div key={k.component}>
                <dt>{k.label}</dt>
                <dd>
                  {k.level !== null && SKILL_LEVELS.includes(k.level as 1)
                    ? t(`reportCards.card.skillLevel.${k.level}`)
                    : t('reportCards.card.skillNone')}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      )}
    </>
  );
}
