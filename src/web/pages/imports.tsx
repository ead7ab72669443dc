import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { PageTitle } from '../components/page-title.tsx';
import { DirectoryImport } from '../features/imports/directory-import.tsx';
import { TimetableImport } from '../features/imports/timetable-import.tsx';

/** Imports of the school's data from other software: the timetable, SIECLE (pupils, guardians), STS-Web (staff). */
export default function ImportsPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const school = currentSchool(me);
  if (!school) return null;
  return (
    <div className="page">
      <PageTitle>{t('imports.title')}</PageTitle>
      <p>{t('imports.intro')}</p>
      <TimetableImport schoolId={school.id} />
      <DirectoryImport schoolId={school.id} source="siecle" />
      <DirectoryImport schoolId={school.id} source="sts-emp" />
      <section className="section card" aria-labelledby="rollover-link">
        <h2 id="rollover-link">
          <Link href="~/imports/bascule">{t('imports.rollover.link')}</Link>
        </h2>
        <p>{t('imports.rollover.linkIntro')}</p>
      </section>
    </div>
  );
}
