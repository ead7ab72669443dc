import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Checkbox } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../errors.tsx';
import { downloadPdf as downloadFile } from './download.ts';

/**
 * The school's roster for resource publishers and LMSs, as OneRoster 1.1 CSV files in a zip (docs/imports.md,
 * « Export OneRoster »). The file names every pupil: the page says so before the button.
 */
export function RosterExportPanel({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const [guardians, setGuardians] = useState(true);
  const download = useMutation({
    mutationFn: () =>
      downloadFile('GET', `/api/schools/${schoolId}/exports/oneroster?guardians=${guardians}`, 'oneroster.zip'),
  });
  return (
    <>
      <p>{t('admin.roster.intro')}</p>
      <ul>
        <li>{t('admin.roster.contents')}</li>
        <li>{t('admin.roster.privacy')}</li>
      </ul>
      <Checkbox className="checkbox" isSelected={guardians} onChange={setGuardians}>
        <span className="checkbox-box" aria-hidden="true" />
        {t('admin.roster.guardians')}
      </Checkbox>
      <p>
        <Button className="button primary" isDisabled={download.isPending} onPress={() => download.mutate()}>
          {download.isPending ? t('admin.roster.preparing') : t('admin.roster.download')}
        </Button>
      </p>
      {download.isSuccess && (
        <p role="status" className="muted">
          {t('admin.roster.done')}
        </p>
      )}
      <ErrorAlert error={download.error} />
    </>
  );
}
