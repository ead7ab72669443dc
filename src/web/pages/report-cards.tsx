import { useTranslation } from 'react-i18next';
import { Link, Redirect } from 'wouter';
import { hasAbility } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { reportCardPdfUrl, usePupilReportCards, useReportCard } from '../features/reportcards/queries.ts';
import { ReportCardView } from '../features/reportcards/report-card-view.tsx';
import { formatDate } from '../i18n/index.ts';
import '../features/reportcards/report-cards.css';

function PupilReportCards({ pupilId, name, headed }: { pupilId: string; name: string; headed: boolean }) {
  const { t } = useTranslation();
  const list = usePupilReportCards(pupilId);
  const titleId = `rc-child-${pupilId}`;
  const body = list.isPending ? (
    <Loading />
  ) : list.error ? (
    <ErrorAlert error={list.error} />
  ) : list.data.reportCards.length === 0 ? (
    <p className="hint">{t('reportCards.family.none')}</p>
  ) : (
    <ul className="rc-list">
      {[...list.data.reportCards].reverse().map((c) => (
        <li key={c.id} className="card rc-item">
          <h3 className="rc-item-title">
            <Link href={`/bulletins/${c.id}`} className="card-link">
              {t('reportCards.family.open', { period: c.period.label, name })}
            </Link>
            {c.readAt === null && <span className="tag tag-warning">{t('reportCards.family.new')}</span>}
          </h3>
          <dl className="facts">
            <div>
              <dt>{t('reportCards.card.class')}</dt>
              <dd>{c.classLabel || c.className}</dd>
            </div>
            <div>
              <dt>{t('reportCards.family.schoolYear')}</dt>
              <dd>{c.schoolYear}</dd>
            </div>
            <div>
              <dt>{t('reportCards.family.publishedOn')}</dt>
              <dd>{formatDate(c.publishAt)}</dd>
            </div>
          </dl>
        </li>
      ))}
    </ul>
  );
  if (!headed) return body;
  return (
    <section aria-labelledby={titleId} className="section rc-child">
      <h2 id={titleId}>{name}</h2>
      {body}
    </section>
  );
}

function ReportCardReader({ id }: { id: string }) {
  const { t } = useTranslation();
  const card = useReportCard(id);
  const back = (
    <p className="breadcrumb">
      <Link href="/bulletins">{t('reportCards.family.back')}</Link>
    </p>
  );
  if (card.isPending) return <Loading />;
  if (card.error) {
    return (
      <div className="page">
        {back}
        <PageTitle>{t('reportCards.family.title')}</PageTitle>
        <ErrorAlert error={card.error} />
      </div>
    );
  }
  const s = card.data.snapshot;
  return (
    <div className="page rc-page">
      {back}
      <PageTitle>
        {t('reportCards.card.title', { period: s.period.label, name: `${s.pupil.firstName} ${s.pupil.lastName}` })}
      </PageTitle>
      <p className="actions">
        <a className="button button-primary" href={reportCardPdfUrl(id)} download>
          {t('reportCards.card.pdf')}
        </a>
      </p>
      <ReportCardView snapshot={s} />
    </div>
  );
}

/**
 * "Bulletins" for families: each child's published report cards side by side (a pupil sees their own), "Nouveau"
 * until the reader opens one; a report card in HTML with its PDF.
 */
export default function ReportCardsPage({ me, reportCardId }: { me: Me; reportCardId?: string }) {
  const { t } = useTranslation();
  if (reportCardId) return <ReportCardReader key={reportCardId} id={reportCardId} />;
  const family = hasAbility(me, 'children.view') || hasAbility(me, 'self.view');
  if (!family && hasAbility(me, 'reportCards.staff')) return <Redirect to="/bulletins/classes" replace />;
  const readers = [
    ...(me.enrolments.length > 0 ? [{ id: me.person.id, name: `${me.person.firstName} ${me.person.lastName}` }] : []),
    ...me.children.map((c) => ({ id: c.id, name: `${c.firstName} ${c.lastName}` })),
  ];
  const headed = readers.length > 1 || me.children.length > 0;
  return (
    <div className="page">
      <PageTitle>{t('reportCards.family.title')}</PageTitle>
      {readers.length === 0 && <p>{t('reportCards.family.nobody')}</p>}
      <div className="rc-children">
        {readers.map((r) => (
          <PupilReportCards key={r.id} pupilId={r.id} name={r.name} headed={headed} />
        ))}
      </div>
      {hasAbility(me, 'reportCards.staff') && (
        <p>
          <Link href="/bulletins/classes">{t('reportCards.staff.title')}</Link>
        </p>
      )}
    </div>
  );
}
