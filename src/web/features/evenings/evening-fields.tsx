import { useTranslation } from 'react-i18next';

const SLOT_LENGTHS = [5, 10, 15, 20, 30];

/** An evening's title, date, hours and slot length, as the opening and the edit forms hold them. */
export interface EveningBasics {
  title: string;
  date: string;
  startsAt: string;
  endsAt: string;
  slotMinutes: number;
}

/** The families' window: '' = no bound. */
export interface EveningWindow {
  requestsFrom: string;
  requestsUntil: string;
}

/**
 * Title, date, hours and slot length: the fields the opening form and the edit form share. `ids` prefixes the
 * inputs' ids (a `useId()` of the form); `keepSlot` is offered too when it is not a usual length (an evening opened
 * through the API with another one).
 */
export function EveningBasicFields({
  ids,
  value: v,
  onChange,
  keepSlot,
}: {
  ids: string;
  value: EveningBasics;
  onChange: (v: EveningBasics) => void;
  keepSlot?: number;
}) {
  const { t } = useTranslation();
  const set = (patch: Partial<EveningBasics>) => onChange({ ...v, ...patch });
  const lengths =
    keepSlot === undefined ? SLOT_LENGTHS : [...new Set([...SLOT_LENGTHS, keepSlot])].sort((a, b) => a - b);
  return (
    <>
      <div className="field">
        <label htmlFor={`${ids}-title`}>{t('evenings.form.name')}</label>
        <input
          id={`${ids}-title`}
          className="input"
          required
          maxLength={120}
          value={v.title}
          onChange={(e) => set({ title: e.currentTarget.value })}
        />
      </div>
      <div className="evening-form-row">
        <div className="field">
          <label htmlFor={`${ids}-date`}>{t('evenings.form.date')}</label>
          <input
            id={`${ids}-date`}
            type="date"
            className="input"
            required
            value={v.date}
            onChange={(e) => set({ date: e.currentTarget.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-from`}>{t('evenings.form.startsAt')}</label>
          <input
            id={`${ids}-from`}
            type="time"
            className="input"
            required
            value={v.startsAt}
            onChange={(e) => set({ startsAt: e.currentTarget.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-to`}>{t('evenings.form.endsAt')}</label>
          <input
            id={`${ids}-to`}
            type="time"
            className="input"
            required
            value={v.endsAt}
            onChange={(e) => set({ endsAt: e.currentTarget.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-slot`}>{t('evenings.form.slotMinutes')}</label>
          <select
            id={`${ids}-slot`}
            className="native-select"
            value={v.slotMinutes}
            onChange={(e) => set({ slotMinutes: Number(e.currentTarget.value) })}
          >
            {lengths.map((m) => (
              <option key={m} value={m}>
                {t('evenings.form.minutes', { n: m })}
              </option>
            ))}
          </select>
        </div>
      </div>
    </>
  );
}

/** The families' window (both dates optional; the closing on the evening's date at the latest). */
export function EveningWindowFields({
  ids,
  value: v,
  onChange,
  date,
}: {
  ids: string;
  value: EveningWindow;
  onChange: (v: EveningWindow) => void;
  date: string;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="evening-form-row">
      <legend>{t('evenings.form.window')}</legend>
      <div className="field">
        <label htmlFor={`${ids}-rf`}>{t('evenings.form.requestsFrom')}</label>
        <input
          id={`${ids}-rf`}
          type="date"
          className="input"
          value={v.requestsFrom}
          onChange={(e) => onChange({ ...v, requestsFrom: e.currentTarget.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-ru`}>{t('evenings.form.requestsUntil')}</label>
        <input
          id={`${ids}-ru`}
          type="date"
          className="input"
          value={v.requestsUntil}
          max={date || undefined}
          onChange={(e) => onChange({ ...v, requestsUntil: e.currentTarget.value })}
        />
      </div>
    </fieldset>
  );
}
