import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { api } from '../../api/client.ts';
import { hasAbility, personKey, useMe } from '../../api/queries.ts';
import type { AdminClassList, AdminPerson, AdminPersonDetail, PersonUpdateBody } from '../../api/types.ts';
import { Loading } from '../../components/loading.tsx';
import { ErrorAlert } from '../errors.tsx';
import { adminPath, useAdminList, useAdminWrite } from './admin-api.ts';
import { FamilyLinks } from './family-links.tsx';
import { Choice, Field } from './fields.tsx';
import { TwoStepReset } from './two-step-reset.tsx';

export const adminPersonKey = (schoolId: string, personId: string) => ['admin', schoolId, 'person', personId] as const;

export function useAdminPerson(schoolId: string, personId: string) {
  return useQuery({
    queryKey: adminPersonKey(schoolId, personId),
    queryFn: () => api<AdminPersonDetail>('GET', adminPath(schoolId, `people/${encodeURIComponent(personId)}`)),
  });
}

const optional = (d: FormData, k: string) => {
  const v = String(d.get(k) ?? '').trim();
  return v === '' ? null : v;
};

/**
 * For school administrators: a person's names, birth date, contact details (where letters are sent, in
 * which language), a pupil's class, and the family links (PATCH and POST .../admin/...).
 */
export function PersonEdit({ schoolId, personId }: { schoolId: string; personId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const person = useAdminPerson(schoolId, personId);
  const classes = useAdminList<AdminClassList>(schoolId, 'classes');
  const update = useAdminWrite<PersonUpdateBody, AdminPerson>(schoolId, 'people');
  const me = useMe();
  if (person.isPending) return <Loading />;
  if (person.error) return <ErrorAlert error={person.error} onRetry={() => person.refetch()} />;
  const p = person.data;
  const isPupil = p.profiles.includes('pupil');
  return (
    <>
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
              birthDate: optional(d, 'birthDate'),
              email: optional(d, 'email'),
              phone: optional(d, 'phone'),
              postalAddress: optional(d, 'postalAddress'),
              locale: String(d.get('locale') ?? 'fr') as 'fr' | 'en' | 'ar',
            };
            if (isPupil) {
              const classId = String(d.get('classId') ?? 'none');
              body.classId = classId === 'none' ? null : classId;
            }
            update.mutate(
              { method: 'PATCH', path: `people/${encodeURIComponent(p.id)}`, body },
              {
                onSuccess: () => {
                  void qc.invalidateQueries({ queryKey: personKey(schoolId, p.id) });
                  void qc.invalidateQueries({ queryKey: adminPersonKey(schoolId, p.id) });
                },
              },
            );
          }}
        >
          <Field label={t('admin.firstName')} name="firstName" defaultValue={p.firstName} />
          <Field label={t('admin.lastName')} name="lastName" defaultValue={p.lastName} />
          <Field
            label={t('admin.birthDate')}
            name="birthDate"
            type="date"
            defaultValue={p.birthDate ?? ''}
            isRequired={false}
          />
          <Field
            label={t('admin.email')}
            name="email"
            type="email"
            defaultValue={p.email ?? ''}
            isRequired={false}
            autoComplete="off"
          />
          <Field
            label={t('admin.phone')}
            name="phone"
            type="tel"
            defaultValue={p.phone ?? ''}
            isRequired={false}
            autoComplete="off"
          />
          <Field
            label={t('admin.postalAddress')}
            name="postalAddress"
            defaultValue={p.postalAddress ?? ''}
            isRequired={false}
            multiline
          />
          <Choice
            label={t('admin.letterLanguage')}
            name="locale"
            defaultValue={p.locale}
            options={[
              { id: 'fr', label: 'Français' },
              { id: 'en', label: 'English' },
              { id: 'ar', label: 'العربية' },
            ]}
          />
          {isPupil && classes.data && (
            <Choice
              label={t('pupil.class')}
              name="classId"
              defaultValue={p.class?.id ?? 'none'}
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
      {(isPupil || p.profiles.includes('guardian')) && <FamilyLinks schoolId={schoolId} person={p} />}
      <TwoStepReset schoolId={schoolId} person={p} />
      {me.data && hasAbility(me.data, 'messages.freeze') && (
        <p>
          <Link href={`~/messagerie/comptes?personne=${encodeURIComponent(personId)}`}>
            {t('messaging.freeze.fromPerson')}
          </Link>
        </p>
      )}
    </>
  );
}
