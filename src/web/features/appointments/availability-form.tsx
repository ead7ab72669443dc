import './appointments.css';
import { useId, useState } from 'react';
import { Button, Checkbox } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../errors.tsx';
import { type Availability, type AvailabilityIn, useSaveAvailability } from './api.ts';

type Opening = AvailabilityIn['slots'][number];
type Exception = AvailabilityIn['exceptions'][number];

const WEEKDAYS = [1, 2, 3, 4, 5, 6];

/** "Mes disponibilités": weekly openings per site and room, length of an appointment, how far ahead, days off. */
export function AvailabilityForm({ schoolId, initial }: { schoolId: string; initial: Availability }) {
  const { t } = useTranslation();
  const ids = useId();
  const save = useSaveAvailability(schoolId);
  const [slots, setSlots] = useState<Opening[]>(initial.slots);
  const [exceptions, setExceptions] = useState<Exception[]>(initial.exceptions);
  const [bookAheadDays, setBookAheadDays] = useState(initial.bookAheadDays);
  const [privateReason, setPrivateReason] = useState(initial.privateReason);
  const [offerCancelledCourses, setOfferCancelledCourses] = useState(initial.offerCancelledCourses);
  const [saved, setSaved] = useState(false);
  const firstSite = initial.sites[0]?.id ?? '';
  const update = (i: number, patch: Partial<Opening>) => {
    setSaved(false);
    setSlots((all) => all.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  };
  const weekday = (d: number) => t(`appointments.availability.weekdays.${d}`);

  return (
    <form
      className="form availability-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(
          { bookAheadDays, privateReason, offerCancelledCourses, slots, exceptions },
          { onSuccess: () => setSaved(true) },
        );
      }}
    >
      <fieldset className="availability-openings">
        <legend>{t('appointments.availability.openings')}</legend>
        {slots.length === 0 && <p>{t('appointments.availability.noOpening')}</p>}
        <ul className="cards">
          {slots.map((s, i) => {
            const rooms = initial.sites.find((x) => x.id === s.siteId)?.rooms ?? [];
            const id = `${ids}-${i}`;
            const label = `${weekday(s.weekday)} ${s.startsAt}–${s.endsAt}`;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: openings have no id until saved
              <li key={i} className="card availability-opening">
                <div className="field">
                  <label htmlFor={`${id}-day`}>{t('appointments.availability.weekday')}</label>
                  <select
                    id={`${id}-day`}
                    className="native-select"
                    value={s.weekday}
                    onChange={(e) => update(i, { weekday: Number(e.currentTarget.value) })}
                  >
                    {WEEKDAYS.map((d) => (
                      <option key={d} value={d}>
                        {weekday(d)}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`${id}-from`}>{t('appointments.availability.from')}</label>
                  <input
                    id={`${id}-from`}
                    type="time"
                    className="input"
                    value={s.startsAt}
                    required
                    onChange={(e) => update(i, { startsAt: e.currentTarget.value })}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-to`}>{t('appointments.availability.to')}</label>
                  <input
                    id={`${id}-to`}
                    type="time"
                    className="input"
                    value={s.endsAt}
                    required
                    onChange={(e) => update(i, { endsAt: e.currentTarget.value })}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-len`}>{t('appointments.availability.length')}</label>
                  <select
                    id={`${id}-len`}
                    className="native-select"
                    value={s.slotMinutes}
                    onChange={(e) => update(i, { slotMinutes: Number(e.currentTarget.value) })}
                  >
                    {[15, 20, 30, 45, 60].map((m) => (
                      <option key={m} value={m}>
                        {t('appointments.availability.minutes', { count: m })}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`${id}-site`}>{t('appointments.availability.site')}</label>
                  <select
                    id={`${id}-site`}
                    className="native-select"
                    value={s.siteId}
                    onChange={(e) => update(i, { siteId: e.currentTarget.value, roomId: null })}
                  >
                    {initial.sites.map((x) => (
                      <option key={x.id} value={x.id}>
                        {x.name}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`${id}-room`}>{t('appointments.availability.room')}</label>
                  <select
                    id={`${id}-room`}
                    className="native-select"
                    value={s.roomId ?? ''}
                    onChange={(e) => update(i, { roomId: e.currentTarget.value || null })}
                  >
                    <option value="">{t('appointments.availability.noRoom')}</option>
                    {rooms.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.code} {r.label !== r.code ? `— ${r.label}` : ''}
                      </option>
                    ))}
                  </select>
                </div>
                <Button
                  className="button button-small"
                  onPress={() => {
                    setSaved(false);
                    setSlots((all) => all.filter((_, j) => j !== i));
                  }}
                >
                  {t('appointments.availability.remove')}
                  <span className="visually-hidden"> — {label}</span>
                </Button>
              </li>
            );
          })}
        </ul>
        <Button
          className="button"
          isDisabled={!firstSite}
          onPress={() => {
            setSaved(false);
            setSlots((all) => [
              ...all,
              { siteId: firstSite, roomId: null, weekday: 1, startsAt: '16:00', endsAt: '17:00', slotMinutes: 20 },
            ]);
          }}
        >
          {t('appointments.availability.add')}
        </Button>
      </fieldset>
      <div className="field">
        <label htmlFor={`${ids}-ahead`}>{t('appointments.availability.ahead')}</label>
        <input
          id={`${ids}-ahead`}
          type="number"
          min={1}
          max={90}
          className="input"
          value={bookAheadDays}
          onChange={(e) => setBookAheadDays(Math.max(1, Math.min(90, Number(e.currentTarget.value) || 1)))}
        />
      </div>
      <Checkbox className="checkbox" isSelected={privateReason} onChange={setPrivateReason}>
        <span className="checkbox-box" aria-hidden="true" />
        {t('appointments.availability.private')}
      </Checkbox>
      <p className="muted">{t('appointments.availability.privateHelp')}</p>
      <Checkbox
        className="checkbox"
        isSelected={offerCancelledCourses}
        onChange={(v) => {
          setSaved(false);
          setOfferCancelledCourses(v);
        }}
      >
        <span className="checkbox-box" aria-hidden="true" />
        {t('appointments.availability.offerCancelled')}
      </Checkbox>
      <p className="muted">{t('appointments.availability.offerCancelledHelp')}</p>
      <fieldset>
        <legend>{t('appointments.availability.exceptions')}</legend>
        <ul className="plain-list">
          {exceptions.map((x, i) => (
            <li key={x.date}>
              <div className="field">
                <label htmlFor={`${ids}-x${i}`}>{t('appointments.availability.exceptionDate')}</label>
                <input
                  id={`${ids}-x${i}`}
                  type="date"
                  className="input"
                  value={x.date}
                  required
                  onChange={(e) => {
                    const date = e.currentTarget.value;
                    setExceptions((all) => all.map((y, j) => (j === i ? { ...y, date } : y)));
                  }}
                />
              </div>
              <Button
                className="button button-small"
                onPress={() => setExceptions((all) => all.filter((_, j) => j !== i))}
              >
                {t('appointments.availability.remove')}
                <span className="visually-hidden"> — {x.date}</span>
              </Button>
            </li>
          ))}
        </ul>
        <Button
          className="button"
          onPress={() => {
            const today = new Date().toISOString().slice(0, 10);
            if (!exceptions.some((x) => x.date === today)) setExceptions((all) => [...all, { date: today, label: '' }]);
          }}
        >
          {t('appointments.availability.addException')}
        </Button>
      </fieldset>
      <ErrorAlert error={save.error} />
      {saved && (
        <p className="alert alert-success" role="status">
          {t('appointments.availability.saved')}
        </p>
      )}
      <Button type="submit" className="button button-primary" isDisabled={save.isPending}>
        {t('appointments.availability.save')}
      </Button>
    </form>
  );
}
