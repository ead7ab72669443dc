import { useTranslation } from 'react-i18next';
import type { Me } from '../api/types.ts';
import { PageTitle } from '../components/page-title.tsx';
import { DirectorySearch } from '../features/directory/directory-search.tsx';

export default function DirectoryPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <div className="page">
      <PageTitle>{t('directory.title')}</PageTitle>
      <DirectorySearch me={me} />
    </div>
  );
}
