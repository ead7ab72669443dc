import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Checkbox, Dialog, DialogTrigger, Form, Heading, Modal } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import type {
  AdminClass,
  AdminClassList,
  AdminGroupList,
  ClassCreateBody,
  GroupCreateBody,
  PeriodCreateBody,
  PeriodList,
  SiteCreateBody,
  SiteList,
} from '../../api/types.ts';
import { formatDate } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { lettersUrl, useAdminList, useAdminWrite } from './admin-api.ts';
import { downloadPdf } from './download.ts';
import { Choice, Field } from './fields.tsx';

const LEVELS = ['6e', '5e', '4e', '3e'] as const;
const GROUP_KINDS = ['language', 'option', 'cham', 'chas', 'ulis', 'other'] as const;

const str = (data: FormData, k: string) => String(data.get(k) ?? '').trim();

/** Renames a row in place: a small form behind a button, so that lists stay readable. */
function RenameForm({
  label,
  value,
  onSave,
}: {
  label: string;
  value: string;
  onSave: (v: string) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!open) {
    return (
      <Button className="link-button" onPress={() => setOpen(true)}>
        {t('admin.rename')}
        <span className="visually-hidden"> {value}</span>
      </Button>
    );
  }
  return (
    <Form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        const v = str(new FormData(e.currentTarget), 'value');
        onSave(v)
          .then(() => setOpen(false))
          .catch(setError);
      }}
    >
      <ErrorAlert error={error} />
      <Field label={label} name="value" defaultValue={value} />
      <div className="actions">
        <Button type="submit" className="button button-primary">
          {t('common.save')}
        </Button>
        <Button className="button" onPress={() => setOpen(false)}>
          {t('common.cancel')}
        </Button>
      </div>
    </Form>
  );
}

export function SitesPanel({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const sites = useAdminList<SiteList>(schoolId, 'sites');
  const write = useAdminWrite<Partial<SiteCreateBody>>(schoolId, 'sites');
  return (
    <>
      <ErrorAlert error={sites.error ?? write.error} />
      <ul className="result-list">
        {sites.data?.items.map((s) => (
          <li key={s.id}>
            <strong>{s.name}</strong> <span className="muted">{s.address}</span>{' '}
            <RenameForm
              label={t('admin.siteName')}
              value={s.name}
              onSave={(name) => write.mutateAsync({ method: 'PATCH', path: `sites/${s.id}`, body: { name } })}
            />
          </li>
        ))}
      </ul>
      <h3>{t('admin.newSite')}</h3>
      <Form
        className="form compact"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const d = new FormData(form);
          write.mutate(
            { method: 'POST', path: 'sites', body: { name: str(d, 'name'), address: str(d, 'address') } },
            { onSuccess: () => form.reset() },
          );
        }}
      >
        <Field label={t('admin.siteName')} name="name" />
        <Field label={t('admin.address')} name="address" />
        <Button type="submit" className="button button-primary" isDisabled={write.isPending}>
          {t('admin.addSite')}
        </Button>
      </Form>
    </>
  );
}

/**
 * The activation letters of a class: by default only for accounts not activated and without a valid
 * code, so that letters already handed out keep working; re-issuing every pending code is asked for.
 */
