import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { formatDay } from '../features/timetable/dates.ts';
import { useCahierSession } from '../features/timetable/queries.ts';
import { currentLocale } from '../i18n/index.ts';

/**
 * A session as pupils and their guardians read it: what was done in class (the published content) and the homework
 * set in it. The server decides who may open it (the session's pupils and their guardians).
 */
export default function SessionReadPage({
  courseId,
  date,
  isPupil,
}: {
  courseId: string;
  date: string;
  isPupil: boolean;
}) {
  const { t } = useTranslation();
  const q = useCahierSession(courseId, date);
  const locale = currentLocale();
  if (q.isPending) return <Loading />;
  if (q.error) {
    return (
      <div className="page">
        <PageTitle>{t('families.session.title')}</PageTitle>
        <ErrorAlert error={q.error} />
        <p>
          <Link href="/">{t('nav.home')}</Link>
        </p>
      </div>
    );
  }
  const { session: s, content, homework } = q.data;
  const teachers = s.teachers.map((p) => `${p.firstName} ${p.lastName}`).join(', ');
  return (
    <div className="page">
      <p className="breadcrumb">
        {isPupil ? (
          <Link href={`/emploi-du-temps?date=${s.date}`}>{t('timetable.myTitle')}</Link>
        ) : (
          <Link href={`/journee-famille?date=${s.date}`}>{t('timetable.family.title')}</Link>
        )}
      </p>
      <PageTitle>{t('cahier.sessionTitle', { subject: s.subject.label, date: formatDay(s.date, locale) })}</PageTitle>
      <p>
        {t('cahier.sessionWhen', { from: s.startsAt, to: s.endsAt })}
        {teachers && <> · {teachers}</>}
      </p>
      {s.cancelled && <p className="alert alert-info">{t('families.session.cancelled')}</p>}
      <section className="section" aria-labelledby="content-title">
        <h2 id="content-title">{t('families.session.done')}</h2>
        {content ? (
          <div className="card">
            <p className="pre-wrap" dir="auto">
              {content.content}
            </p>
          </div>
        ) : (
          <p>{t('families.session.nothingYet')}</p>
        )}
      </section>
      <section className="section" aria-labelledby="homework-title">
        <h2 id="homework-title">{t('cahier.homeworkTitle')}</h2>
        {homework.length === 0 ? (
          <p>{t('families.session.noHomework')}</p>
        ) : (
          <ul className="cards">
            {homework.map((h) => (
              <li key={h.id} className="card">
                <p>
                  <strong>{t('cahier.dueOn', { date: formatDay(h.dueDate, locale) })}</strong>
                </p>
                <p className="homework-instructions pre-wrap" dir="auto">
                  {h.instructions}
                </p>
                {h.estimatedMinutes > 0 && <p className="hint">{t('cahier.minutes', { count: h.estimatedMinutes })}</p>}
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link href="/travail-a-faire">{t('cahier.toDoTitle')}</Link>
        </p>
      </section>
    </div>
  );
}
