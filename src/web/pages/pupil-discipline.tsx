import { useTranslation } from 'react-i18next';
import { Link, Redirect } from 'wouter';
import { currentSchool, hasAbility } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { PageTitle } from '../components/page-title.tsx';
import { DisciplineBlock } from '../features/discipline/discipline-block.tsx';
import { SupportPlanBlock } from '../features/discipline/support-plan-block.tsx';

/**
 * "Punitions et sanctions": a pupil's punishments, sanctions and their letters. Families (guardians whose link opens
 * school information, the pupil) and vie scolaire; staff who see plans also see the pupil's support plans.
 */
export default function PupilDisciplinePage({ me, pupilId }: { me: Me; pupilId?: string }) {
  const { t } = useTranslation();
  if (!pupilId) {
    if (me.children.length === 0) return <Redirect to={`/vie-de-l-eleve/${me.person.id}`} replace />;
    if (me.children.length === 1) return <Redirect to={`/vie-de-l-eleve/${me.children[0]?.id}`} replace />;
    return (
      <div className="page">
        <PageTitle>{t('discipline.family.title')}</PageTitle>
        <ul className="cards">
          {me.children.map((c) => (
            <li key={c.id} className="card">
              <Link href={`/vie-de-l-eleve/${c.id}`} className="card-link">
                {c.firstName} {c.lastName}
              </Link>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const child = me.children.find((c) => c.id === pupilId);
  const schoolId = child?.schoolId ?? currentSchool(me)?.id ?? '';
  const name = child ? `${child.firstName} ${child.lastName}` : null;
  return (
    <div className="page">
      <PageTitle>{name ? t('discipline.family.titleOf', { name }) : t('discipline.family.title')}</PageTitle>
      {me.children.length > 1 && (
        <nav aria-label={t('attendance.family.children')} className="child-switch">
          <ul className="actions">
            {me.children.map((c) => (
              <li key={c.id}>
                <Link
                  href={`/vie-de-l-eleve/${c.id}`}
                  className="button"
                  aria-current={c.id === pupilId ? 'page' : undefined}
                >
                  {c.firstName} {c.lastName}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <DisciplineBlock schoolId={schoolId} pupilId={pupilId} />
      {hasAbility(me, 'support.plans') && <SupportPlanBlock schoolId={schoolId} pupilId={pupilId} />}
    </div>
  );
}
