import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { PageTitle } from '../components/page-title.tsx';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <PageTitle>{t('notFound.title')}</PageTitle>
      <p>{t('notFound.text')}</p>
      <p>
        <Link href="/">{t('notFound.home')}</Link>
      </p>
    </div>
  );
}
