import { useId, useState } from 'react';
import { Button, Input, Label, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { Loading } from '../../components/loading.tsx';
import { ErrorAlert } from '../errors.tsx';
import {
  type PupilHit,
  type ReceptionDay,
  useAddVisit,
  usePupilSearch,
  useRecordDeparture,
  useVisitLeft,
} from './api.ts';
import { AppointmentList } from './appointment-card.tsx';
import { BookForm } from './book-form.tsx';

const timeOf = (iso: string) =>
  new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' }).format(
    new Date(iso),
  );

/** Finds a pupil by name (two letters at least) and hands the chosen one over. */
function PupilPicker({ schoolId, label, onPick }: { schoolId: string; label: string; onPick: (p: PupilHit) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const search = usePupilSearch(schoolId, q);
  return (
    <div className="pupil-picker">
      <TextField className="field" value={q} onChange={setQ} type="search">
        <Label>{label}</Label>
        <Input autoComplete="off" />
      </TextField>
      {q.trim().length >= 2 &&
        (search.isPending ? (
          <Loading />
        ) : search.error ? (
          <ErrorAlert error={search.error} />
        ) : search.data.pupils.length === 0 ? (
          <p>{t('appointments.desk.noPupil')}</p>
        ) : (
          <ul className="plain-list">
            {search.data.pupils.map((p) => (
              <li key={p.id}>
                <Button className="link-button" onPress={() => onPick(p)}>
                  {p.lastName} {p.firstName}
                  {p.className && ` (${p.className})`}
                </Button>
              </li>
            ))}
          </ul>
        ))}
    </div>
  );
}

/** Reception books for the parent on the phone: the pupil, the guardian calling, then the usual form. */
function BookForFamily({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const ids = useId();
  const [pupil, setPupil] = useState<PupilHit | null>(null);
  const [guardianId, setGuardianId] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const followers = pupil?.guardians.filter((g) => g.follows) ?? [];
  return (
    <section aria-labelledby="desk-book" className="section">
      <h2 id="desk-book">{t('appointments.desk.bookTitle')}</h2>
      {done && (
        <p className="alert alert-success" role="status">
          {done}
        </p>
      )}
      {!pupil ? (
        <PupilPicker
          schoolId={schoolId}
          label={t('appointments.desk.searchPupil')}
          onPick={(p) => {
            setPupil(p);
            setGuardianId(null);
            setDone(null);
          }}
        />
      ) : (
        <>
          <p>
            {t('appointments.desk.pupil', { name: `${pupil.firstName} ${pupil.lastName}` })}{' '}
            <Button className="link-button" onPress={() => setPupil(null)}>
              {t('appointments.desk.change')}
            </Button>
          </p>
          <fieldset className="choice-group">
            <legend>{t('appointments.desk.caller')}</legend>
            {followers.length === 0 && <p>{t('appointments.desk.noGuardian')}</p>}
            {followers.map((g) => (
              <label key={g.id} className="choice">
                <input
                  type="radio"
                  name={`${ids}-guardian`}
                  checked={guardianId === g.id}
                  onChange={() => setGuardianId(g.id)}
                />{' '}
                {g.firstName} {g.lastName}{' '}
                <span className="muted">({t(`appointments.responsibility.${g.responsibility}`)})</span>
              </label>
            ))}
          </fieldset>
          {guardianId && (
            <BookForm
              key={`${pupil.id}-${guardianId}`}
              pupils={[{ id: pupil.id, name: `${pupil.firstName} ${pupil.lastName}` }]}
              guardianId={guardianId}
              onBooked={(a) => {
                setDone(
                  t('appointments.desk.booked', {
                    name: `${a.guardian.firstName} ${a.guardian.lastName}`,
                    staff: `${a.staff.firstName} ${a.staff.lastName}`,
                    time: a.startsAt,
                  }),
                );
                setPupil(null);
                setGuardianId(null);
              }}
            />
          )}
        </>
      )}
    </section>
  );
}

function VisitorLog({ schoolId, day }: { schoolId: string; day: ReceptionDay }) {
  const { t } = useTranslation();
  const add = useAddVisit(schoolId);
  const left = useVisitLeft();
  const [visitorName, setVisitorName] = useState('');
  const [visiting, setVisiting] = useState('');
  return (
    <section aria-labelledby="desk-visits" className="section">
      <h2 id="desk-visits">{t('appointments.desk.visitsTitle')}</h2>
      <form
        className="form form-inline"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate(
            { siteId: day.siteId, visitorName, visiting },
            {
              onSuccess: () => {
                setVisitorName('');
                setVisiting('');
              },
            },
          );
        }}
      >
        <TextField className="field" value={visitorName} onChange={setVisitorName} isRequired maxLength={120}>
          <Label>{t('appointments.desk.visitor')}</Label>
          <Input autoComplete="off" />
        </TextField>
        <TextField className="field" value={visiting} onChange={setVisiting} isRequired maxLength={120}>
          <Label>{t('appointments.desk.visiting')}</Label>
          <Input autoComplete="off" />
        </TextField>
        <Button type="submit" className="button button-primary" isDisabled={add.isPending}>
          {t('appointments.desk.addVisit')}
        </Button>
      </form>
      <ErrorAlert error={add.error ?? left.error} />
      {day.visits.length === 0 ? (
        <p>{t('appointments.desk.noVisit')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('appointments.desk.visitsTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('appointments.desk.visitor')}</th>
                <th scope="col">{t('appointments.desk.visiting')}</th>
                <th scope="col">{t('appointments.desk.arrivedAt')}</th>
                <th scope="col">{t('appointments.desk.leftAt')}</th>
              </tr>
            </thead>
            <tbody>
              {day.visits.map((v) => (
                <tr key={v.id}>
                  <th scope="row">
                    <bdi>{v.visitorName}</bdi>
                  </th>
                  <td>
                    <bdi>{v.visiting}</bdi>
                  </td>
                  <td>{timeOf(v.arrivedAt)}</td>
                  <td>
                    {v.leftAt ? (
                      timeOf(v.leftAt)
                    ) : (
                      <Button
                        className="button button-small"
                        isDisabled={left.isPending}
                        onPress={() => left.mutate(v.id)}
                      >
                        {t('appointments.desk.markLeft')}
                        <span className="visually-hidden"> — {v.visitorName}</span>
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function EarlyDepartures({ schoolId, day }: { schoolId: string; day: ReceptionDay }) {
  const { t } = useTranslation();
  const ids = useId();
  const record = useRecordDeparture(schoolId);
  const [pupil, setPupil] = useState<PupilHit | null>(null);
  const [collectedBy, setCollectedBy] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const refused = record.error instanceof ApiError && record.error.code === 'COLLECT_NOT_ALLOWED';
  return (
    <section aria-labelledby="desk-departures" className="section">
      <h2 id="desk-departures">{t('appointments.desk.departuresTitle')}</h2>
      {!pupil ? (
        <PupilPicker
          schoolId={schoolId}
          label={t('appointments.desk.searchPupilDeparture')}
          onPick={(p) => {
            setPupil(p);
            setCollectedBy(null);
            record.reset();
          }}
        />
      ) : (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!collectedBy) return;
            record.mutate(
              { siteId: day.siteId, pupilId: pupil.id, collectedBy, reason },
              {
                onSuccess: () => {
                  setPupil(null);
                  setReason('');
                },
              },
            );
          }}
        >
          <p>
            {t('appointments.desk.pupil', { name: `${pupil.firstName} ${pupil.lastName}` })}{' '}
            <Button className="link-button" onPress={() => setPupil(null)}>
              {t('appointments.desk.change')}
            </Button>
          </p>
          <fieldset className="choice-group">
            <legend>{t('appointments.desk.collector')}</legend>
            {pupil.guardians.map((g) => (
              <label key={g.id} className="choice">
                <input
                  type="radio"
                  name={`${ids}-collector`}
                  checked={collectedBy === g.id}
                  disabled={!g.mayCollect}
                  aria-describedby={g.mayCollect ? undefined : `${ids}-${g.id}-no`}
                  onChange={() => setCollectedBy(g.id)}
                />{' '}
                {g.firstName} {g.lastName}{' '}
                <span className="muted">({t(`appointments.responsibility.${g.responsibility}`)})</span>
                {!g.mayCollect && (
                  <span id={`${ids}-${g.id}-no`} className="tag tag-warning">
                    {' '}
                    {t('appointments.desk.mayNotCollect')}
                  </span>
                )}
              </label>
            ))}
          </fieldset>
          <p className="muted">{t('appointments.desk.collectHelp')}</p>
          <TextField className="field" value={reason} onChange={setReason} isRequired maxLength={300}>
            <Label>{t('appointments.desk.departureReason')}</Label>
            <Input autoComplete="off" />
          </TextField>
          {refused ? (
            <p className="alert alert-error" role="alert">
              {t('errors.COLLECT_NOT_ALLOWED')}
            </p>
          ) : (
            <ErrorAlert error={record.error} />
          )}
          <Button type="submit" className="button button-primary" isDisabled={!collectedBy || record.isPending}>
            {t('appointments.desk.recordDeparture')}
          </Button>
        </form>
      )}
      {day.departures.length === 0 ? (
        <p>{t('appointments.desk.noDeparture')}</p>
      ) : (
        <ul className="plain-list">
          {day.departures.map((d) => (
            <li key={d.id}>
              {t('appointments.desk.departureLine', {
                time: timeOf(d.leftAt),
                pupil: `${d.pupil.firstName} ${d.pupil.lastName}${d.pupil.className ? ` (${d.pupil.className})` : ''}`,
                by: `${d.collectedBy.firstName} ${d.collectedBy.lastName}`,
              })}{' '}
              — <bdi>{d.reason}</bdi>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The desk's day at one site: the appointments of every staff member there, then the tools of the desk. */
export function ReceptionDesk({ schoolId, day, isToday }: { schoolId: string; day: ReceptionDay; isToday: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <section aria-labelledby="desk-appointments" className="section">
        <h2 id="desk-appointments">{t('appointments.desk.appointmentsTitle')}</h2>
        <AppointmentList items={day.appointments} view="desk" empty={t('appointments.desk.noAppointment')} />
      </section>
      <BookForFamily schoolId={schoolId} />
      {isToday && <VisitorLog schoolId={schoolId} day={day} />}
      {isToday && <EarlyDepartures schoolId={schoolId} day={day} />}
      {!isToday && <p className="muted">{t('appointments.desk.otherDay')}</p>}
    </>
  );
}
