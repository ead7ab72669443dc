import { useState } from 'react';
import { Button, Checkbox, CheckboxGroup, Form, Label } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useMe } from '../../api/queries.ts';
import type { AdminClassList, PersonCreateBody, PersonCreated, StaffFunction } from '../../api/types.ts';
import { ErrorAlert } from '../errors.tsx';
import { useAdminList, useAdminWrite } from './admin-api.ts';
import { Choice, Field } from './fields.tsx';
import { LetterButton } from './letter-button.tsx';

/** Given only by direction or a deployment administrator (ability `functions.grantSensitive`). */
const SENSITIVE: ReadonlySet<StaffFunction> = new Set([
  'principal',
  'deputy',
  'cpe',
  'assistant_education',
  'psyen',
  'assistante_sociale',
  'infirmiere',
  'dpo',
]);

const FUNCTIONS: StaffFunction[] = [
  'principal',
  'deputy',
  'cpe',
  'assistant_education',
  'psyen',
  'assistante_sociale',
  'infirmiere',
  'secretariat',
  'accueil',
  'documentaliste',
  'school_admin',
  'dpo',
];

/** Creates a person; their activation letter is printed next (the code is never shown on screen). */
export function NewPersonPanel({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const [profile, setProfile] = useState<PersonCreateBody['profile']>('pupil');
  const [functions, setFunctions] = useState<string[]>([]);
  const me = useMe();
  const grantsSensitive =
    me.data?.schools.find((s) => s.id === schoolId)?.abilities.includes('functions.grantSensitive') ?? false;
  const offered = FUNCTIONS.filter((f) => grantsSensitive || !SENSITIVE.has(f));
  const classes = useAdminList<AdminClassList>(schoolId, 'classes');
  const create = useAdminWrite<PersonCreateBody, PersonCreated>(schoolId, 'people');
  return (
    <>
      <ErrorAlert error={create.error} />
      {create.data && (
        <div className="alert alert-success" role="status">
          <p>
            {t('admin.personCreated', { name: `${create.data.person.firstName} ${create.data.person.lastName}` })}{' '}
            <Link href={`~/annuaire/${create.data.person.id}`}>{t('admin.seeRecord')}</Link>
          </p>
          <p>
            {t('person.loginLabel')} <strong className="login">{create.data.person.login}</strong>
          </p>
          <p>{t('letters.afterCreate')}</p>
          <LetterButton
            schoolId={schoolId}
            person={{
              id: create.data.person.id,
              login: create.data.person.login,
              name: `${create.data.person.firstName} ${create.data.person.lastName}`,
            }}
          />
        </div>
      )}
      <Form
        className="form compact"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const d = new FormData(form);
          const base = { firstName: String(d.get('firstName')).trim(), lastName: String(d.get('lastName')).trim() };
          const classId = String(d.get('classId') ?? 'none');
          const body: PersonCreateBody =
            profile === 'pupil'
              ? { profile, ...base, classId: classId === 'none' ? undefined : classId }
              : profile === 'staff'
                ? { profile, ...base, functions: functions as StaffFunction[] }
                : { profile, ...base };
          create.mutate({ method: 'POST', path: 'people', body }, { onSuccess: () => form.reset() });
        }}
      >
        <Choice
          label={t('directory.profile')}
          name="profile"
          options={(['pupil', 'guardian', 'teacher', 'staff'] as const).map((p) => ({
            id: p,
            label: t(`profiles.${p}`),
          }))}
          onChange={(k) => setProfile((k as PersonCreateBody['profile']) ?? 'pupil')}
        />
        <Field label={t('admin.firstName')} name="firstName" />
        <Field label={t('admin.lastName')} name="lastName" />
        {profile === 'pupil' && (
          <Choice
            label={t('pupil.class')}
            name="classId"
            options={[
              { id: 'none', label: t('pupil.noClass') },
              ...(classes.data?.items ?? []).map((c) => ({ id: c.id, label: c.label })),
            ]}
          />
        )}
        {profile === 'staff' && (
          <CheckboxGroup className="radio-group" value={functions} onChange={setFunctions}>
            <Label>{t('person.functions')}</Label>
            {offered.map((f) => (
              <Checkbox key={f} value={f} className="checkbox">
                <span className="checkbox-box" aria-hidden="true" />
                {t(`functions.${f}`)}
              </Checkbox>
            ))}
          </CheckboxGroup>
        )}
        <Button type="submit" className="button button-primary" isDisabled={create.isPending}>
          {t('admin.createPerson')}
        </Button>
      </Form>
    </>
  );
}
