import { type FormEvent, useId, useMemo, useState } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Modal } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { ErrorAlert } from '../errors.tsx';
import { EveningBasicFields, type EveningBasics, type EveningWindow, EveningWindowFields } from './evening-fields.tsx';
import { EveningTeachersForm } from './evening-teachers.tsx';
import {
  type EveningDetail,
  type EveningPatch,
  useDeleteEvening,
  useEveningOptions,
  useUpdateEvening,
} from './queries.ts';

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
  const [basics, setBasics] = useState<EveningBasics>({
    title: e.title,
    date: e.date,
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    slotMinutes: e.slotMinutes,
  });
  const [requestWindow, setRequestWindow] = useState<EveningWindow>({
    requestsFrom: e.requestsFrom ?? '',
    requestsUntil: e.requestsUntil ?? '',
  });
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
      ...basics,
      classIds: [...classIds],
      requestsFrom: requestWindow.requestsFrom || null,
      requestsUntil: requestWindow.requestsUntil || null,
    };
    update.mutate(body, { onSuccess: onDone });
  };
  return (
    <form className="form evening-form" onSubmit={submit} aria-labelledby={`${ids}-legend`}>
      <h3 id={`${ids}-legend`}>{t('evenings.edit.title')}</h3>
      <p className="muted">{t('evenings.edit.help')}</p>
      <EveningBasicFields ids={ids} value={basics} onChange={setBasics} keepSlot={e.slotMinutes} />
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
      <EveningWindowFields ids={ids} value={requestWindow} onChange={setRequestWindow} date={basics.date} />
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
