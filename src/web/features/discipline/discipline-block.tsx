import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { Loading } from '../../components/loading.tsx';
import { formatDate, formatDateTime } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { letterUrl, usePupilDiscipline } from './queries.ts';
import type { Punishment, PupilDiscipline } from './types.ts';
import './discipline.css';

/** One punishment; with the pupil's name (a link to the pupil's punishments and sanctions when `linkPupil`). */
export function PunishmentLine({
  p,
  withPupil = false,
  linkPupil = false,
}: {
  p: Punishment;
  withPupil?: boolean;
  linkPupil?: boolean;
}) {
  const { t } = useTranslation();
  const d = p.detention;
  return (
    <>
      <h4>
        {withPupil && (
          <>
            {linkPupil ? (
              <Link href={`/vie-de-l-eleve/${p.pupil.id}`}>
                <bdi>
                  {p.pupil.lastName} {p.pupil.firstName}
                </bdi>
              </Link>
            ) : (
              <bdi>
                {p.pupil.lastName} {p.pupil.firstName}
              </bdi>
            )}
            {p.pupil.className ? ` (${p.pupil.className})` : ''} —{' '}
          </>
        )}
        {t(`discipline.punishment.kinds.${p.kind}`)}
      </h4>
      <p>{p.reason}</p>
      <p className="discipline-meta">
        {t('discipline.punishment.givenBy', {
          date: formatDate(p.givenOn),
          name: p.givenBy ? `${p.givenBy.firstName} ${p.givenBy.lastName}` : '—',
        })}
      </p>
      {d && (
        <p className="discipline-meta">
          {t('discipline.detention.when', { date: formatDate(d.date), from: d.startsAt, to: d.endsAt, room: d.room })}
          {d.status && ` — ${t(`discipline.detention.status.${d.status}`)}`}
        </p>
      )}
    </>
  );
}

/**
 * A pupil's punishments, sanctions still in the file (with their letters) and procedures under way; incident
 * reports only when the server sends them (direction and vie scolaire). For the family page; the pupil's file draws
 * DisciplineRecord from its own block.
 */
export function DisciplineBlock({ schoolId, pupilId }: { schoolId: string; pupilId: string }) {
  const q = usePupilDiscipline(schoolId, pupilId);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorAlert error={q.error} />;
  return <DisciplineRecord schoolId={schoolId} pupilId={pupilId} data={q.data} />;
}

/** A pupil's discipline record as the server gave it (the discipline route or the pupil's file). */
export function DisciplineRecord({
  schoolId,
  pupilId,
  data: d,
}: {
  schoolId: string;
  pupilId: string;
  data: Omit<PupilDiscipline, 'pupil'>;
}) {
  const { t } = useTranslation();
  return (
    <section className="discipline-block section" aria-labelledby={`discipline-${pupilId}`}>
      <h2 id={`discipline-${pupilId}`}>{t('discipline.block.title')}</h2>
      {d.openProcedures.length > 0 && (
        <>
          <h3>{t('discipline.block.openProcedures')}</h3>
          <ul className="discipline-list">
            {d.openProcedures.map((p) => (
              <li key={p.procedureId}>
                <p>{p.facts}</p>
                <p className="discipline-meta">
                  {t('discipline.procedure.defenceUntil', { at: formatDateTime(p.defenceEndsAt) })}
                </p>
                <a href={letterUrl(schoolId, p.procedureId, 'opening')} download>
                  {t('discipline.procedure.openingLetter')}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>{t('discipline.block.sanctions')}</h3>
      {d.sanctions.length === 0 ? (
        <p className="hint">{t('discipline.block.noSanction')}</p>
      ) : (
        <ul className="discipline-list">
          {d.sanctions.map((s) => (
            <li key={s.procedureId}>
              <h4>
                {t(`discipline.sanctions.${s.sanction}`)}
                {s.sursis ? ` — ${t('discipline.sanctions.sursis')}` : ''}
              </h4>
              <p>{s.facts}</p>
              <p className="discipline-meta">
                {t('discipline.block.pronounced', { date: formatDate(s.pronouncedAt) })}
                {s.removalDueOn && ` ${t('discipline.block.removal', { date: formatDate(s.removalDueOn) })}`}
              </p>
              <a className="button" href={letterUrl(schoolId, s.procedureId, 'sanction')} download>
                {t('discipline.procedure.sanctionLetter')}
              </a>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('discipline.block.punishments')}</h3>
      {d.punishments.length === 0 ? (
        <p className="hint">{t('discipline.block.noPunishment')}</p>
      ) : (
        <ul className="discipline-list">
          {d.punishments.map((p) => (
            <li key={p.id}>
              <PunishmentLine p={p} />
            </li>
          ))}
        </ul>
      )}
      {d.incidents && (
        <>
          <h3>{t('discipline.block.incidents')}</h3>
          {d.incidents.length === 0 ? (
            <p className="hint">{t('discipline.incident.none')}</p>
          ) : (
            <ul className="discipline-list">
              {d.incidents.map((i) => (
                <li key={i.id}>
                  <h4>
                    {formatDateTime(i.occurredAt)} — {i.place}
                  </h4>
                  <p>{i.description}</p>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

/** What the reader wrote about a pupil (incident reports, punishments given): a teacher's part of the record. */
export function OwnDisciplineRecord({
  pupilId,
  data: d,
}: {
  pupilId: string;
  data: Pick<PupilDiscipline, 'punishments'> & { incidents: NonNullable<PupilDiscipline['incidents']> };
}) {
  const { t } = useTranslation();
  const empty = d.punishments.length === 0 && d.incidents.length === 0;
  return (
    <section className="discipline-block section" aria-labelledby={`own-discipline-${pupilId}`}>
      <h2 id={`own-discipline-${pupilId}`}>{t('discipline.block.own.title')}</h2>
      <p className="hint">{t('discipline.block.own.hint')}</p>
      {empty && <p>{t('discipline.block.own.none')}</p>}
      {d.incidents.length > 0 && (
        <>
          <h3>{t('discipline.block.own.incidents')}</h3>
          <ul className="discipline-list">
            {d.incidents.map((i) => (
              <li key={i.id}>
                <h4>
                  {formatDateTime(i.occurredAt)} — {i.place}
                </h4>
                <p>{i.description}</p>
              </li>
            ))}
          </ul>
        </>
      )}
      {d.punishments.length > 0 && (
        <>
          <h3>{t('discipline.block.own.punishments')}</h3>
          <ul className="discipline-list">
            {d.punishments.map((p) => (
              <li key={p.id}>
                <PunishmentLine p={p} />
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <Link href="/incidents">{t('discipline.block.own.link')}</Link>
      </p>
    </section>
  );
}
