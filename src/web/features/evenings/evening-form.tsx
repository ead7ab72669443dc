import { type FormEvent, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../errors.tsx';
import { EveningBasicFields, type EveningBasics, type EveningWindow, EveningWindowFields } from './evening-fields.tsx';
import type { EveningIn, EveningOptions } from './queries.ts';
import { emptyPlace, TeacherPlaceFields, type TeacherPlaceValue, toTeacherPlace } from './teacher-place-fields.tsx';

/**
 * Direction opens an evening: title, date, hours, slot length, the classes (a whole level in one tick), the teachers
 * of those classes (all by default; each one's site and room), and the window in which families choose.
 */
export function EveningForm({
  options,
  onSubmit,
  pending,
  error,
}: {
  options: EveningOptions;
  onSubmit: (body: EveningIn) => void;
  pending: boolean;
  error: Error | null;
}) {
  const { t } = useTranslation();
  const ids = useId();
  const [basics, setBasics] = useState<EveningBasics>({
    title: '',
    date: '',
    startsAt: '16:30',
    endsAt: '19:30',
    slotMinutes: 10,
  });
  const [requestWindow, setRequestWindow] = useState<EveningWindow>({ requestsFrom: '', requestsUntil: '' });
  const [classIds, setClassIds] = useState<Set<string>>(new Set());
  /** Teachers left out by direction (every teacher of the chosen classes takes part otherwise). */
  const [excluded, setExcluded] = useState<Set<string>>(new Set());
  const [places, setPlaces] = useState<Map<string, TeacherPlaceValue>>(new Map());

  const levels = useMemo(() => {
    const byLevel = new Map<string, EveningOptions['classes']>();
    for (const c of options.classes) byLevel.set(c.level, [...(byLevel.get(c.level) ?? []), c]);
    return [...byLevel];
  }, [options.classes]);
  const siteOfClass = new Map(options.classes.map((c) => [c.id, c.siteId]));
  const teachers = options.teachers.filter((tch) => tch.classIds.some((id) => classIds.has(id)));
  const defaultSite = (classIdsOfTeacher: string[]) =>
    classIdsOfTeacher.map((id) => (classIds.has(id) ? siteOfClass.get(id) : null)).find(Boolean) ??
    options.sites[0]?.id ??
    '';

  const toggleClasses = (list: string[], on: boolean) => {
    const next = new Set(classIds);
    for (const id of list) {
      if (on) next.add(id);
      else next.delete(id);
    }
    setClassIds(next);
  };
  const toggleTeacher = (id: string, on: boolean) => {
    const next = new Set(excluded);
    if (on) next.delete(id);
    else next.add(id);
    setExcluded(next);
  };
  const setPlace = (id: string, patch: Partial<TeacherPlaceValue>, fallbackSite: string) => {
    const next = new Map(places);
    next.set(id, { ...(next.get(id) ?? emptyPlace(fallbackSite)), ...patch });
    setPlaces(next);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const chosen = teachers.filter((tch) => !excluded.has(tch.id));
    onSubmit({
      ...basics,
      classIds: [...classIds],
      teacherIds: chosen.map((tch) => tch.id),
      requestsFrom: requestWindow.requestsFrom || null,
      requestsUntil: requestWindow.requestsUntil || null,
      teachers: chosen.filter((tch) => places.has(tch.id)).map((tch) => toTeacherPlace(tch.id, places.get(tch.id)!)),
    });
  };

  return (
    <form className="form evening-form" onSubmit={submit}>
      <EveningBasicFields ids={ids} value={basics} onChange={setBasics} />

      <fieldset className="evening-form-classes">
        <legend>{t('evenings.form.classes')}</legend>
        {levels.length === 0 && <p>{t('evenings.form.noClass')}</p>}
        {levels.map(([level, list]) => {
          const all = list.every((c) => classIds.has(c.id));
          return (
            <div key={level} className="evening-form-level">
              <label className="native-checkbox evening-form-level-all">
                <input
                  type="checkbox"
                  checked={all}
                  onChange={(e) =>
                    toggleClasses(
                      list.map((c) => c.id),
                      e.currentTarget.checked,
                    )
                  }
                />{' '}
                {t('evenings.form.wholeLevel', { level })}
              </label>
              <ul className="evening-form-checks">
                {list.map((c) => (
                  <li key={c.id}>
                    <label className="native-checkbox">
                      <input
                        type="checkbox"
                        checked={classIds.has(c.id)}
                        onChange={(e) => toggleClasses([c.id], e.currentTarget.checked)}
                      />{' '}
                      {c.code}
                    </label>
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
      </fieldset>

      <fieldset className="evening-form-teachers">
        <legend>{t('evenings.form.teachers')}</legend>
        {teachers.length === 0 ? (
          <p>{t('evenings.form.chooseClassesFirst')}</p>
        ) : (
          <ul className="evening-form-teacher-list">
            {teachers.map((tch) => {
              const site = defaultSite(tch.classIds);
              const place = places.get(tch.id) ?? emptyPlace(site);
              const on = !excluded.has(tch.id);
              const name = `${tch.firstName} ${tch.lastName}`;
              return (
                <li key={tch.id} className="evening-form-teacher">
                  <label className="native-checkbox">
                    <input
                      type="checkbox"
                      checked={on}
                      onChange={(e) => toggleTeacher(tch.id, e.currentTarget.checked)}
                    />{' '}
                    {name}
                  </label>
                  {on && (
                    <TeacherPlaceFields
                      idPrefix={`${ids}-${tch.id}`}
                      name={name}
                      value={place}
                      onChange={(patch) => setPlace(tch.id, patch, site)}
                      options={options}
                      eveningStartsAt={basics.startsAt}
                      eveningEndsAt={basics.endsAt}
                    />
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </fieldset>

      <EveningWindowFields ids={ids} value={requestWindow} onChange={setRequestWindow} date={basics.date} />

      <button type="submit" className="button" disabled={pending || classIds.size === 0}>
        {t('evenings.form.submit')}
      </button>
      {error && <ErrorAlert error={error} />}
    </form>
  );
}
