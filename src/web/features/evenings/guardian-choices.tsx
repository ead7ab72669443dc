import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../errors.tsx';
import { type EveningDetail, useSaveRequests } from './queries.ts';

/** A guardian chooses, per child, the teachers to meet (some as priority) and gives arrival and latest times. */
export function GuardianChoices({ evening }: { evening: EveningDetail }) {
  const { t } = useTranslation();
  const g = evening.guardian!;
  const save = useSaveRequests(evening.id);
  const key = (p: string, tch: string) => `${p}|${tch}`;
  const [chosen, setChosen] = useState(() => new Map(g.requests.map((r) => [key(r.pupilId, r.teacherId), r.priority])));
  const [arrivesAt, setArrivesAt] = useState(g.arrivesAt ?? '');
  const [leavesBy, setLeavesBy] = useState(g.leavesBy ?? '');
  const toggle = (k: string, on: boolean, priority = false) => {
    const next = new Map(chosen);
    if (on) next.set(k, priority);
    else next.delete(k);
    setChosen(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      arrivesAt: arrivesAt || null,
      leavesBy: leavesBy || null,
      requests: [...chosen].map(([k, priority]) => {
        const [pupilId, teacherId] = k.split('|') as [string, string];
        return { pupilId, teacherId, priority };
      }),
    });
  };
  return (
    <form onSubmit={submit} className="evening-choices">
      {g.children.map((c) => (
        <fieldset key={c.pupil.id}>
          <legend>{t('evenings.teachersOf', { name: c.pupil.firstName })}</legend>
          {c.teachers.map((tch) => {
            const k = key(c.pupil.id, tch.id);
            return (
              <div key={k} className="evening-choice">
                <label>
                  <input type="checkbox" checked={chosen.has(k)} onChange={(e) => toggle(k, e.target.checked)} />{' '}
                  {tch.firstName} {tch.lastName} ({tch.site.name})
                </label>{' '}
                <label>
                  <input
                    type="checkbox"
                    checked={chosen.get(k) === true}
                    disabled={!chosen.has(k)}
                    onChange={(e) => toggle(k, true, e.target.checked)}
                  />{' '}
                  {t('evenings.priority')}
                </label>
              </div>
            );
          })}
        </fieldset>
      ))}
      <label>
        {t('evenings.arrivesAt')}
        <input type="time" value={arrivesAt} onChange={(e) => setArrivesAt(e.target.value)} />
      </label>
      <label>
        {t('evenings.leavesBy')}
        <input type="time" value={leavesBy} onChange={(e) => setLeavesBy(e.target.value)} />
      </label>
      <button type="submit" disabled={save.isPending}>
        {t('evenings.save')}
      </button>
      {save.isSuccess && <p role="status">{t('evenings.saved')}</p>}
      {save.error && <ErrorAlert error={save.error} />}
    </form>
  );
}
