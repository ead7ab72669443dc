import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import './news.css';

function toggle<T>(list: readonly T[], value: T, on: boolean): T[] {
  return on ? [...list, value] : list.filter((v) => v !== value);
}

/** A group of checkboxes (44 px rows, the label is the target), for choices among a few dozen. */
export function CheckList<T extends string>(props: {
  legend: string;
  items: Array<{ value: T; label: string }>;
  chosen: readonly T[];
  onChange: (v: T[]) => void;
  hint?: string;
}) {
  const hintId = useId();
  return (
    <fieldset className="fieldset" aria-describedby={props.hint ? hintId : undefined}>
      <legend>{props.legend}</legend>
      {props.hint && (
        <p id={hintId} className="hint">
          {props.hint}
        </p>
      )}
      <ul className="plain-list news-choices">
        {props.items.map((i) => (
          <li key={i.value}>
            <label className="native-checkbox">
              <input
                type="checkbox"
                checked={props.chosen.includes(i.value)}
                onChange={(e) => props.onChange(toggle(props.chosen, i.value, e.currentTarget.checked))}
              />
              <span>{i.label}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

export interface AudienceOptions {
  sites: Array<{ id: string; name: string }>;
  levels: string[];
  classes: Array<{ id: string; code: string; label: string; level: string }>;
}

export interface PupilFilter {
  siteIds: string[];
  levels: string[];
  classIds: string[];
}

/**
 * Which pupils (and their families) an audience is about — the news audience, shared with questionnaires: none
 * chosen is the whole school, else the pupils of any site, level or class checked. Classes are grouped by level.
 */
export function PupilFilters({
  options,
  value,
  onChange,
}: {
  options: AudienceOptions;
  value: PupilFilter;
  onChange: (v: PupilFilter) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="fieldset">
      <legend>{t('news.publish.which')}</legend>
      <p className="hint">{t('news.publish.whichHint')}</p>
      {options.sites.length > 1 && (
        <CheckList
          legend={t('news.publish.sites')}
          items={options.sites.map((s) => ({ value: s.id, label: s.name }))}
          chosen={value.siteIds}
          onChange={(siteIds) => onChange({ ...value, siteIds })}
        />
      )}
      <CheckList
        legend={t('news.publish.levels')}
        items={options.levels.map((l) => ({ value: l, label: t('news.level', { level: l }) }))}
        chosen={value.levels}
        onChange={(levels) => onChange({ ...value, levels })}
      />
      <CheckList
        legend={t('news.publish.classes')}
        items={options.classes.map((c) => ({ value: c.id, label: c.label }))}
        chosen={value.classIds}
        onChange={(classIds) => onChange({ ...value, classIds })}
      />
    </fieldset>
  );
}
