import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type EveningDetail, type EveningLists, listsPdfUrl } from './queries.ts';

type Person = { firstName: string; lastName: string };
const nameOf = (p: Person) => `${p.firstName} ${p.lastName}`;

/**
 * Direction's printable lists: every teacher's list and every family's schedule, or one of them. An HTML view with
 * print CSS (evenings.css): each list starts on a new page, the menus and the choice of list are not printed.
 */
export function PrintLists({ evening, lists }: { evening: EveningDetail; lists: EveningLists }) {
  const { t } = useTranslation();
  const ids = useId();
  const [which, setWhich] = useState('teachers');
  const teachers = lists.teachers.filter((x) => which === 'teachers' || which === `t:${x.teacher.id}`);
  const families = lists.families.filter((x) => which === 'families' || which === `f:${x.guardian.id}`);
  const header = `${evening.title} · ${evening.date} · ${evening.startsAt}–${evening.endsAt}`;
  return (
    <div className="evening-lists">
      {evening.status !== 'scheduled' && (
        <p className="alert no-print" role="status">
          {t('evenings.lists.notScheduled')}
        </p>
      )}
      <div className="field no-print">
        <label htmlFor={`${ids}-which`}>{t('evenings.lists.which')}</label>
        <select
          id={`${ids}-which`}
          className="native-select"
          value={which}
          onChange={(e) => setWhich(e.currentTarget.value)}
        >
          <option value="teachers">{t('evenings.lists.allTeachers')}</option>
          <option value="families">{t('evenings.lists.allFamilies')}</option>
          <optgroup label={t('evenings.lists.oneTeacher')}>
            {lists.teachers.map((x) => (
              <option key={x.teacher.id} value={`t:${x.teacher.id}`}>
                {nameOf(x.teacher)}
              </option>
            ))}
          </optgroup>
          <optgroup label={t('evenings.lists.oneFamily')}>
            {lists.families.map((x) => (
              <option key={x.guardian.id} value={`f:${x.guardian.id}`}>
                {nameOf(x.guardian)}
              </option>
            ))}
          </optgroup>
        </select>
      </div>
      <div className="actions no-print">
        <button type="button" className="button" onClick={() => window.print()}>
          {t('evenings.lists.print')}
        </button>
        <a className="button" href={listsPdfUrl(evening.id, which)} download>
          {t('evenings.lists.pdf')}
        </a>
      </div>

      {which !== 'families' &&
        !which.startsWith('f:') &&
        teachers.map((x) => (
          <section key={x.teacher.id} className="evening-print-sheet" aria-labelledby={`${ids}-t-${x.teacher.id}`}>
            <h2 id={`${ids}-t-${x.teacher.id}`}>{t('evenings.lists.teacherList', { name: nameOf(x.teacher) })}</h2>
            <p>
              {header} · {x.site.name}
              {x.room ? `, ${x.room}` : ''}
            </p>
            {x.meetings.length === 0 ? (
              <p>{t('evenings.noMeeting')}</p>
            ) : (
              <table className="table evening-print-table">
                <thead>
                  <tr>
                    <th scope="col">{t('evenings.lists.time')}</th>
                    <th scope="col">{t('evenings.lists.family')}</th>
                    <th scope="col">{t('evenings.lists.pupil')}</th>
                    <th scope="col">{t('evenings.lists.class')}</th>
                  </tr>
                </thead>
                <tbody>
                  {x.meetings.map((m) => (
                    <tr key={`${m.startsAt}-${m.pupil.id}`}>
                      <td>
                        {m.startsAt}–{m.endsAt}
                      </td>
                      <td>{nameOf(m.guardian)}</td>
                      <td>{nameOf(m.pupil)}</td>
                      <td>{m.pupilClass ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        ))}

      {(which === 'families' || which.startsWith('f:')) &&
        families.map((x) => (
          <section key={x.guardian.id} className="evening-print-sheet" aria-labelledby={`${ids}-f-${x.guardian.id}`}>
            <h2 id={`${ids}-f-${x.guardian.id}`}>{t('evenings.lists.familySchedule', { name: nameOf(x.guardian) })}</h2>
            <p>{header}</p>
            {x.meetings.length === 0 ? (
              <p>{t('evenings.noMeeting')}</p>
            ) : (
              <table className="table evening-print-table">
                <thead>
                  <tr>
                    <th scope="col">{t('evenings.lists.time')}</th>
                    <th scope="col">{t('evenings.lists.teacher')}</th>
                    <th scope="col">{t('evenings.lists.pupil')}</th>
                    <th scope="col">{t('evenings.lists.place')}</th>
                  </tr>
                </thead>
                <tbody>
                  {x.meetings.map((m) => (
                    <tr key={`${m.startsAt}-${m.teacher.id}-${m.pupil.id}`}>
                      <td>
                        {m.startsAt}–{m.endsAt}
                      </td>
                      <td>{nameOf(m.teacher)}</td>
                      <td>
                        {nameOf(m.pupil)}
                        {m.pupilClass ? ` (${m.pupilClass})` : ''}
                      </td>
                      <td>
                        {m.site.name}
                        {m.room ? `, ${m.room}` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {x.unmet.length > 0 && (
              <p>
                {t('evenings.lists.unmet', {
                  list: x.unmet.map((u) => `${nameOf(u.teacher)} (${u.pupil.firstName})`).join(', '),
                })}
              </p>
            )}
          </section>
        ))}
    </div>
  );
}
