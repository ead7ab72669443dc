import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { currentSchool, hasAbility } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { DocumentView } from '../features/documents/document-view.tsx';
import { formatSize, spaceName, useSpaces, useUsage } from '../features/documents/queries.ts';
import { SpaceView, spacePath } from '../features/documents/space-view.tsx';
import { ErrorAlert } from '../features/errors.tsx';

/** « Documents »: the caller's spaces. */
function SpacesList({ me }: { me: Me }) {
  const { t } = useTranslation();
  const q = useSpaces(currentSchool(me)?.id ?? '');
  return (
    <div className="page">
      <PageTitle>{t('documents.title')}</PageTitle>
      <p>{t('documents.intro')}</p>
      {hasAbility(me, 'directory.admin') && (
        <p>
          <Link href="/documents/utilisation">{t('documents.usageTitle')}</Link>
        </p>
      )}
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorAlert error={q.error} />
      ) : (
        <ul className="cards quick-links">
          {q.data.items.map((s) => (
            <li key={s.id} className="card entry-card">
              <Link href={spacePath(s.id)} className="card-link entry-link">
                {spaceName(t, s)}
              </Link>
              <p className="hint">{t(`documents.kindHint.${s.kind}`)}</p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The school administrator's view of the storage: the total, per kind of space, the fullest personal spaces. */
function UsagePage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const q = useUsage(currentSchool(me)?.id ?? '');
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href="/documents">{t('documents.title')}</Link>
      </p>
      <PageTitle>{t('documents.usageTitle')}</PageTitle>
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorAlert error={q.error} />
      ) : (
        <>
          <p>
            {t('documents.schoolUsage', {
              used: formatSize(q.data.usedBytes),
              quota: formatSize(q.data.quotaBytes),
              personal: formatSize(q.data.personalQuotaBytes),
            })}
          </p>
          <div className="table-scroll">
            <table className="table">
              <caption>{t('documents.byKind')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('documents.kind')}</th>
                  <th scope="col">{t('documents.size')}</th>
                  <th scope="col">{t('documents.files')}</th>
                </tr>
              </thead>
              <tbody>
                {q.data.byKind.map((k) => (
                  <tr key={k.kind}>
                    <th scope="row" data-label={t('documents.kind')}>
                      {t(`documents.kinds.${k.kind}`)}
                    </th>
                    <td data-label={t('documents.size')}>{formatSize(k.usedBytes)}</td>
                    <td data-label={t('documents.files')}>{k.files}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-scroll">
            <table className="table">
              <caption>{t('documents.topUsers')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('documents.person')}</th>
                  <th scope="col">{t('documents.size')}</th>
                </tr>
              </thead>
              <tbody>
                {q.data.topUsers.map((u) => (
                  <tr key={u.person.id}>
                    <td data-label={t('documents.person')}>
                      <bdi>{`${u.person.lastName} ${u.person.firstName}`}</bdi>
                    </td>
                    <td data-label={t('documents.size')}>{formatSize(u.usedBytes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

export default function DocumentsPage({
  me,
  view,
  id,
  folderId,
}: {
  me: Me;
  view: 'list' | 'space' | 'document' | 'usage';
  id?: string;
  folderId?: string;
}) {
  if (view === 'usage') return <UsagePage me={me} />;
  if (view === 'document' && id) {
    return (
      <div className="page">
        <DocumentView documentId={id} me={me} />
      </div>
    );
  }
  if (view === 'space' && id) {
    return (
      <div className="page">
        <SpaceView spaceId={id} {...(folderId ? { folderId } : {})} />
      </div>
    );
  }
  return <SpacesList me={me} />;
}
