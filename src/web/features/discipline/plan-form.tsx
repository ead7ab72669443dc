import { useState } from 'react';
import { Button, Checkbox, CheckboxGroup, Label } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/loading.tsx';
import { ErrorAlert } from '../errors.tsx';
import { todayIso } from '../timetable/dates.ts';
import { PupilSelect } from './pupil-select.tsx';
import { useCreatePlan, useNameablePupils, useUpdatePlan } from './queries.ts';
import { ACCOMMODATIONS, type PLAN_KINDS, type Plan } from './types.ts';

type Kind = (typeof PLAN_KINDS)[number];
type Accommodation = (typeof ACCOMMODATIONS)[number];

/** A new plan: the pupil and the kind, then the fields a plan's managers may also edit later. */
export function PlanForm({
  schoolId,
  kinds,
  onDone,
}: {
  schoolId: string;
  kinds: Kind[];
  onDone: (m: string) => void;
}) {
  const { t } = useTranslation();
  const pupils = useNameablePupils(schoolId);
  const create = useCreatePlan(schoolId);
  const [pupilId, setPupilId] = useState('');
  const [kind, setKind] = useState<Kind>(kinds[0] ?? 'pap');
  const [v, setV] = useState<PlanFieldValues>(() => ({
    startsOn: todayIso(),
    endsOn: '',
    accommodations: [],
    other: '',
    details: '',
  }));
  if (pupils.isPending) return <Loading />;
  if (pupils.error) return <ErrorAlert error={pupils.error} />;
  return (
    <form
      className="form discipline-form"
      aria-labelledby="plan-form-title"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(
          {
            pupilId,
            kind,
            startsOn: v.startsOn,
            endsOn: v.endsOn || null,
            accommodations: v.accommodations as Accommodation[],
            otherAccommodation: v.other,
            details: v.details,
          },
          { onSuccess: () => onDone(t('support.saved')) },
        );
      }}
    >
      <h2 id="plan-form-title">{t('support.new')}</h2>
      <PupilSelect pupils={pupils.data} value={pupilId} onChange={setPupilId} label={t('discipline.form.pupil')} />
      <div className="field">
        <label htmlFor="plan-kind">{t('support.kind')}</label>
        <select
          id="plan-kind"
          className="native-select"
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as Kind)}
        >
          {kinds.map((k) => (
            <option key={k} value={k}>
              {t(`support.kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <PlanFields idPrefix="plan" value={v} onChange={setV} />
      {create.error && <ErrorAlert error={create.error} />}
      <Button type="submit" className="button button-primary" isDisabled={create.isPending || !pupilId}>
        {t('support.submit')}
      </Button>
    </form>
  );
}

/** Editing a plan in place (its managers: `abilities.edit`): dates, accommodations, the confidential details. */
export function PlanEditForm({
  schoolId,
  plan,
  onDone,
  onCancel,
}: {
  schoolId: string;
  plan: Plan;
  onDone: (m: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const update = useUpdatePlan(schoolId);
  const [v, setV] = useState<PlanFieldValues>(() => ({
    startsOn: plan.startsOn,
    endsOn: plan.endsOn ?? '',
    accommodations: [...plan.accommodations],
    other: plan.otherAccommodation,
    details: plan.details ?? '',
  }));
  const titleId = `plan-edit-title-${plan.id}`;
  return (
    <form
      className="form discipline-form"
      aria-labelledby={titleId}
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate(
          {
            id: plan.id,
            body: {
              startsOn: v.startsOn,
              endsOn: v.endsOn || null,
              accommodations: v.accommodations as Accommodation[],
              otherAccommodation: v.other,
              ...(plan.details !== null ? { details: v.details } : {}),
            },
          },
          { onSuccess: () => onDone(t('support.updated')) },
        );
      }}
    >
      <h3 id={titleId}>
        {t('support.editTitle', {
          kind: t(`support.kinds.${plan.kind}`),
          name: `${plan.pupil.firstName} ${plan.pupil.lastName}`,
        })}
      </h3>
      <PlanFields idPrefix={`plan-${plan.id}`} value={v} onChange={setV} withDetails={plan.details !== null} />
      {update.error && <ErrorAlert error={update.error} />}
      <p className="actions">
        <Button type="submit" className="button button-primary" isDisabled={update.isPending}>
          {t('support.saveChanges')}
        </Button>
        <Button className="button" onPress={onCancel}>
          {t('common.cancel')}
        </Button>
      </p>
    </form>
  );
}

interface PlanFieldValues {
  startsOn: string;
  endsOn: string;
  accommodations: string[];
  other: string;
  details: string;
}

function PlanFields({
  idPrefix,
  value: v,
  onChange,
  withDetails = true,
}: {
  idPrefix: string;
  value: PlanFieldValues;
  onChange: (v: PlanFieldValues) => void;
  withDetails?: boolean;
}) {
  const { t } = useTranslation();
  const set = (patch: Partial<PlanFieldValues>) => onChange({ ...v, ...patch });
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-start`}>{t('support.startsOn')}</label>
        <input
          id={`${idPrefix}-start`}
          type="date"
          required
          value={v.startsOn}
          onChange={(e) => set({ startsOn: e.currentTarget.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-end`}>{t('support.endsOn')}</label>
        <input
          id={`${idPrefix}-end`}
          type="date"
          value={v.endsOn}
          onChange={(e) => set({ endsOn: e.currentTarget.value })}
        />
      </div>
      <CheckboxGroup
        className="fieldset"
        value={v.accommodations}
        onChange={(accommodations) => set({ accommodations })}
      >
        <Label>{t('support.accommodationsTitle')}</Label>
        <ul className="check-list">
          {ACCOMMODATIONS.map((a) => (
            <li key={a}>
              <Checkbox className="checkbox" value={a}>
                <span className="checkbox-box" aria-hidden="true" />
                {t(`support.accommodations.${a}`)}
              </Checkbox>
            </li>
          ))}
        </ul>
      </CheckboxGroup>
      <div className="field">
        <label htmlFor={`${idPrefix}-other`}>{t('support.other')}</label>
        <input
          id={`${idPrefix}-other`}
          maxLength={300}
          value={v.other}
          onChange={(e) => set({ other: e.currentTarget.value })}
        />
      </div>
      {withDetails && (
        <div className="field">
          <label htmlFor={`${idPrefix}-details`}>{t('support.detailsLabel')}</label>
          <textarea
            id={`${idPrefix}-details`}
            rows={3}
            maxLength={5000}
            value={v.details}
            aria-describedby={`${idPrefix}-details-hint`}
            onChange={(e) => set({ details: e.currentTarget.value })}
          />
          <p id={`${idPrefix}-details-hint`} className="hint">
            {t('support.detailsHint')}
          </p>
        </div>
      )}
    </>
  );
}
