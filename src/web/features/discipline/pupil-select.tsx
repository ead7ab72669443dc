import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NameablePupil } from './types.ts';

/** A class, then a pupil of it: two native selects (type-ahead, keyboard, 360 px). */
export function PupilSelect({
  pupils,
  value,
  onChange,
  label,
  required = true,
}: {
  pupils: NameablePupil[];
  value: string;
  onChange: (id: string) => void;
  label: string;
  /** False where the pupil is added to a list by a button (the incident's pupils). */
  required?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const classes = useMemo(
    () =>
      [...new Set(pupils.map((p) => p.className ?? ''))].sort((a, b) => a.localeCompare(b, 'fr', { numeric: true })),
    [pupils],
  );
  const [klass, setKlass] = useState(() => pupils.find((p) => p.id === value)?.className ?? classes[0] ?? '');
  const inClass = pupils.filter((p) => (p.className ?? '') === klass);
  return (
    <div className="pupil-select">
      <div className="field">
        <label htmlFor={`${id}-class`}>{t('discipline.form.class')}</label>
        <select
          id={`${id}-class`}
          className="native-select"
          value={klass}
          onChange={(e) => {
            setKlass(e.currentTarget.value);
            onChange('');
          }}
        >
          {classes.map((c) => (
            <option key={c} value={c}>
              {c || t('discipline.form.noClass')}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-pupil`}>{label}</label>
        <select
          id={`${id}-pupil`}
          className="native-select"
          value={value}
          required={required}
          onChange={(e) => onChange(e.currentTarget.value)}
        >
          <option value="">{t('discipline.form.choosePupil')}</option>
          {inClass.map((p) => (
            <option key={p.id} value={p.id}>
              {p.lastName} {p.firstName}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
