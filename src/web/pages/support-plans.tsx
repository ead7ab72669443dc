import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { PlanEditForm, PlanForm } from '../features/discipline/plan-form.tsx';
import { useDeletePlan, usePlans } from '../features/discipline/queries.ts';
import { PlanSummary } from '../features/discipline/support-plan-block.tsx';
import '../features/discipline/discipline.css';
import { ErrorAlert } from '../features/errors.tsx';

/** "Plans d'accompagnement": PAP, PPS, PAI, PPRE of the school (or of the professeur principal's class). */
export default function SupportPlansPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const schoolId = currentSchool(me)?.id ?? '';
  const q = usePlans(schoolId);
  const remove = useDeletePlan(schoolId);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
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
              {editing === p.id ? (
                <PlanEditForm
                  schoolId={schoolId}
                  plan={p}
                  onCancel={() => setEditing(null)}
                  onDone={(m) => {
                    setEditing(null);
                    setMessage(m);
                  }}
                />
              ) : (
                p.abilities.edit && (
                  <p className="actions">
                    <Button
                      className="button"
                      aria-label={t('support.editFor', {
                        kind: t(`support.kinds.${p.kind}`),
                        name: `${p.pupil.firstName} ${p.pupil.lastName}`,
                      })}
                      onPress={() => {
                        setMessage('');
                        setEditing(p.id);
                      }}
                    >
                      {t('support.edit')}
                    </Button>
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
                  </p>
                )
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
