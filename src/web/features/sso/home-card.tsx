import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useApplications } from './api.ts';

/** On the home page, when the person may open another application through Préau (or administers them). */
export function ApplicationsCard() {
  const { t } = useTranslation();
  const data = useApplications().data;
  const count = data?.applications.length ?? 0;
  if (count === 0 && !data?.registered?.length) return null;
  return (
    <section className="card" aria-labelledby="applications-card-title">
      <h2 id="applications-card-title">{t('sso.card.title')}</h2>
      <p>
        <Link href="/applications">{count > 0 ? t('sso.card.link', { count }) : t('sso.registry.title')}</Link>
      </p>
    </section>
  );
}
