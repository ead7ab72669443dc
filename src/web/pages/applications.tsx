import { useTranslation } from 'react-i18next';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { useApplications } from '../features/sso/api.ts';

/** "Applications": what the person may open signed in through Préau; administrators also read the registry. */
export default function ApplicationsPage() {
  const { t } = useTranslation();
  const query = useApplications();
  const data = query.data;
  return (
    <div className="page">
      <PageTitle>{t('sso.title')}</PageTitle>
      <ErrorAlert error={query.error} />
      {query.isPending ? (
        <Loading />
      ) : (
        data && (
          <>
            <p className="hint">{t('sso.intro')}</p>
            {data.applications.length === 0 ? (
              <p>{t('sso.none')}</p>
            ) : (
              <ul className="cards quick-links">
                {data.applications.map((a) => (
                  <li key={a.clientId} className="card entry-card">
                    {a.launchUrl ? (
                      <a href={a.launchUrl} className="card-link entry-link">
                        <bdi>{a.name}</bdi>
                      </a>
                    ) : (
                      <strong>
                        <bdi>{a.name}</bdi>
                      </strong>
                    )}
                    {a.description && (
                      <p className="hint">
                        <bdi>{a.description}</bdi>
                      </p>
                    )}
                    {!a.launchUrl && <p className="hint">{t('sso.noLink')}</p>}
                  </li>
                ))}
              </ul>
            )}
            {data.registered && (
              <section aria-labelledby="sso-registry-title" className="section">
                <h2 id="sso-registry-title">{t('sso.registry.title')}</h2>
                <p className="hint">{t('sso.registry.readOnly')}</p>
                {data.registered.length === 0 ? (
                  <p>{t('sso.registry.empty')}</p>
                ) : (
                  <div className="table-scroll">
                    <table className="table">
                      <caption className="visually-hidden">{t('sso.registry.title')}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('sso.registry.name')}</th>
                          <th scope="col">{t('sso.registry.kind')}</th>
                          <th scope="col">{t('sso.registry.profiles')}</th>
                          <th scope="col">{t('sso.registry.addresses')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {data.registered.map((c) => (
                          <tr key={c.clientId}>
                            <th scope="row">
                              <bdi>{c.name}</bdi>
                              <br />
                              <code>{c.clientId}</code>
                            </th>
                            <td>{c.kind === 'cas' ? 'CAS' : 'OpenID Connect'}</td>
                            <td>{c.profiles.map((p) => t(`profiles.${p}`)).join(', ')}</td>
                            <td>
                              <ul className="plain-list">
                                {c.redirectUris.map((u) => (
                                  <li key={u}>
                                    <code className="prewrap">{u}</code>
                                  </li>
                                ))}
                              </ul>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </section>
            )}
          </>
        )
      )}
    </div>
  );
}
