import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatDate } from '../../i18n/index.ts';
import { useMyQuestionnaires } from './api.ts';

/** On the home page, when a questionnaire awaits an answer. */
export function QuestionnairesCard() {
  const { t } = useTranslation();
  const waiting = (useMyQuestionnaires().data?.items ?? []).filter((q) => q.abilities.answer);
  if (waiting.length === 0) return null;
  return (
    <section className="card" aria-labelledby="questionnaires-card-title">
      <h2 id="questionnaires-card-title">{t('questionnaires.card.title')}</h2>
      <ul className="today-links">
        {waiting.map((q) => (
          <li key={q.id}>
            <Link href={`/questionnaires/${q.id}`}>
              <bdi>{q.title}</bdi>
            </Link>{' '}
            <span className="hint">{t('questionnaires.card.until', { date: formatDate(q.closesOn) })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
