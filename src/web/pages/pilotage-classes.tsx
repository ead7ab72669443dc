import { useTranslation } from 'react-i18next';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { type TeacherUsage, useTeacherUsage } from '../features/usage/api.ts';
import { Count, formatRate } from '../features/usage/figures.tsx';
import '../features/usage/usage.css';
import { formatDate } from '../i18n/index.ts';

type Pair = { part: number | null; whole: number | null; rate: number | null };

/** « 5 sur 6 (83 %) », or « moins de 5 » parts when hidden. */
function Share({ v }: { v: Pair }) {
  const { t } = useTranslation();
  return (
    <>
      <Count value={v.part} /> {t('usage.teacher.of')} <Count value={v.whole} />
      {v.rate !== null && <> ({formatRate(v.rate)})</>}
    </>
  );
}

function Table({ data }: { data: TeacherUsage }) {
  const { t } = useTranslation();
  return (
    <table className="table">
      <caption>{t('usage.teacher.caption', { from: formatDate(data.from), to: formatDate(data.to) })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('usage.teacher.class')}</th>
          <th scope="col">{t('usage.teacher.homework')}</th>
          <th scope="col">{t('usage.teacher.reportCards')}</th>
        </tr>
      </thead>
      <tbody>
        {data.classes.map((c) => (
          <tr key={c.classId}>
            <th scope="row">{c.label}</th>
            <td data-label={t('usage.teacher.homework')}>
              <Share
                v={{ part: c.homeworkTicked.done, whole: c.homeworkTicked.possible, rate: c.homeworkTicked.rate }}
              />
            </td>
            <td data-label={t('usage.teacher.reportCards')}>
              <Share
                v={{ part: c.reportCardsRead.read, whole: c.reportCardsRead.total, rate: c.reportCardsRead.rate }}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Groups the teacher set homework for: ticked by the group's pupils (no report card is a group's). */
function GroupTable({ data }: { data: TeacherUsage }) {
  const { t } = useTranslation();
  return (
    <table className="table">
      <caption>{t('usage.teacher.groupsCaption', { from: formatDate(data.from), to: formatDate(data.to) })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('usage.teacher.group')}</th>
          <th scope="col">{t('usage.teacher.homework')}</th>
        </tr>
      </thead>
      <tbody>
        {data.groups.map((g) => (
          <tr key={g.groupId}>
            <th scope="row">{g.label}</th>
            <td data-label={t('usage.teacher.homework')}>
              <Share
                v={{ part: g.homeworkTicked.done, whole: g.homeworkTicked.possible, rate: g.homeworkTicked.rate }}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A teacher's classes: the homework they set that pupils ticked, the report cards families opened. */
export default function PilotageClassesPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const school = currentSchool(me);
  const usage = useTeacherUsage(school?.id ?? '');
  return (
    <div className="page">
      <PageTitle>{t('usage.teacher.title')}</PageTitle>
      <p>{t('usage.teacher.intro')}</p>
      {usage.isPending ? (
        <Loading />
      ) : usage.error ? (
        <ErrorAlert error={usage.error} onRetry={() => usage.refetch()} />
      ) : usage.data.classes.length === 0 && usage.data.groups.length === 0 ? (
        <p>{t('usage.teacher.none')}</p>
      ) : (
        <>
          {usage.data.classes.length > 0 && <Table data={usage.data} />}
          {usage.data.groups.length > 0 && <GroupTable data={usage.data} />}
          <p className="hint">{t('usage.teacher.rule', { min: usage.data.minCount })}</p>
        </>
      )}
    </div>
  );
}
