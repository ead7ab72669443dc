import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/loading.tsx';
import { formatDateTime } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { useClearMailBounce, useMailBounces } from './api.ts';

/** The school's refused e-mail addresses: nobody there gets mail until the address is corrected and cleared. */
export function MailBouncesPanel({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const bounces = useMailBounces(schoolId);
  const clear = useClearMailBounce(schoolId);
  if (bounces.isPending) return <Loading />;
  const items = bounces.data?.items ?? [];
  return (
    <>
      <p>{t('mail.bounces.intro')}</p>
      <ErrorAlert error={bounces.error ?? clear.error} />
      {items.length === 0 ? (
        <p className="muted">{t('mail.bounces.empty')}</p>
      ) : (
        <ul className="session-list">
          {items.map((b) => (
            <li key={b.personId} className="card">
              <p>
                <strong>
                  {b.firstName} {b.lastName}
                </strong>{' '}
                <span dir="ltr">{b.email}</span>
              </p>
              <p className="muted">
                {t('mail.bounces.since', { date: formatDateTime(b.bouncedAt) })} · <span dir="ltr">{b.reason}</span>
              </p>
              <Button className="button" isDisabled={clear.isPending} onPress={() => clear.mutate(b.personId)}>
                {t('mail.bounces.clear', { name: `${b.firstName} ${b.lastName}` })}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
