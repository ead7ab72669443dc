import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { hasAbility } from '../../api/queries.ts';
import type { Me } from '../../api/types.ts';

/** The home page's timetable, cahier and attendance entries: only those the abilities in /api/me open. */
export function TimetableLinks({ me }: { me: Me }) {
  const { t } = useTranslation();
  const can = (a: string) => hasAbility(me, a);
  const links = [
    (can('self.view') || can('classes.view')) && { href: '/emploi-du-temps', label: t('timetable.homeMine') },
    can('self.view') && { href: '/travail-a-faire', label: t('cahier.toDoTitle') },
    can('children.view') && { href: '/journee-famille', label: t('timetable.homeFamilyDay') },
    can('timetable.cancel') && { href: '/emplois-du-temps', label: t('timetable.homeSchool') },
    can('attendance.watch') && { href: '/appels-manquants', label: t('timetable.homeMissing') },
  ].filter((l): l is { href: string; label: string } => Boolean(l));
  if (links.length === 0) return null;
  return (
    <section aria-labelledby="timetable-links-title" className="section">
      <h2 id="timetable-links-title">{t('timetable.homeTitle')}</h2>
      <ul className="cards quick-links">
        {links.map((l) => (
          <li key={l.href} className="card">
            <Link href={l.href} className="card-link">
              {l.label}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
