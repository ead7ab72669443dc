import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { api } from '../api/client.ts';
import { currentSchool } from '../api/queries.ts';
import type { ClassList, Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';

export default function AdminPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const schoolId = currentSchool(me)?.id ?? '';
  const classes = useQuery({
    queryKey: ['classes', schoolId],
    queryFn: () => api<ClassList>('GET', `/api/schools/${encodeURIComponent(schoolId)}/classes`),
  });
  return (
    <div className="page">
      <PageTitle>{t('admin.title')}</PageTitle>
      <p>
        <Link href="~/annuaire">{t('admin.toDirectory')}</Link>
      </p>
      <section className="section" aria-labelledby="letters-title">
        <h2 id="letters-title">{t('admin.lettersTitle')}</h2>
        <p>{t('admin.lettersIntro')}</p>
        <ErrorAlert error={classes.error} />
        {classes.isPending ? (
          <Loading />
        ) : (
          <table className="table">
            <caption className="visually-hidden">{t('admin.classesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('pupil.class')}</th>
                <th scope="col">{t('pupil.site')}</th>
                <th scope="col">{t('admin.pupils')}</th>
                <th scope="col">{t('admin.letters')}</th>
              </tr>
            </thead>
            <tbody>
              {(classes.data ?? []).map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.label}</th>
                  <td>{c.site?.name ?? t('common.none')}</td>
                  <td>{c.pupilCount}</td>
                  <td>
                    <a
                      href={`/api/schools/${encodeURIComponent(schoolId)}/admin/classes/${encodeURIComponent(c.id)}/activation-letters.pdf`}
                      download
                    >
                      {t('admin.downloadLetters', { label: c.label })}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
