import { useTranslation } from 'react-i18next';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { useSchoolReads } from '../features/followup/queries.ts';
import { formatDateTime } from '../i18n/index.ts';

/** Who read which confidential entry, when: the DPO sees every compartment, a profession its own. */
export default function FollowupReadsPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const schoolId = currentSchool(me)?.id ?? '';
  const q = useSchoolReads(schoolId);
  return (
    <div className="page">
      <PageTitle>{t('followup.log.title')}</PageTitle>
      <p className="hint">{t('followup.log.intro')}</p>
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorAlert error={q.error} />
      ) : q.data.reads.length === 0 ? (
        <p>{t('followup.log.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">{t('followup.log.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('followup.log.when')}</th>
                <th scope="col">{t('followup.log.reader')}</th>
                <th scope="col">{t('followup.log.pupil')}</th>
                <th scope="col">{t('followup.compartment')}</th>
              </tr>
            </thead>
            <tbody>
              {q.data.reads.map((r) => (
                <tr key={r.id}>
                  <td data-label={t('followup.log.when')}>{formatDateTime(r.readAt)}</td>
                  <td data-label={t('followup.log.reader')}>
                    <bdi>
                      {r.reader.firstName} {r.reader.lastName}
                    </bdi>
                  </td>
                  <td data-label={t('followup.log.pupil')}>
                    <bdi>
                      {r.pupil.firstName} {r.pupil.lastName}
                    </bdi>
                  </td>
                  <td data-label={t('followup.compartment')}>{t(`followup.compartments.${r.compartment}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
