import { type FormEvent, useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { ErrorAlert } from '../errors.tsx';
import { todayIso } from '../timetable/dates.ts';
import { useWeek } from '../timetable/queries.ts';
import { useCreateEvent, useCreateExemption, useReasons } from './queries.ts';
import type { Half } from './types.ts';

function HalfField({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: Half;
  onChange: (v: Half) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="native-select" value={value} onChange={(e) => onChange(e.currentTarget.value as Half)}>
        <option value="am">{t('attendance.form.half.am')}</option>
        <option value="pm">{t('attendance.form.half.pm')}</option>
      </select>
    </div>
  );
}

/** An absence a family announced by phone, recorded by vie scolaire with its motif (POST /api/attendance/events). */
export function PhonedAbsenceForm({ schoolId, pupilId, name }: { schoolId: string; pupilId: string; name: string }) {
  const { t } = useTranslation();
  const ids = useId();
  const reasons = useReasons(schoolId, true);
  const create = useCreateEvent(pupilId);
  const today = todayIso();
  const [from, setFrom] = useState(today);
  const [fromHalf, setFromHalf] = useState<Half>('am');
  const [to, setTo] = useState(today);
  const [toHalf, setToHalf] = useState<Half>('pm');
  const [reasonId, setReasonId] = useState('');
  const [comment, setComment] = useState('');
  const [done, setDone] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone('');
    create.mutate(
      {
        kind: 'absence',
        pupilId,
        from,
        fromHalf,
        to,
        toHalf,
        ...(reasonId ? { reasonId } : {}),
        comment: comment.trim(),
      },
      {
        onSuccess: () => {
          setDone(t('staffDay.entry.absenceSaved', { name }));
          setComment('');
        },
      },
    );
  };
  return (
    <section className="section" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('staffDay.entry.absenceTitle')}</h2>
      <p className="hint">{t('staffDay.entry.absenceHint')}</p>
      <form className="form card" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${ids}-from`}>{t('attendance.form.from')}</label>
          <input
            id={`${ids}-from`}
            type="date"
            required
            value={from}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setFrom(v);
              if (v && to < v) setTo(v);
            }}
          />
        </div>
        <HalfField
          id={`${ids}-from-half`}
          label={t('attendance.form.fromHalf')}
          value={fromHalf}
          onChange={setFromHalf}
        />
        <div className="field">
          <label htmlFor={`${ids}-to`}>{t('attendance.form.to')}</label>
          <input
            id={`${ids}-to`}
            type="date"
            required
            min={from}
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
          />
        </div>
        <HalfField id={`${ids}-to-half`} label={t('attendance.form.toHalf')} value={toHalf} onChange={setToHalf} />
        <div className="field">
          <label htmlFor={`${ids}-reason`}>{t('attendance.form.reason')}</label>
          <select
            id={`${ids}-reason`}
            className="native-select"
            value={reasonId}
            onChange={(e) => setReasonId(e.currentTarget.value)}
          >
            <option value="">{t('staffDay.entry.noReason')}</option>
            {(reasons.data ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
        <CommentField id={`${ids}-comment`} value={comment} onChange={setComment} />
        <ErrorAlert error={create.error} />
        <p role="status" className={done ? 'alert alert-success' : 'status-line'}>
          {done}
          {done && (
            <>
              {' '}
              <Link href={`/absences/${encodeURIComponent(pupilId)}`}>{t('staffDay.entry.seeRecord')}</Link>
            </>
          )}
        </p>
        <div className="actions">
          <Button type="submit" className="button button-primary" isDisabled={create.isPending}>
            {t('staffDay.entry.saveAbsence')}
          </Button>
        </div>
      </form>
    </section>
  );
}

/** A dispense: from one subject (the pupil's subjects this week) or from every lesson, over dates. */
export function DispenseForm({ pupilId, name }: { pupilId: string; name: string }) {
  const { t } = useTranslation();
  const ids = useId();
  const today = todayIso();
  const week = useWeek({ kind: 'pupils', id: pupilId }, today);
  const subjects = [
    ...new Map((week.data?.sessions ?? []).map((s) => [s.subject.id, s.subject.label] as const)).entries(),
  ].sort((a, b) => a[1].localeCompare(b[1], 'fr'));
  const create = useCreateExemption(pupilId);
  const [subjectId, setSubjectId] = useState('');
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [presence, setPresence] = useState(false);
  const [comment, setComment] = useState('');
  const [done, setDone] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone('');
    create.mutate(
      { pupilId, subjectId: subjectId || null, from, to, presenceRequired: presence, comment: comment.trim() },
      {
        onSuccess: () => {
          setDone(t('staffDay.entry.dispenseSaved', { name }));
          setComment('');
        },
      },
    );
  };
  return (
    <section className="section" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('staffDay.entry.dispenseTitle')}</h2>
      <form className="form card" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${ids}-subject`}>{t('staffDay.entry.subject')}</label>
          <select
            id={`${ids}-subject`}
            className="native-select"
            value={subjectId}
            onChange={(e) => setSubjectId(e.currentTarget.value)}
          >
            <option value="">{t('staffDay.entry.allSubjects')}</option>
            {subjects.map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-from`}>{t('staffDay.entry.dispenseFrom')}</label>
          <input
            id={`${ids}-from`}
            type="date"
            required
            value={from}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setFrom(v);
              if (v && to < v) setTo(v);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-to`}>{t('staffDay.entry.dispenseTo')}</label>
          <input
            id={`${ids}-to`}
            type="date"
            required
            min={from}
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
          />
        </div>
        <label className="native-checkbox">
          <input type="checkbox" checked={presence} onChange={(e) => setPresence(e.currentTarget.checked)} />
          {t('staffDay.entry.presenceRequired')}
        </label>
        <CommentField id={`${ids}-comment`} value={comment} onChange={setComment} />
        <ErrorAlert error={create.error} />
        <p role="status" className={done ? 'alert alert-success' : 'status-line'}>
          {done}
        </p>
        <div className="actions">
          <Button type="submit" className="button button-primary" isDisabled={create.isPending}>
            {t('staffDay.entry.saveDispense')}
          </Button>
        </div>
      </form>
    </section>
  );
}

/** The comment of an entry (an absence, a dispense): the same field in both forms. */
function CommentField(props: { id: string; value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={props.id}>{t('attendance.form.comment')}</label>
      <textarea
        id={props.id}
        rows={2}
        maxLength={2000}
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      />
    </div>
  );
}
