import { useTranslation } from 'react-i18next';
import { Loading } from '../components/loading.tsx';
import { usePageTitle } from '../components/page-title.tsx';
import { PublicShell } from '../components/public-shell.tsx';
import { usePublicInfo } from '../features/appointments/api.ts';
import { InfoPages } from '../features/appointments/info-view.tsx';
import { ErrorAlert } from '../features/errors.tsx';

/** A school's practical information, without signing in, when the school opened it. */
export default function PublicInfoPage({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const info = usePublicInfo(schoolId);
  const title = info.data ? `${t('appointments.info.title')} — ${info.data.schoolName}` : t('appointments.info.title');
  usePageTitle(title);
  return (
    <PublicShell>
      <h1>{title}</h1>
      <ErrorAlert error={info.error} />
      {info.isPending ? <Loading /> : info.data && <InfoPages info={info.data} />}
    </PublicShell>
  );
}
