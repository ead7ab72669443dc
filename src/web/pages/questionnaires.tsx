import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { currentSchool, hasAbility } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { AnswerForm } from '../features/questionnaires/answer-form.tsx';
import { useMyQuestionnaires, useQuestionnaire } from '../features/questionnaires/api.ts';
import { EditQuestionnaire, QuestionnaireForm } from '../features/questionnaires/form.tsx';
import { ManageList, ResultsView } from '../features/questionnaires/manage.tsx';
import { formatDate } from '../i18n/index.ts';

function MineList() {
  const { t } = useTranslation();
  const mine = useMyQuestionnaires();
  if (mine.isPending) return <Loading />;
  if (mine.error) return <ErrorAlert error={mine.error} onRetry={() => mine.refetch()} />;
  if (mine.data.items.length === 0) return <p>{t('questionnaires.mine.none')}</p>;
  return (
    <ul className="questionnaire-cards">
      {mine.data.items.map((q) => (
        <li key={q.id} className="card">
          <h2>
            <Link href={`/questionnaires/${q.id}`}>
              <bdi>{q.title}</bdi>
            </Link>
          </h2>
          <p className="hint">
            {q.answered
              ? t('questionnaires.mine.answered')
              : t('questionnaires.card.until', { date: formatDate(q.closesOn) })}
          </p>
        </li>
      ))}
    </ul>
  );
}

function One({ id }: { id: string }) {
  const q = useQuestionnaire(id);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => q.refetch()} />;
  return (
    <>
      <PageTitle>{q.data.title}</PageTitle>
      <AnswerForm q={q.data} />
    </>
  );
}

/** Questionnaires: those to answer, and for the direction, the school's (create, publish, close, results). */
export default function QuestionnairesPage({
  me,
  view,
  id,
}: {
  me: Me;
  view: 'list' | 'new' | 'edit' | 'one' | 'results';
  id?: string;
}) {
  const { t } = useTranslation();
  const school = currentSchool(me);
  const manage = hasAbility(me, 'questionnaires.manage');
  if (view === 'one' && id) {
    return (
      <div className="page">
        <p>
          <Link href="/questionnaires">{t('questionnaires.back')}</Link>
        </p>
        <One id={id} />
      </div>
    );
  }
  if (view === 'results' && id) {
    return (
      <div className="page">
        <PageTitle>{t('questionnaires.results.title')}</PageTitle>
        <p>
          <Link href="/questionnaires">{t('questionnaires.back')}</Link>
        </p>
        <ResultsView id={id} />
      </div>
    );
  }
  if (view === 'new' && school) {
    return (
      <div className="page">
        <PageTitle>{t('questionnaires.create.heading')}</PageTitle>
        <QuestionnaireForm schoolId={school.id} />
      </div>
    );
  }
  if (view === 'edit' && id && school) {
    return (
      <div className="page">
        <PageTitle>{t('questionnaires.edit.heading')}</PageTitle>
        <p>
          <Link href="/questionnaires">{t('questionnaires.back')}</Link>
        </p>
        <EditQuestionnaire schoolId={school.id} id={id} />
      </div>
    );
  }
  return (
    <div className="page">
      <PageTitle>{t('questionnaires.title')}</PageTitle>
      <MineList />
      {manage && school && <ManageList schoolId={school.id} />}
    </div>
  );
}
