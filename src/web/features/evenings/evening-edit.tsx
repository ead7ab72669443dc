import { type FormEvent, useId, useMemo, useState } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Modal } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { ErrorAlert } from '../errors.tsx';
import { EveningTeachersForm } from './evening-teachers.tsx';
import {
  type EveningDetail,
  type EveningPatch,
  useDeleteEvening,
  useEveningOptions,
  useUpdateEvening,
} from './queries.ts';

const SLOT_LENGTHS = [5, 10, 15, 20, 30];

/**
 * Direction's « Modifier » and « Supprimer » on an opened evening. The server refuses changes that would leave
 * families' choices or meetings without a place (EVENING_HAS_REQUESTS, EVENING_HAS_SCHEDULE: shown translated);
 * deleting asks for confirmation, then the families are told by the server.
 */
export function EveningEditActions({ evening: e, schoolId }: { evening: EveningDetail; schoolId: string }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<'evening' | 'teachers' | null>(null);
  const options = useEveningOptions(schoolId);
  const remove = useDeleteEvening(e.id);
  const [, navigate] = useLocation();
  return (
    <div className="evening-edit no-print">
      <div className="actions">
        <Button
          className="button"
          onPress={() => setEditing((v) => (v === 'evening' ? null : 'evening'))}
          aria-expanded={editing === 'evening'}
        >
          {t('evenings.edit.open')}
        </Button>
        <Button
          className="button"
          onPress={() => setEditing((v) => (v === 'teachers' ? null : 'teachers'))}
          aria-expanded={editing === 'teachers'}
        >
          {t('evenings.edit.teachers')}
        </Button>
        <DialogTrigger>
          <Button className="button button-danger">{t('evenings.edit.delete')}</Button>
          <Modal className="modal" isDismissable>
            <Dialog className="dialog" role="alertdialog">
              {({ close }) => (
                <>
                  <Heading slot="title">{t('evenings.edit.deleteTitle', { title: e.title })}</Heading>
                  <p>{t('evenings.edit.deleteText')}</p>
                  <ErrorAlert error={remove.error} />
                  <div className="actions">
                    <Button
                      className="button button-danger"
                      isDisabled={remove.isPending}
                      onPress={() =>
                        remove.mutate(undefined, {
                          onSuccess: () => {
                            close();
                            navigate('/reunions');
                          },
                        })
                      }
                    >
                      {t('evenings.edit.deleteConfirm')}
                    </Button>
                    <Button className="button" onPress={close}>
                      {t('common.cancel')}
                    </Button>
                  </div>
                </>
              )}
            </Dialog>
          </Modal>
        </DialogTrigger>
      </div>
      {editing === 'evening' && <EditForm evening={e} schoolId={schoolId} onDone={() => setEditing(null)} />}
      {editing === 'teachers' && options.error && <ErrorAlert error={options.error} />}
      {editing === 'teachers' && options.data && (
        <EveningTeachersForm evening={e} options={options.data} onDone={() => setEditing(null)} />
      )}
    </div>
  );
}

function EditForm({ evening: e, schoolId, onDone }: { evening: EveningDetail; schoolId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const ids = useId();
  const options = useEveningOptions(schoolId);
  const update = useUpdateEvening(e.id);
  const [title, setTitle] = useState(e.title);
  const [date, setDate] = useState(e.date);
  const [startsAt, setStartsAt] = useState(e.startsAt);
  const [endsAt, setEndsAt] = useState(e.endsAt);
  const [slotMinutes, setSlotMinutes] = useState(e.slotMinutes);
  const [requestsFrom, setRequestsFrom] = useState(e.requestsFrom ?? '');
  const [requestsUntil, setRequestsUntil] = useState(e.requestsUntil ?? '');
  const [classIds, setClassIds] = useState<Set<string>>(new Set(e.classes.map((c) => c.id)));
  const levels = useMemo(() => {
    const byLevel = new Map<string, Array<{ id: string; code: string }>>();
    for (const c of options.data?.classes ?? []) byLevel.set(c.level, [...(byLevel.get(c.level) ?? []), c]);
    return [...byLevel];
  }, [options.data]);
  const toggle = (id: string, on: boolean) => {
    const next = new Set(classIds);
    if (on) next.add(id);
    else next.delete(id);
    setClassIds(next);
  };
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const body: EveningPatch = {
      title,
      date,
      startsAt,
      endsAt,
      slotMinutes,
      classIds: [...classIds],
      requestsFrom: requestsFrom || null,
      requestsUntil: requestsUntil || null,
    };
    update.mutate(body, { onSuccess: onDone });
  };
  return (
    <form className="form evening-form" onSubmit={submit} aria-labelledby={`${ids}-legend`}>
      <h3 id={`${ids}-legend`}>{t('evenings.edit.title')}</h3>
      <p className="muted">{t('evenings.edit.help')}</p>
      <div className="field">
        <label htmlFor={`${ids}-title`}>{t('evenings.form.name')}</label>
        <input
          id={`${ids}-title`}
          className="input"
          required
          maxLength={120}
          value={title}
          onChange={(x) => setTitle(x.currentTarget.value)}
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
            value={date}
            onChange={(x) => setDate(x.currentTarget.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-from`}>{t('evenings.form.startsAt')}</label>
          <input
            id={`${ids}-from`}
            type="time"
            className="input"
            required
            value={startsAt}
            onChange={(x) => setStartsAt(x.currentTarget.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-to`}>{t('evenings.form.endsAt')}</label>
          <input
            id={`${ids}-to`}
            type="time"
            className="input"
            required
            value={endsAt}
            onChange={(x) => setEndsAt(x.currentTarget.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-slot`}>{t('evenings.form.slotMinutes')}</label>
          <select
            id={`${ids}-slot`}
            className="native-select"
            value={slotMinutes}
            onChange={(x) => setSlotMinutes(Number(x.currentTarget.value))}
          >
            {[...new Set([...SLOT_LENGTHS, e.slotMinutes])]
              .sort((a, b) => a - b)
              .map((m) => (
                <option key={m} value={m}>
                  {t('evenings.form.minutes', { n: m })}
                </option>
              ))}
          </select>
        </div>
      </div>
      <fieldset className="evening-form-classes">
        <legend>{t('evenings.form.classes')}</legend>
        {options.error && <ErrorAlert error={options.error} />}
        {levels.map(([level, list]) => (
          <div key={level} className="evening-form-level">
            <ul className="evening-form-checks">
              {list.map((c) => (
                <li key={c.id}>
                  <label className="native-checkbox">
                    <input
                      type="checkbox"
                      checked={classIds.has(c.id)}
                      onChange={(x) => toggle(c.id, x.currentTarget.checked)}
                    />{' '}
                    {c.code}
                  </label>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </fieldset>
      <fieldset className="evening-form-row">
        <legend>{t('evenings.form.window')}</legend>
        <div className="field">
          <label htmlFor={`${ids}-rf`}>{t('evenings.form.requestsFrom')}</label>
          <input
            id={`${ids}-rf`}
            type="date"
            className="input"
            value={requestsFrom}
            onChange={(x) => setRequestsFrom(x.currentTarget.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-ru`}>{t('evenings.form.requestsUntil')}</label>
          <input
            id={`${ids}-ru`}
            type="date"
            className="input"
            value={requestsUntil}
            max={date || undefined}
            onChange={(x) => setRequestsUntil(x.currentTarget.value)}
          />
        </div>
      </fieldset>
      <ErrorAlert error={update.error} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={update.isPending || classIds.size === 0}>
          {t('evenings.edit.save')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
