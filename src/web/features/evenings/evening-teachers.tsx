import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../errors.tsx';
import { type EveningDetail, type EveningOptions, useSetEveningTeachers } from './queries.ts';
import { emptyPlace, TeacherPlaceFields, type TeacherPlaceValue, toTeacherPlace } from './teacher-place-fields.tsx';

type Teacher = { id: string; firstName: string; lastName: string };

/**
 * Direction changes the teachers of an opened evening: the teachers of its classes (and any already taking part),
 * ticked when they take part, each with their site, room, hours and breaks. The server refuses to remove a teacher
 * families asked for (EVENING_TEACHER_HAS_REQUESTS) and, once the schedule is published, changes that would move a
 * meeting (EVENING_HAS_SCHEDULE); both are shown translated.
 */
export function EveningTeachersForm({
  evening: e,
  options,
  onDone,
}: {
  evening: EveningDetail;
  options: EveningOptions;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const ids = useId();
  const save = useSetEveningTeachers(e.id);
  const current = e.direction?.teachers ?? [];
  const classIds = new Set(e.classes.map((c) => c.id));
  const siteOfClass = new Map(options.classes.map((c) => [c.id, c.siteId]));
  const candidates: Teacher[] = [
    ...current.map((x) => x.teacher),
    ...options.teachers.filter(
      (tch) => tch.classIds.some((c) => classIds.has(c)) && !current.some((x) => x.teacher.id === tch.id),
    ),
  ];
  const defaultSite = (teacherId: string) =>
    options.teachers
      .find((tch) => tch.id === teacherId)
      ?.classIds.map((c) => (classIds.has(c) ? siteOfClass.get(c) : null))
      .find(Boolean) ??
    options.sites[0]?.id ??
    '';
  const [taking, setTaking] = useState<Set<string>>(() => new Set(current.map((x) => x.teacher.id)));
  const [places, setPlaces] = useState<Map<string, TeacherPlaceValue>>(
    () =>
      new Map(
        current.map((x) => [
          x.teacher.id,
          {
            siteId: x.site.id,
            roomId: x.roomId ?? '',
            startsAt: x.startsAt === e.startsAt ? '' : x.startsAt,
            endsAt: x.endsAt === e.endsAt ? '' : x.endsAt,
            breaks: x.breaks.length > 0 ? x.breaks : [{ startsAt: '', endsAt: '' }],
          },
        ]),
      ),
  );
  const requestsOf = new Map(current.map((x) => [x.teacher.id, x.requests]));
  const placeOf = (id: string) => places.get(id) ?? emptyPlace(defaultSite(id));
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    save.mutate(
      { teachers: candidates.filter((x) => taking.has(x.id)).map((x) => toTeacherPlace(x.id, placeOf(x.id))) },
      { onSuccess: onDone },
    );
  };
  return (
    <form className="form evening-form" onSubmit={submit} aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>{t('evenings.edit.teachersTitle')}</h3>
      <p className="muted">{t('evenings.edit.teachersHelp')}</p>
      <ul className="evening-form-teacher-list">
        {candidates.map((tch) => {
          const name = `${tch.firstName} ${tch.lastName}`;
          const on = taking.has(tch.id);
          const requests = requestsOf.get(tch.id) ?? 0;
          return (
            <li key={tch.id} className="evening-form-teacher">
              <label className="native-checkbox">
                <input
                  type="checkbox"
                  checked={on}
                  onChange={(x) => {
                    const next = new Set(taking);
                    if (x.currentTarget.checked) next.add(tch.id);
                    else next.delete(tch.id);
                    setTaking(next);
                  }}
                />{' '}
                {name}
              </label>
              {requests > 0 && <span className="muted"> · {t('evenings.edit.requestsOf', { n: requests })}</span>}
              {on && (
                <TeacherPlaceFields
                  idPrefix={`${ids}-${tch.id}`}
                  name={name}
                  value={placeOf(tch.id)}
                  onChange={(patch) => setPlaces(new Map(places).set(tch.id, { ...placeOf(tch.id), ...patch }))}
                  options={options}
                  eveningStartsAt={e.startsAt}
                  eveningEndsAt={e.endsAt}
                />
              )}
            </li>
          );
        })}
      </ul>
      <ErrorAlert error={save.error} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={save.isPending || taking.size === 0}>
          {t('evenings.edit.saveTeachers')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
