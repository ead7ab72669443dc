import { useState } from 'react';
import { Button, Checkbox, CheckboxGroup, Label } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { PupilSelect } from '../features/discipline/pupil-select.tsx';
import { useCreatePlan, useDeletePlan, useNameablePupils, usePlans } from '../features/discipline/queries.ts';
import { PlanSummary } from '../features/discipline/support-plan-block.tsx';
import { ACCOMMODATIONS, type PLAN_KINDS } from '../features/discipline/types.ts';
import '../features/discipline/discipline.css';
import { ErrorAlert } from '../features/errors.tsx';
import { todayIso } from '../features/timetable/dates.ts';

type Kind = (typeof PLAN_KINDS)[number];
type Accommodation = (typeof ACCOMMODATIONS)[number];

function PlanForm({ schoolId, kinds, onDone }: { schoolId: string; kinds: Kind[]; onDone: (m: string) => void }) {
  const { t } = useTranslation();
  const pupils = useNameablePupils(schoolId);
  const create = useCreatePlan(schoolId);
  const [pupilId, setPupilId] = useState('');
  const [kind, setKind] = useState<Kind>(kinds[0] ?? 'pap');
  const [startsOn, setStartsOn] = useState(todayIso());
  const [endsOn, setEndsOn] = useState('');
  const [accommodations, setAccommodations] = useState<string[]>([]);
  const [other, setOther] = useState('');
  const [details, setDetails] = useState('');
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
            startsOn,
            endsOn: endsOn || null,
            accommodations: accommodations as Accommodation[],
            otherAccommodation: other,
            details,
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
      <div className="field">
        <label htmlFor="plan-start">{t('support.startsOn')}</label>
        <input
          id="plan-start"
          type="date"
          required
          value={startsOn}
          onChange={(e) => setStartsOn(e.currentTarget.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="plan-end">{t('support.endsOn')}</label>
        <input id="plan-end" type="date" value={endsOn} onChange={(e) => setEndsOn(e.currentTarget.value)} />
      </div>
      <CheckboxGroup className="fieldset" value={accommodations} onChange={setAccommodations}>
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
        <label htmlFor="plan-other">{t('support.other')}</label>
        <input id="plan-other" maxLength={300} value={other} onChange={(e) => setOther(e.currentTarget.value)} />
      </div>
      <div className="field">
        <label htmlFor="plan-details">{t('support.detailsLabel')}</label>
        <textarea
          id="plan-details"
          rows={3}
          maxLength={5000}
          value={details}
          aria-describedby="plan-details-hint"
          onChange={(e) => setDetails(e.currentTarget.value)}
        />
        <p id="plan-details-hint" className="hint">
          {t('support.detailsHint')}
        </p>
      </div>
      {create.error && <ErrorAlert error={create.error} />}
      <Button type="submit" className="button button-primary" isDisabled={create.isPending || !pupilId}>
        {t('support.submit')}
      </Button>
    </form>
  );
}

/** "Plans d'accompagnement": PAP, PPS, PAI, PPRE of the school (or of the professeur principal's class). */
export default function SupportPlansPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const schoolId = currentSchool(me)?.id ?? '';
  const q = usePlans(schoolId);
  const remove = useDeletePlan(schoolId);
  const [adding, setAdding] = useState(false);
  const [message, setMessage] = useState('');
  const kinds = q.data?.manageableKinds ?? [];
  return (
    <div className="page">
      <PageTitle>{t('support.title')}</PageTitle>
      <p className="hint">{t('support.intro')}</p>
      {kinds.length > 0 && (
        <p className="actions">
          <Button
            className="button button-primary"
            aria-expanded={adding}
            onPress={() => {
              setMessage('');
              setAdding((a) => !a);
            }}
          >
            {t('support.new')}
          </Button>
        </p>
      )}
      <p role="status" className="status-line">
        {message}
      </p>
      {adding && (
        <PlanForm
          schoolId={schoolId}
          kinds={kinds}
          onDone={(m) => {
            setAdding(false);
            setMessage(m);
          }}
        />
      )}
      {remove.error && <ErrorAlert error={remove.error} />}
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorAlert error={q.error} />
      ) : q.data.items.length === 0 ? (
        <p className="hint">{t('support.none')}</p>
      ) : (
        <ul className="discipline-list">
          {q.data.items.map((p) => (
            <li key={p.id}>
              <PlanSummary plan={p} withPupil />
              {p.abilities.edit && (
                <Button
                  className="button"
                  isDisabled={remove.isPending}
                  aria-label={t('support.deleteFor', {
                    kind: t(`support.kinds.${p.kind}`),
                    name: `${p.pupil.firstName} ${p.pupil.lastName}`,
                  })}
                  onPress={() => remove.mutate(p.id, { onSuccess: () => setMessage(t('support.deleted')) })}
                >
                  {t('support.delete')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
