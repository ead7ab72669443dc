import { useTranslation } from 'react-i18next';
import { currentSchool, hasAbility } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { useInfo, useReceptionSettings } from '../features/appointments/api.ts';
import { InfoEditor, InfoPages, ReceptionSettingsForm } from '../features/appointments/info-view.tsx';
import { ErrorAlert } from '../features/errors.tsx';

/** "Infos pratiques": each site's information; reception and the secretariat edit it, the head sets who reads it. */
export default function InfoPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const schoolId = currentSchool(me)?.id ?? '';
  const info = useInfo(schoolId);
  const canSet = hasAbility(me, 'reception.settings');
  const settings = useReceptionSettings(schoolId, canSet);
  return (
    <div className="page">
      <PageTitle>{t('appointments.info.title')}</PageTitle>
      <ErrorAlert error={info.error ?? settings.error} />
      {info.isPending ? (
        <Loading />
      ) : (
        info.data && (
          <>
            <InfoPages info={info.data} />
            {info.data.abilities.edit && <InfoEditor schoolId={schoolId} info={info.data} />}
          </>
        )
      )}
      {canSet && settings.data && <ReceptionSettingsForm schoolId={schoolId} initial={settings.data} />}
    </div>
  );
}
