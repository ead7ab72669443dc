import { useTranslation } from 'react-i18next';
import { currentSchool, hasAbility } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { useNews } from '../features/news/api.ts';
import { NewsDetail } from '../features/news/news-detail.tsx';
import { NewsListView } from '../features/news/news-list.tsx';
import { PublishForm } from '../features/news/publish-form.tsx';
import { ReceiptsView } from '../features/news/receipts.tsx';
import '../features/news/news.css';

/** Actualités: the list, one news, « Publier une actualité », and the read receipts of a news. */
export default function NewsPage({
  me,
  view,
  id,
}: {
  me: Me;
  view: 'list' | 'one' | 'publish' | 'edit' | 'receipts';
  id?: string;
}) {
  const { t } = useTranslation();
  const school = currentSchool(me);
  if (view === 'one' && id) {
    return (
      <div className="page">
        <NewsDetail id={id} />
      </div>
    );
  }
  if (view === 'receipts' && id) {
    return (
      <div className="page">
        <ReceiptsView id={id} />
      </div>
    );
  }
  if (view === 'edit' && id) {
    return (
      <div className="page">
        <PageTitle>{t('news.edit.title')}</PageTitle>
        <EditNews id={id} />
      </div>
    );
  }
  if (view === 'publish' && school) {
    return (
      <div className="page">
        <PageTitle>{t('news.publish.title')}</PageTitle>
        <p className="hint">{t('news.publish.intro', { school: school.name })}</p>
        <PublishForm schoolId={school.id} />
      </div>
    );
  }
  return (
    <div className="page">
      <PageTitle>{t('news.title')}</PageTitle>
      <NewsListView canPublish={hasAbility(me, 'news.publish')} />
    </div>
  );
}

/** « Modifier l’actualité »: the publish form filled in with the news. */
function EditNews({ id }: { id: string }) {
  const news = useNews(id);
  if (news.isPending) return <Loading />;
  if (news.error || !news.data) return <ErrorAlert error={news.error} />;
  return <PublishForm key={news.data.id} schoolId={news.data.schoolId} existing={news.data} />;
}
