import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { Feedback, formatInstant } from '../features/handin/hand-in-box.tsx';
import { archiveUrl, fileUrl, useHandIns } from '../features/handin/queries.ts';
import { ReturnForm } from '../features/handin/return-form.tsx';
import { formatDay } from '../features/timetable/dates.ts';
import { currentLocale } from '../i18n/index.ts';

/** "Copies rendues": the homework's pupils with the status of their hand-in, their files, and the return form. */
export default function HandInsPage({ homeworkId }: { homeworkId: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const q = useHandIns(homeworkId);
  if (q.isPending) return <Loading />;
  if (q.error) {
    return (
      <div className="page">
        <PageTitle>{t('handin.listTitle')}</PageTitle>
        <ErrorAlert error={q.error} />
      </div>
    );
  }
  const { homework: h, counts, items } = q.data;
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href="/emploi-du-temps">{t('timetable.myTitle')}</Link>
      </p>
      <PageTitle>{t('handin.listTitleOf', { subject: `${h.subject} ${h.audience}`.trim() })}</PageTitle>
      <p>
        {t('cahier.dueOn', { date: formatDay(h.dueDate, locale) })} —{' '}
        {t(h.latePolicy === 'refuse' ? 'handin.dueAtStrict' : 'handin.dueAt', { at: formatInstant(h.dueAt, locale) })}
      </p>
      <p className="homework-instructions" dir="auto">
        {h.instructions}
      </p>
      <p>
        {(['handed_in', 'late', 'not_handed_in', 'returned'] as const)
          .map((s) => t('handin.count', { status: t(`handin.status.${s}`), count: counts[s] }))
          .join(' · ')}
      </p>
      {counts.handed_in + counts.late + counts.returned > 0 && (
        <p>
          <a className="button" href={archiveUrl(homeworkId)} download>
            {t('handin.downloadAll')}
          </a>
        </p>
      )}
      <ul className="cards">
        {items.map((i) => (
          <li key={i.pupil.id} className="card">
            <h2>
              <bdi>
                {i.pupil.lastName} {i.pupil.firstName}
              </bdi>{' '}
              <span className={i.status === 'not_handed_in' ? 'tag' : 'tag tag-success'}>
                {t(`handin.status.${i.status}`)}
              </span>
            </h2>
            {i.handedInAt && <p>{t('handin.handedInAt', { at: formatInstant(i.handedInAt, locale) })}</p>}
            {i.id && i.files && i.files.length > 0 && (
              <ul className="hand-in-files">
                {i.files.map((f) => (
                  <li key={f.id}>
                    <a href={fileUrl(homeworkId, i.id!, f.id)} download={f.fileName}>
                      <bdi>{f.fileName}</bdi>
                    </a>
                  </li>
                ))}
              </ul>
            )}
            {i.feedback && <Feedback feedback={i.feedback} />}
            {i.id && <ReturnForm homeworkId={homeworkId} handIn={i} />}
          </li>
        ))}
      </ul>
    </div>
  );
}
