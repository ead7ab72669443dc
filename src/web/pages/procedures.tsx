import { useState } from 'react';
import { Button, Checkbox } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { PupilSelect } from '../features/discipline/pupil-select.tsx';
import {
  letterUrl,
  useCloseProcedure,
  useNameablePupils,
  useOpenProcedure,
  useProcedures,
  usePronounce,
} from '../features/discipline/queries.ts';
import { type Procedure, SANCTIONS } from '../features/discipline/types.ts';
import '../features/discipline/discipline.css';
import { ErrorAlert } from '../features/errors.tsx';
import { formatDate, formatDateTime } from '../i18n/index.ts';

type Sanction = (typeof SANCTIONS)[number];

function OpenForm({ schoolId, onDone }: { schoolId: string; onDone: (m: string) => void }) {
  const { t } = useTranslation();
  const pupils = useNameablePupils(schoolId);
  const open = useOpenProcedure(schoolId);
  const [pupilId, setPupilId] = useState('');
  const [facts, setFacts] = useState('');
  const [days, setDays] = useState('2');
  if (pupils.isPending) return <Loading />;
  if (pupils.error) return <ErrorAlert error={pupils.error} />;
  return (
    <form
      className="form discipline-form"
      aria-labelledby="procedure-form-title"
      onSubmit={(e) => {
        e.preventDefault();
        open.mutate(
          { pupilId, facts, defenceDays: Math.max(2, Number.parseInt(days, 10) || 2) },
          { onSuccess: () => onDone(t('discipline.procedure.opened')) },
        );
      }}
    >
      <h2 id="procedure-form-title">{t('discipline.procedure.new')}</h2>
      <PupilSelect pupils={pupils.data} value={pupilId} onChange={setPupilId} label={t('discipline.form.pupil')} />
      <div className="field">
        <label htmlFor="procedure-facts">{t('discipline.procedure.facts')}</label>
        <textarea
          id="procedure-facts"
          required
          rows={4}
          maxLength={5000}
          value={facts}
          onChange={(e) => setFacts(e.currentTarget.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="procedure-days">{t('discipline.procedure.days')}</label>
        <input
          id="procedure-days"
          type="number"
          inputMode="numeric"
          min={2}
          max={15}
          value={days}
          aria-describedby="procedure-days-hint"
          onChange={(e) => setDays(e.currentTarget.value)}
        />
        <p id="procedure-days-hint" className="hint">
          {t('discipline.procedure.daysHint')}
        </p>
      </div>
      {open.error && <ErrorAlert error={open.error} />}
      <Button type="submit" className="button button-primary" isDisabled={open.isPending || !pupilId}>
        {t('discipline.procedure.submit')}
      </Button>
    </form>
  );
}

function PronounceForm({ schoolId, p, onDone }: { schoolId: string; p: Procedure; onDone: (m: string) => void }) {
  const { t } = useTranslation();
  const pronounce = usePronounce(schoolId);
  const close = useCloseProcedure(schoolId);
  const [sanction, setSanction] = useState<Sanction>('avertissement');
  const [sursis, setSursis] = useState(false);
  const [duration, setDuration] = useState('1');
  const [reasons, setReasons] = useState('');
  const sursisAllowed = !['avertissement', 'blame'].includes(sanction);
  const hasDuration = sanction.startsWith('exclusion') || sanction === 'mesure_responsabilisation';
  const id = `pronounce-${p.id}`;
  const delay = pronounce.error instanceof ApiError && pronounce.error.code === 'DEFENCE_DELAY_RUNNING';
  return (
    <form
      className="form discipline-form"
      aria-label={t('discipline.procedure.pronounceFor', { name: `${p.pupil.firstName} ${p.pupil.lastName}` })}
      onSubmit={(e) => {
        e.preventDefault();
        pronounce.mutate(
          {
            id: p.id,
            body: {
              sanction,
              sursis: sursisAllowed && sursis,
              reasons,
              ...(hasDuration ? { duration: Number.parseInt(duration, 10) || 1 } : {}),
            },
          },
          { onSuccess: () => onDone(t('discipline.procedure.pronounced')) },
        );
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-sanction`}>{t('discipline.procedure.sanction')}</label>
        <select
          id={`${id}-sanction`}
          className="native-select"
          value={sanction}
          onChange={(e) => setSanction(e.currentTarget.value as Sanction)}
        >
          {SANCTIONS.map((s) => (
            <option key={s} value={s}>
              {t(`discipline.sanctions.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {hasDuration && (
        <div className="field">
          <label htmlFor={`${id}-duration`}>
            {sanction === 'mesure_responsabilisation'
              ? t('discipline.procedure.hours')
              : t('discipline.procedure.exclusionDays')}
          </label>
          <input
            id={`${id}-duration`}
            type="number"
            inputMode="numeric"
            min={1}
            max={sanction === 'mesure_responsabilisation' ? 20 : 8}
            value={duration}
            onChange={(e) => setDuration(e.currentTarget.value)}
          />
        </div>
      )}
      {sursisAllowed && (
        <Checkbox className="checkbox" isSelected={sursis} onChange={setSursis}>
          <span className="checkbox-box" aria-hidden="true" />
          {t('discipline.sanctions.sursis')}
        </Checkbox>
      )}
      <div className="field">
        <label htmlFor={`${id}-reasons`}>{t('discipline.procedure.reasons')}</label>
        <textarea
          id={`${id}-reasons`}
          required
          rows={3}
          maxLength={5000}
          value={reasons}
          onChange={(e) => setReasons(e.currentTarget.value)}
        />
      </div>
      {delay ? (
        <p className="alert alert-error" role="alert">
          {t('errors.DEFENCE_DELAY_RUNNING')}
        </p>
      ) : (
        pronounce.error && <ErrorAlert error={pronounce.error} />
      )}
      {close.error && <ErrorAlert error={close.error} />}
      <div className="toolbar">
        <Button type="submit" className="button button-primary" isDisabled={pronounce.isPending}>
          {t('discipline.procedure.pronounce')}
        </Button>
        <Button
          className="button"
          isDisabled={close.isPending}
          onPress={() => close.mutate(p.id, { onSuccess: () => onDone(t('discipline.procedure.closedDone')) })}
        >
          {t('discipline.procedure.close')}
        </Button>
      </div>
    </form>
  );
}

/** "Procédures disciplinaires": open one (the principal), follow the defence delay, pronounce, the letters. */
export default function ProceduresPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const school = currentSchool(me);
  const schoolId = school?.id ?? '';
  const isPrincipal = school?.functions.includes('principal') ?? false;
  const q = useProcedures(schoolId);
  const [opening, setOpening] = useState(false);
  const [message, setMessage] = useState('');
  const done = (m: string) => {
    setOpening(false);
    setMessage(m);
  };
  return (
    <div className="page">
      <PageTitle>{t('discipline.procedure.title')}</PageTitle>
      <p className="hint">{t('discipline.procedure.intro')}</p>
      {isPrincipal && (
        <p className="actions">
          <Button
            className="button button-primary"
            aria-expanded={opening}
            onPress={() => {
              setMessage('');
              setOpening((o) => !o);
            }}
          >
            {t('discipline.procedure.new')}
          </Button>
        </p>
      )}
      <p role="status" className="status-line">
        {message}
      </p>
      {opening && <OpenForm schoolId={schoolId} onDone={done} />}
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorAlert error={q.error} />
      ) : q.data.items.length === 0 ? (
        <p className="hint">{t('discipline.procedure.none')}</p>
      ) : (
        <ul className="discipline-list">
          {q.data.items.map((p) => (
            <li key={p.id}>
              <h2>
                <bdi>
                  {p.pupil.lastName} {p.pupil.firstName}
                </bdi>
                {p.pupil.className ? ` (${p.pupil.className})` : ''} — {t(`discipline.procedure.status.${p.status}`)}
              </h2>
              <p>{p.facts}</p>
              <p className="discipline-meta">
                {t('discipline.procedure.openedOn', { date: formatDateTime(p.openedAt) })}{' '}
                {t('discipline.procedure.defenceUntil', { at: formatDateTime(p.defenceEndsAt) })}
              </p>
              <p className="actions">
                <a href={letterUrl(schoolId, p.id, 'opening')} download>
                  {t('discipline.procedure.openingLetter')}
                </a>
                {p.status === 'pronounced' && (
                  <a href={letterUrl(schoolId, p.id, 'sanction')} download>
                    {t('discipline.procedure.sanctionLetter')}
                  </a>
                )}
              </p>
              {p.status === 'pronounced' && p.sanction && (
                <p>
                  <strong>
                    {t(`discipline.sanctions.${p.sanction}`)}
                    {p.sursis ? ` — ${t('discipline.sanctions.sursis')}` : ''}
                  </strong>{' '}
                  {p.removalDueOn && t('discipline.block.removal', { date: formatDate(p.removalDueOn) })}
                </p>
              )}
              {p.status === 'open' &&
                (p.abilities.pronounce ? (
                  <PronounceForm schoolId={schoolId} p={p} onDone={done} />
                ) : (
                  p.abilities.close && <p className="alert alert-info">{t('discipline.procedure.waiting')}</p>
                ))}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
