import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { PageTitle } from '../components/page-title.tsx';
import { MeetingsList, MeetingView } from '../features/followup/meetings.tsx';

/** Réunions de suivi (GPDS, cellule de veille): the list, or one meeting. */
export default function FollowupMeetingsPage({ me, meetingId }: { me: Me; meetingId?: string }) {
  const { t } = useTranslation();
  const schoolId = currentSchool(me)?.id ?? '';
  if (meetingId) {
    return (
      <div className="page">
        <p className="breadcrumb">
          <Link href="/suivi/reunions">{t('meetings.back')}</Link>
        </p>
        <PageTitle>{t('meetings.one')}</PageTitle>
        <MeetingView schoolId={schoolId} meetingId={meetingId} />
      </div>
    );
  }
  return (
    <div className="page">
      <PageTitle>{t('meetings.title')}</PageTitle>
      <MeetingsList schoolId={schoolId} />
    </div>
  );
}
