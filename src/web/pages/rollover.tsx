import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { PageTitle } from '../components/page-title.tsx';
import { Rollover } from '../features/imports/rollover.tsx';

/** « Bascule d'année »: archive this year, prepare the next (docs/imports.md). From the imports page. */
export default function RolloverPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const school = currentSchool(me);
  if (!school) return null;
  return (
    <div className="page">
      <p>
        <Link href="~/imports">{t('imports.rollover.back')}</Link>
      </p>
      <PageTitle>{t('imports.rollover.title')}</PageTitle>
      <p>{t('imports.rollover.intro')}</p>
      <Rollover schoolId={school.id} />
    </div>
  );
}
