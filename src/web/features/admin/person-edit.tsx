import { useQueryClient } from '@tanstack/react-query';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { personKey } from '../../api/queries.ts';
import type { AdminClassList, AdminPerson, PersonDetail, PersonUpdateBody } from '../../api/types.ts';
import { ErrorAlert } from '../errors.tsx';
import { useAdminList, useAdminWrite } from './admin-api.ts';
import { Choice, Field } from './fields.tsx';

/** For school administrators: a person's names, and a pupil's class (PATCH .../admin/people/:id). */
export function PersonEdit({ schoolId, person }: { schoolId: string; person: PersonDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const isPupil = person.profiles.includes('pupil');
  const classes = useAdminList<AdminClassList>(schoolId, 'classes');
  const update = useAdminWrite<PersonUpdateBody, AdminPerson>(schoolId, 'people');
  return (
    <section className="section" aria-labelledby="edit-title">
      <h2 id="edit-title">{t('admin.editPerson')}</h2>
      <ErrorAlert error={update.error} />
      {update.isSuccess && (
        <p className="alert alert-success" role="status">
          {t('admin.saved')}
        </p>
      )}
      <Form
        className="form compact"
        onSubmit={(e) => {
          e.preventDefault();
          const d = new FormData(e.currentTarget);
          const body: PersonUpdateBody = {
            firstName: String(d.get('firstName')).trim(),
            lastName: String(d.get('lastName')).trim(),
          };
          if (isPupil) {
            const classId = String(d.get('classId') ?? 'none');
            body.classId = classId === 'none' ? null : classId;
          }
          update.mutate(
            { method: 'PATCH', path: `people/${encodeURIComponent(person.id)}`, body },
            { onSuccess: () => qc.invalidateQueries({ queryKey: personKey(schoolId, person.id) }) },
          );
        }}
      >
        <Field label={t('admin.firstName')} name="firstName" defaultValue={person.firstName} />
        <Field label={t('admin.lastName')} name="lastName" defaultValue={person.lastName} />
        {isPupil && classes.data && (
          <Choice
            label={t('pupil.class')}
            name="classId"
            defaultValue={person.class?.id ?? 'none'}
            options={[
              { id: 'none', label: t('pupil.noClass') },
              ...classes.data.items.map((c) => ({ id: c.id, label: c.label })),
            ]}
          />
        )}
        <Button type="submit" className="button button-primary" isDisabled={update.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </section>
  );
}