function LettersButton({ schoolId, klass }: { schoolId: string; klass: AdminClass }) {
  const { t } = useTranslation();
  const [reissue, setReissue] = useState(false);
  const qc = useQueryClient();
  const print = useMutation({
    mutationFn: (mode: 'missing' | 'pending') =>
      downloadPdf('GET', `${lettersUrl(schoolId, klass.id)}?reissue=${mode}`, `lettres-activation-${klass.code}.pdf`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', schoolId] }),
  });
  const nothing =
    print.error instanceof ApiError &&
    (print.error.details as { reason?: string } | undefined)?.reason === 'NOTHING_TO_ISSUE';
  return (
    <>
      <DialogTrigger>
        <Button className="button">{t('admin.downloadLetters', { label: klass.label })}</Button>
        <Modal className="modal" isDismissable>
          <Dialog className="dialog">
            {({ close }) => (
              <>
                <Heading slot="title">{t('admin.lettersConfirmTitle', { label: klass.label })}</Heading>
                <p>{t('admin.lettersIntro')}</p>
                <Checkbox className="checkbox" isSelected={reissue} onChange={setReissue}>
                  <span className="checkbox-box" aria-hidden="true" />
                  {t('admin.lettersReissue')}
                </Checkbox>
                {reissue && <p className="alert alert-warning">{t('admin.lettersReissueWarning')}</p>}
                <div className="actions">
                  <Button
                    className="button button-primary"
                    onPress={() => {
                      print.mutate(reissue ? 'pending' : 'missing');
                      close();
                    }}
                  >
                    {t('admin.lettersConfirm')}
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
      {nothing ? (
        <p className="alert alert-info" role="status">
          {t('admin.lettersNothing')}
        </p>
      ) : (
        <ErrorAlert error={print.error} />
      )}
    </>
  );
}

export function ClassesPanel({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const classes = useAdminList<AdminClassList>(schoolId, 'classes');
  const sites = useAdminList<SiteList>(schoolId, 'sites');
  const write = useAdminWrite<Partial<ClassCreateBody>>(schoolId, 'classes');
  const siteName = (id: string | null) => sites.data?.items.find((s) => s.id === id)?.name ?? t('common.none');
  return (
    <>
      <p>{t('admin.lettersIntro')}</p>
      <ErrorAlert error={classes.error ?? write.error} />
      <table className="table">
        <caption className="visually-hidden">{t('admin.classesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('pupil.class')}</th>
            <th scope="col">{t('admin.level')}</th>
            <th scope="col">{t('pupil.site')}</th>
            <th scope="col">{t('admin.pupils')}</th>
            <th scope="col">{t('admin.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {classes.data?.items.map((c) => (
            <tr key={c.id}>
              <th scope="row">{c.label}</th>
              <td data-label={t('admin.level')}>{c.level}</td>
              <td data-label={t('pupil.site')}>{siteName(c.siteId)}</td>
              <td data-label={t('admin.pupils')}>{c.pupilCount}</td>
              <td>
                <LettersButton schoolId={schoolId} klass={c} />
                <RenameForm
                  label={t('admin.classLabel')}
                  value={c.label}
                  onSave={(label) => write.mutateAsync({ method: 'PATCH', path: `classes/${c.id}`, body: { label } })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('admin.newClass')}</h3>
      <Form
        className="form compact"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const d = new FormData(form);
          const siteId = str(d, 'siteId');
          write.mutate(
            {
              method: 'POST',
              path: 'classes',
              body: {
                code: str(d, 'code'),
                label: str(d, 'label'),
                level: str(d, 'level') as ClassCreateBody['level'],
                siteId: siteId === 'none' ? null : siteId,
              },
            },
            { onSuccess: () => form.reset() },
          );
        }}
      >
        <Field label={t('admin.classCode')} name="code" />
        <Field label={t('admin.classLabel')} name="label" />
        <Choice label={t('admin.level')} name="level" options={LEVELS.map((l) => ({ id: l, label: l }))} />
        <Choice
          label={t('pupil.site')}
          name="siteId"
          options={[
            { id: 'none', label: t('common.none') },
            ...(sites.data?.items ?? []).map((s) => ({ id: s.id, label: s.name })),
          ]}
          defaultValue={sites.data?.items[0]?.id ?? 'none'}
        />
        <Button type="submit" className="button button-primary" isDisabled={write.isPending}>
          {t('admin.addClass')}
        </Button>
      </Form>
    </>
  );
}

export function GroupsPanel({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const groups = useAdminList<AdminGroupList>(schoolId, 'groups');
  const write = useAdminWrite<Partial<GroupCreateBody>>(schoolId, 'groups');
  return (
    <>
      <ErrorAlert error={groups.error ?? write.error} />
      {groups.data?.items.length === 0 && <p>{t('admin.noGroups')}</p>}
      <ul className="result-list">
        {groups.data?.items.map((g) => (
          <li key={g.id}>
            <strong>{g.label}</strong>{' '}
            <span className="muted">
              {t(`admin.groupKinds.${g.kind}`)} · {t('admin.members', { count: g.memberCount })}
            </span>{' '}
            <RenameForm
              label={t('admin.groupLabel')}
              value={g.label}
              onSave={(label) => write.mutateAsync({ method: 'PATCH', path: `groups/${g.id}`, body: { label } })}
            />
          </li>
        ))}
      </ul>
      <h3>{t('admin.newGroup')}</h3>
      <Form
        className="form compact"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const d = new FormData(form);
          write.mutate(
            {
              method: 'POST',
              path: 'groups',
              body: { code: str(d, 'code'), label: str(d, 'label'), kind: str(d, 'kind') as GroupCreateBody['kind'] },
            },
            { onSuccess: () => form.reset() },
          );
        }}
      >
        <Field label={t('admin.groupCode')} name="code" />
        <Field label={t('admin.groupLabel')} name="label" />
        <Choice
          label={t('admin.groupKind')}
          name="kind"
          options={GROUP_KINDS.map((k) => ({ id: k, label: t(`admin.groupKinds.${k}`) }))}
        />
        <Button type="submit" className="button button-primary" isDisabled={write.isPending}>
          {t('admin.addGroup')}
        </Button>
      </Form>
    </>
  );
}

export function PeriodsPanel({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const periods = useAdminList<PeriodList>(schoolId, 'periods');
  const write = useAdminWrite<Partial<PeriodCreateBody>>(schoolId, 'periods');
  return (
    <>
      {periods.data && <p>{t('admin.schoolYear', { label: periods.data.schoolYear.label })}</p>}
      <ErrorAlert error={periods.error ?? write.error} />
      {periods.data?.items.length === 0 && <p>{t('admin.noPeriods')}</p>}
      <ul className="result-list">
        {periods.data?.items.map((p) => (
          <li key={p.id}>
            <strong>{p.label}</strong>{' '}
            <span className="muted">
              {t('admin.fromTo', { from: formatDate(p.startsOn), to: formatDate(p.endsOn) })}
            </span>
          </li>
        ))}
      </ul>
      <h3>{t('admin.newPeriod')}</h3>
      <Form
        className="form compact"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const d = new FormData(form);
          write.mutate(
            {
              method: 'POST',
              path: 'periods',
              body: {
                kind: str(d, 'kind') as PeriodCreateBody['kind'],
                number: Number(str(d, 'number')),
                startsOn: str(d, 'startsOn'),
                endsOn: str(d, 'endsOn'),
              },
            },
            { onSuccess: () => form.reset() },
          );
        }}
      >
        <Choice
          label={t('admin.periodKind')}
          name="kind"
          options={[
            { id: 'trimestre', label: t('admin.trimestre') },
            { id: 'semestre', label: t('admin.semestre') },
          ]}
        />
        <Choice
          label={t('admin.periodNumber')}
          name="number"
          options={['1', '2', '3'].map((n) => ({ id: n, label: n }))}
        />
        <Field label={t('admin.startsOn')} name="startsOn" type="date" />
        <Field label={t('admin.endsOn')} name="endsOn" type="date" />
        <Button type="submit" className="button button-primary" isDisabled={write.isPending}>
          {t('admin.addPeriod')}
        </Button>
      </Form>
    </>
  );
}
