import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { currentSchool, hasAbility } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { FileBlocksView } from '../features/followup/file-blocks.tsx';
import { usePupilFile } from '../features/followup/queries.ts';

/** La fiche élève: the blocks the server opens to the caller, nothing else. */
export default function PupilFilePage({ me, pupilId }: { me: Me; pupilId: string }) {
  const { t } = useTranslation();
  const schoolId = currentSchool(me)?.id ?? '';
  const file = usePupilFile(schoolId, pupilId);
  const back = hasAbility(me, 'directory.search') ? (
    <p className="breadcrumb">
      <Link href="/annuaire">{t('person.back')}</Link>
    </p>
  ) : null;
  if (file.isPending) return <Loading />;
  if (file.error) {
    return (
      <div className="page">
        {back}
        <PageTitle>{t('pupilFile.unavailable')}</PageTitle>
        <ErrorAlert error={file.error} onRetry={() => file.refetch()} />
      </div>
    );
  }
  const f = file.data;
  return (
    <div className="page">
      {back}
      <PageTitle>{t('pupilFile.title', { name: `${f.pupil.firstName} ${f.pupil.lastName}` })}</PageTitle>
      <FileBlocksView file={f} />
    </div>
  );
}
