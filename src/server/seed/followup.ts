import type { Executor, FollowupReadTable } from '../db/types.ts';
import { newId } from '../lib/ids.ts';
import type { StaffFunction } from '../lib/policy.ts';
import { addDays } from '../modules/timetable/timetable.calendar.ts';

/**
 * The demo follow-up: notes in every compartment for three pupils of the professeur principal's class, one of them
 * shared with the team, and one GPDS meeting with minutes and actions (one for the professeur, one for the CPE).
 * Deterministic: the same pupils (by name order) and texts on every run.
 */
export async function seedFollowup(
  db: Executor,
  o: {
    schoolId: string;
    today: string;
    now: string;
    notable: { professeur: string; staff: Partial<Record<StaffFunction, string>> };
  },
): Promise<Record<string, number>> {
  const { staff, professeur } = o.notable;
  const pp = await db
    .selectFrom('class_principals')
    .select('class_id')
    .where('teacher_id', '=', professeur)
    .orderBy('class_id')
    .executeTakeFirst();
  if (!pp) return { followupEntries: 0 };
  const pupils = await db
    .selectFrom('class_memberships as m')
    .innerJoin('people as p', 'p.id', 'm.pupil_id')
    .select(['p.id'])
    .where('m.class_id', '=', pp.class_id)
    .orderBy('p.last_name')
    .orderBy('p.first_name')
    .limit(3)
    .execute();
  if (pupils.length < 3) return { followupEntries: 0 };
  const [a, b, c] = pupils.map((p) => p.id) as [string, string, string];
  const day = (n: number) => addDays(o.today, -n);
  const notes: Array<[string, string | undefined, string, string, number, string]> = [
    [
      a,
      staff.infirmiere,
      'infirmerie',
      'entretien',
      12,
      'Maux de tête fréquents en fin de matinée ; conseil de consulter le médecin traitant.',
    ],
    [
      a,
      staff.assistante_sociale,
      'service_social',
      'appel',
      10,
      'Appel de la mère : difficultés de logement, rendez-vous proposé.',
    ],
    [
      a,
      staff.psyen,
      'psyen',
      'entretien',
      9,
      'Premier entretien : motivation en baisse, reprise prévue dans deux semaines.',
    ],
    [a, staff.cpe, 'vie_scolaire', 'observation', 7, 'Retards répétés le lundi matin ; échange avec l’élève.'],
    [a, staff.principal, 'direction', 'reunion', 5, 'Rencontre avec la famille : engagement écrit sur l’assiduité.'],
    [b, staff.cpe, 'vie_scolaire', 'appel', 6, 'Famille appelée après trois demi-journées d’absence non justifiées.'],
    [b, staff.infirmiere, 'infirmerie', 'observation', 4, 'Passage à l’infirmerie pour une douleur au genou (EPS).'],
    [c, professeur, 'equipe', 'observation', 3, 'Décrochage en mathématiques et en français depuis les vacances.'],
  ];
  let entries = 0;
  const sharedId = newId();
  // The log of reads (« Journal des consultations ») as the app writes it: each author reopened their note the day
  // after, and the direction read the note the CPE shared with the team.
  const reads: FollowupReadTable[] = [];
  const readBy = (entryId: string, pupilId: string, compartment: string, readerId: string, ago: number) =>
    reads.push({
      id: newId(),
      school_id: o.schoolId,
      entry_id: entryId,
      pupil_id: pupilId,
      compartment,
      reader_id: readerId,
      read_at: `${day(ago)}T09:${String(10 + reads.length).padStart(2, '0')}:00.000Z`,
    });
  for (const [pupilId, author, compartment, kind, ago, body] of notes) {
    if (!author) continue;
    const id = compartment === 'vie_scolaire' && pupilId === b ? sharedId : newId();
    readBy(id, pupilId, compartment, author, Math.max(ago - 1, 0));
    if (id === sharedId && staff.principal) readBy(id, pupilId, compartment, staff.principal, Math.max(ago - 2, 0));
    await db
      .insertInto('followup_entries')
      .values({
        id,
        school_id: o.schoolId,
        pupil_id: pupilId,
        compartment,
        kind,
        occurred_on: day(ago),
        body,
        author_id: author,
        meeting_id: null,
        shared_with_team: id === sharedId ? 1 : 0,
        created_at: o.now,
      })
      .execute();
    entries++;
  }
  if (reads.length > 0) await db.insertInto('followup_reads').values(reads).execute();
  if (staff.cpe) {
    await db
      .insertInto('followup_entry_shares')
      .values({ id: newId(), entry_id: sharedId, person_id: null, shared_by: staff.cpe, created_at: o.now })
      .execute();
  }
  const members = [
    staff.principal,
    staff.cpe,
    staff.psyen,
    staff.infirmiere,
    staff.assistante_sociale,
    professeur,
  ].filter((x): x is string => Boolean(x));
  const meetingId = newId();
  await db
    .insertInto('followup_meetings')
    .values({
      id: meetingId,
      school_id: o.schoolId,
      kind: 'gpds',
      held_on: day(2),
      title: 'GPDS du mois',
      created_by: staff.principal ?? staff.cpe ?? null,
      created_at: o.now,
    })
    .execute();
  await db
    .insertInto('followup_meeting_members')
    .values(members.map((person_id) => ({ meeting_id: meetingId, person_id })))
    .execute();
  await db
    .insertInto('followup_meeting_pupils')
    .values([a, c].map((pupil_id) => ({ meeting_id: meetingId, pupil_id })))
    .execute();
  await db
    .insertInto('followup_entries')
    .values({
      id: newId(),
      school_id: o.schoolId,
      pupil_id: c,
      compartment: 'equipe',
      kind: 'reunion',
      occurred_on: day(2),
      body: 'Tutorat proposé par le professeur principal ; point avec la famille à prévoir.',
      author_id: staff.cpe ?? professeur,
      meeting_id: meetingId,
      shared_with_team: 0,
      created_at: o.now,
    })
    .execute();
  entries++;
  const actions = [
    [professeur, c, 'Mettre en place un tutorat hebdomadaire', 5],
    [staff.cpe, a, 'Recevoir la famille au sujet des retards', 7],
  ] as const;
  for (const [owner, pupilId, title, inDays] of actions) {
    if (!owner) continue;
    await db
      .insertInto('followup_actions')
      .values({
        id: newId(),
        school_id: o.schoolId,
        meeting_id: meetingId,
        pupil_id: pupilId,
        title,
        owner_id: owner,
        due_on: addDays(o.today, inDays),
        done_at: null,
        created_by: staff.principal ?? owner,
        created_at: o.now,
      })
      .execute();
  }
  return { followupEntries: entries, followupReads: reads.length, followupMeetings: 1 };
}
