import { useTranslation } from 'react-i18next';
import type { EveningOptions } from './queries.ts';

const MAX_BREAKS = 5;

/** A teacher's place in an evening as the forms hold it: '' = the evening's hours, no room, an empty break row. */
export interface TeacherPlaceValue {
  siteId: string;
  roomId: string;
  startsAt: string;
  endsAt: string;
  breaks: Array<{ startsAt: string; endsAt: string }>;
}

export const emptyPlace = (siteId: string): TeacherPlaceValue => ({
  siteId,
  roomId: '',
  startsAt: '',
  endsAt: '',
  breaks: [{ startsAt: '', endsAt: '' }],
});

/** The API's `teachers[]` entry: own hours only when set, the breaks whose two times are filled. */
export function toTeacherPlace(teacherId: string, p: TeacherPlaceValue) {
  return {
    teacherId,
    siteId: p.siteId,
    roomId: p.roomId || null,
    ...(p.startsAt ? { startsAt: p.startsAt } : {}),
    ...(p.endsAt ? { endsAt: p.endsAt } : {}),
    breaks: p.breaks.filter((b) => b.startsAt && b.endsAt),
  };
}

/**
 * One teacher's site, room, and (in a disclosure) own arrival and departure and breaks — as many as needed, up to
 * five. Used when opening an evening and when changing its teachers.
 */
export function TeacherPlaceFields({
  idPrefix,
  name,
  value: place,
  onChange,
  options,
  eveningStartsAt,
  eveningEndsAt,
}: {
  idPrefix: string;
  name: string;
  value: TeacherPlaceValue;
  onChange: (patch: Partial<TeacherPlaceValue>) => void;
  options: Pick<EveningOptions, 'sites' | 'rooms'>;
  eveningStartsAt: string;
  eveningEndsAt: string;
}) {
  const { t } = useTranslation();
  const time = (id: string, label: string, value: string, set: (v: string) => void) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="time"
        className="input"
        value={value}
        min={eveningStartsAt}
        max={eveningEndsAt}
        onChange={(e) => set(e.currentTarget.value)}
      />
    </div>
  );
  const setBreak = (i: number, patch: Partial<{ startsAt: string; endsAt: string }>) =>
    onChange({ breaks: place.breaks.map((b, j) => (j === i ? { ...b, ...patch } : b)) });
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-site`}>{t('evenings.form.siteOf', { name })}</label>
        <select
          id={`${idPrefix}-site`}
          className="native-select"
          value={place.siteId}
          // A room belongs to one site: changing the site forgets the room.
          onChange={(e) => onChange({ siteId: e.currentTarget.value, roomId: '' })}
        >
          {options.sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-room`}>{t('evenings.form.roomOf', { name })}</label>
        <select
          id={`${idPrefix}-room`}
          className="native-select"
          value={place.roomId}
          onChange={(e) => onChange({ roomId: e.currentTarget.value })}
        >
          <option value="">{t('evenings.form.noRoom')}</option>
          {options.rooms
            .filter((r) => r.siteId === place.siteId)
            .map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
        </select>
      </div>
      <details className="evening-form-hours">
        <summary>{t('evenings.form.hoursOf', { name })}</summary>
        <p className="muted">{t('evenings.form.hoursHelp')}</p>
        <div className="evening-form-row">
          {time(`${idPrefix}-startsAt`, t('evenings.form.arrivesAt', { name }), place.startsAt, (v) =>
            onChange({ startsAt: v }),
          )}
          {time(`${idPrefix}-endsAt`, t('evenings.form.leavesAt', { name }), place.endsAt, (v) =>
            onChange({ endsAt: v }),
          )}
        </div>
        {place.breaks.map((b, i) => (
          // Rows have no identity of their own; their place in the list is what the labels say.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <div className="evening-form-row evening-form-break" key={i}>
            {time(`${idPrefix}-break${i}-from`, t('evenings.form.breakFrom', { n: i + 1, name }), b.startsAt, (v) =>
              setBreak(i, { startsAt: v }),
            )}
            {time(`${idPrefix}-break${i}-to`, t('evenings.form.breakTo', { n: i + 1, name }), b.endsAt, (v) =>
              setBreak(i, { endsAt: v }),
            )}
            {place.breaks.length > 1 && (
              <button
                type="button"
                className="button button-small"
                onClick={() => onChange({ breaks: place.breaks.filter((_, j) => j !== i) })}
              >
                {t('evenings.form.removeBreak', { n: i + 1, name })}
              </button>
            )}
          </div>
        ))}
        {place.breaks.length < MAX_BREAKS && (
          <button
            type="button"
            className="button button-small"
            onClick={() => onChange({ breaks: [...place.breaks, { startsAt: '', endsAt: '' }] })}
          >
            {t('evenings.form.addBreak', { name })}
          </button>
        )}
      </details>
    </>
  );
}
