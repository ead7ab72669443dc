import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { api } from '../api/client.ts';
import { currentSchool, hasAbility, personKey, usePerson } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { LetterButton } from '../features/admin/letter-button.tsx';
import { PersonEdit } from '../features/admin/person-edit.tsx';
import { GuardianContacts, PupilRecordLinks } from '../features/directory/pupil-record.tsx';
import { ErrorAlert } from '../features/errors.tsx';

export default function PersonPage({ me, personId }: { me: Me; personId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const schoolId = currentSchool(me)?.id ?? '';
  const person = usePerson(schoolId, personId);
  const base = `/api/schools/${encodeURIComponent(schoolId)}/people/${encodeURIComponent(personId)}`;
  const setDisabled = useMutation({
    mutationFn: (disable: boolean) => api('POST', `${base}/${disable ? 'disable' : 'enable'}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: personKey(schoolId, personId) }),
  });

  if (person.isPending) return <Loading />;
  if (person.error) {
    return (
      <div className="page">
        <p className="breadcrumb">
          <Link href="/annuaire">{t('person.back')}</Link>
        </p>
        <PageTitle>{t('person.unavailable')}</PageTitle>
        <ErrorAlert error={person.error} onRetry={() => person.refetch()} />
        <p>
          <Link href="/annuaire">{t('person.back')}</Link>
        </p>
      </div>
    );
  }
  const p = person.data;
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href="/annuaire">{t('person.back')}</Link>
      </p>
      <PageTitle>{`${p.firstName} ${p.lastName}`}</PageTitle>
      {p.disabled && <p className="tag tag-warning">{t('directory.disabled')}</p>}
      <div className="card">
        <dl className="facts">
          <div>
            <dt>{t('person.loginLabel')}</dt>
            <dd className="login">{p.login}</dd>
          </div>
          <div>
            <dt>{t('person.profiles')}</dt>
            <dd>{p.profiles.map((k) => t(`profiles.${k}`)).join(', ') || t('common.none')}</dd>
          </div>
          {p.functions.length > 0 && (
            <div>
              <dt>{t('person.functions')}</dt>
              <dd>{p.functions.map((f) => t(`functions.${f}`)).join(', ')}</dd>
            </div>
          )}
          {p.class && (
            <div>
              <dt>{t('pupil.class')}</dt>
              <dd>{p.class.label}</dd>
            </div>
          )}
          {p.site && (
            <div>
              <dt>{t('pupil.site')}</dt>
              <dd>{p.site.name}</dd>
            </div>
          )}
        </dl>
      </div>
      <PupilRecordLinks person={p} file={hasAbility(me, 'pupils.file')} />
      <GuardianContacts guardians={p.guardians} />
      {p.children.length > 0 && (
        <section className="section" aria-labelledby="children-title">
          <h2 id="children-title">{t('person.children')}</h2>
          <ul>
            {p.children.map((c) => (
              <li key={c.id}>
                <Link href={`/annuaire/${c.id}`}>
                  {c.firstName} {c.lastName}
                </Link>{' '}
                — {t(`responsibility.${c.responsibility}`)}
              </li>
            ))}
          </ul>
        </section>
      )}
      {hasAbility(me, 'directory.admin') && <PersonEdit schoolId={schoolId} personId={p.id} />}
      {(p.abilities.resetAccess || p.abilities.disable) && (
        <section className="section" aria-labelledby="access-title">
          <h2 id="access-title">{t('person.access')}</h2>
          <ErrorAlert error={setDisabled.error} />
          {p.abilities.resetAccess && <p>{t('letters.intro')}</p>}
          <div className="actions">
            {p.abilities.resetAccess && (
              <LetterButton
                schoolId={schoolId}
                person={{ id: p.id, login: p.login, name: `${p.firstName} ${p.lastName}` }}
              />
            )}
            {p.abilities.disable && (
              <Button
                className="button"
                isDisabled={setDisabled.isPending}
                onPress={() => setDisabled.mutate(!p.disabled)}
              >
                {p.disabled ? t('person.enable') : t('person.disable')}
              </Button>
            )}
          </div>
        </section>
      )}
    </div>
  );
}
