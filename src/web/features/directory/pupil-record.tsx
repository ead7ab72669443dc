import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { PersonDetail } from '../../api/types.ts';

type GuardianLink = PersonDetail['guardians'][number];

/**
 * A pupil's guardians as reception needs them: who they are to the pupil, whether they may collect the pupil,
 * a court restriction, and how to reach them. Every name opens the guardian's record (open to every staff member).
 */
export function GuardianContacts({ guardians }: { guardians: GuardianLink[] }) {
  const { t } = useTranslation();
  if (guardians.length === 0) return null;
  return (
    <section className="section" aria-labelledby="guardians-title">
      <h2 id="guardians-title">{t('person.guardians')}</h2>
      <ul className="cards guardian-contacts">
        {guardians.map((g) => {
          const name = `${g.firstName} ${g.lastName}`;
          return (
            <li key={g.id} className="card">
              <h3>
                <Link href={`/annuaire/${encodeURIComponent(g.id)}`} className="card-link">
                  <bdi>{name}</bdi>
                </Link>
              </h3>
              <p>{t(`responsibility.${g.responsibility}`)}</p>
              <p className="tags">
                {g.livesWith && <span className="tag">{t('staffDay.person.livesWith')}</span>}
                {g.courtRestricted ? (
                  <span className="tag tag-warning">{t('person.courtRestricted')}</span>
                ) : (
                  <span className={g.mayCollect ? 'tag tag-success' : 'tag tag-warning'}>
                    {t(g.mayCollect ? 'staffDay.person.mayCollect' : 'staffDay.person.mayNotCollect')}
                  </span>
                )}
              </p>
              <dl className="facts">
                <div>
                  <dt>{t('staffDay.person.email')}</dt>
                  <dd>
                    {g.email ? (
                      <a href={`mailto:${g.email}`} dir="ltr">
                        {g.email}
                      </a>
                    ) : (
                      t('staffDay.person.noEmail')
                    )}
                  </dd>
                </div>
              </dl>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** From a pupil's record to what the caller's abilities open: absences, entering an absence or a dispense, grades. */
export function PupilRecordLinks({ person, file = false }: { person: PersonDetail; file?: boolean }) {
  const { t } = useTranslation();
  const id = encodeURIComponent(person.id);
  const name = `${person.firstName} ${person.lastName}`;
  const links = [
    file && person.profiles.includes('pupil') && { href: `/eleves/${id}`, label: t('pupilFile.open') },
    person.abilities.attendance && { href: `/absences/${id}`, label: t('staffDay.person.absences') },
    person.abilities.attendance && { href: `/absences/${id}/saisie`, label: t('staffDay.person.enter') },
    person.abilities.grades && { href: `/notes/${id}`, label: t('staffDay.person.grades') },
  ].filter((l): l is { href: string; label: string } => Boolean(l));
  if (links.length === 0) return null;
  return (
    <section className="section" aria-labelledby="pupil-links-title">
      <h2 id="pupil-links-title">{t('staffDay.person.follow')}</h2>
      <ul className="cards quick-links">
        {links.map((l) => (
          <li key={l.href} className="card entry-card">
            <Link href={l.href} className="card-link entry-link">
              {l.label}
              <span className="visually-hidden"> — {name}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
