import type { Executor, MessageCopyTable, MessageTable } from '../db/types.ts';
import { newId } from '../lib/ids.ts';
import { loadSchoolGraph } from '../modules/messaging/messaging.audience.ts';
import * as repo from '../modules/messaging/messaging.repo.ts';
import type { Category } from '../modules/messaging/messaging.rules.ts';
import { bodyToText } from '../modules/messaging/messaging.sanitize.ts';
import { Rng } from './random.ts';

const TEACHER_TO_FAMILY: Array<[string, string, string]> = [
  [
    'Travail non rendu',
    '<p>Bonjour,</p><p>{child} n’a pas rendu le devoir maison prévu pour lundi. Pouvez-vous en parler avec lui ou elle ?</p><p>Cordialement</p>',
    '<p>Bonjour, merci de nous avoir prévenus, nous allons vérifier ce soir.</p>',
  ],
  [
    'Matériel oublié',
    '<p>Bonjour,</p><p>{child} oublie régulièrement son matériel (cahier, calculatrice). Merci d’y veiller.</p>',
    '<p>Bonjour, c’est noté, nous y veillerons.</p>',
  ],
  [
    'Très bon trimestre',
    '<p>Bonjour,</p><p>Je tenais à vous dire que {child} fournit de très bons efforts en ce moment. Bravo à lui ou elle !</p>',
    '<p>Merci beaucoup pour ce message, cela fait plaisir.</p>',
  ],
  [
    'Demande de rendez-vous',
    '<p>Bonjour,</p><p>Je souhaiterais vous rencontrer au sujet de {child}. Seriez-vous disponible mardi ou jeudi après 16 h 30 ?</p>',
    '<p>Bonjour, jeudi 17 h nous conviendrait. Merci.</p>',
  ],
  [
    'Sortie pédagogique',
    '<p>Bonjour,</p><p>Une sortie est prévue le mois prochain. Merci de rendre l’autorisation signée avant vendredi.</p>',
    '<p>Bonjour, l’autorisation est dans le cahier de liaison.</p>',
  ],
  [
    'Bavardages en classe',
    '<p>Bonjour,</p><p>{child} bavarde beaucoup en classe ces dernières semaines, ce qui gêne son travail.</p>',
    '<p>Bonjour, nous allons lui en parler. Merci.</p>',
  ],
];
const VIE_SCOLAIRE_TO_FAMILY: Array<[string, string, string]> = [
  [
    'Absence à justifier',
    '<p>Bonjour,</p><p>{child} était absent ou absente ce matin. Merci de justifier cette absence sur Préau ou par écrit.</p>',
    '<p>Bonjour, il ou elle était malade, je dépose le justificatif.</p>',
  ],
  [
    'Retards répétés',
    '<p>Bonjour,</p><p>{child} est arrivé ou arrivée en retard trois fois cette semaine. Merci de veiller aux horaires.</p>',
    '<p>Bonjour, le bus a eu des problèmes, nous partirons plus tôt.</p>',
  ],
  [
    'Retenue',
    '<p>Bonjour,</p><p>{child} aura une retenue mercredi de 13 h à 15 h pour travail non fait.</p>',
    '<p>Bonjour, c’est bien noté.</p>',
  ],
  [
    'Carnet de correspondance',
    '<p>Bonjour,</p><p>Merci de signer le carnet de correspondance de {child}.</p>',
    '<p>C’est fait, merci.</p>',
  ],
];
const STAFF_TO_STAFF: Array<[string, string, string]> = [
  [
    'Conseil de classe',
    '<p>Bonjour,</p><p>Pensez à saisir vos appréciations avant jeudi pour le conseil de classe.</p>',
    '<p>C’est noté, merci.</p>',
  ],
  [
    'Salle informatique',
    '<p>Bonjour,</p><p>La salle informatique est-elle libre vendredi en M3 ?</p>',
    '<p>Oui, je te la réserve.</p>',
  ],
  [
    'Réunion d’équipe',
    '<p>Bonjour à tous,</p><p>Réunion d’équipe pédagogique lundi à 17 h en salle des professeurs.</p>',
    '<p>Je serai là.</p>',
  ],
  [
    'Projet de sortie',
    '<p>Bonjour,</p><p>Je propose une sortie au musée pour les 4e. Qui serait partant ?</p>',
    '<p>Avec plaisir, je peux accompagner.</p>',
  ],
];

/**
 * A few hundred conversations in the demo college that follow the rules (teachers write to the guardians of
 * pupils they teach, vie scolaire to any family, staff to staff), many answered, part unread. Rows are built in
 * memory and inserted in batches: the seed stays fast.
 */
export async function seedMessaging(
  db: Executor,
  o: { schoolId: string; now: string; notable: { parent: string; eleve: string; professeur: string; cpe?: string } },
): Promise<{ messages: number }> {
  const rng = new Rng(`messaging:${o.schoolId}`);
  const g = await loadSchoolGraph(db, o.schoolId);
  const byCat = (c: Category) => [...g.people.values()].filter((p) => p.categories.has(c)).map((p) => p.id);
  const teachers = byCat('teacher');
  const vieScolaire = byCat('vie_scolaire');
  const staff = [...new Set([...teachers, ...vieScolaire, ...byCat('direction'), ...byCat('office')])];
  const messages: MessageTable[] = [];
  const copies: MessageCopyTable[] = [];
  const base = Date.parse(o.now);
  const name = (id: string) => g.people.get(id)!;

  const conversation = (
    from: string,
    fromRole: Category,
    to: string,
    toRole: Category,
    [subject, body, answer]: [string, string, string],
    child: string | null,
    opts: { minutesAgo: number; answered: boolean; readByRecipient: boolean },
  ) => {
    const sentAt = new Date(base - opts.minutesAgo * 60_000).toISOString();
    const id = newId();
    const html = body.replace('{child}', child ? name(child).firstName : '');
    const recipient = name(to);
    messages.push({
      id,
      school_id: o.schoolId,
      sender_id: from,
      sender_role: fromRole,
      thread_id: id,
      parent_id: null,
      forward_of_id: null,
      subject,
      body_html: html,
      body_text: bodyToText(html),
      audience: JSON.stringify([
        { type: 'person', id: to, firstName: recipient.firstName, lastName: recipient.lastName },
      ]),
      draft_recipients: '[]',
      recipient_count: 1,
      created_at: sentAt,
      updated_at: sentAt,
      sent_at: sentAt,
      sender_trashed_at: null,
      sender_purged_at: null,
    });
    const answered = opts.answered;
    copies.push({
      id: newId(),
      message_id: id,
      person_id: to,
      created_at: sentAt,
      read_at: answered || opts.readByRecipient ? sentAt : null,
      trashed_at: null,
      purged_at: null,
    });
    if (!answered) return;
    const replyAt = new Date(base - (opts.minutesAgo - rng.int(20, 600)) * 60_000).toISOString();
    const rid = newId();
    const sender = name(from);
    messages.push({
      id: rid,
      school_id: o.schoolId,
      sender_id: to,
      sender_role: toRole,
      thread_id: id,
      parent_id: id,
      forward_of_id: null,
      subject: `Re : ${subject}`,
      body_html: answer,
      body_text: bodyToText(answer),
      audience: JSON.stringify([{ type: 'person', id: from, firstName: sender.firstName, lastName: sender.lastName }]),
      draft_recipients: '[]',
      recipient_count: 1,
      created_at: replyAt,
      updated_at: replyAt,
      sent_at: replyAt,
      sender_trashed_at: null,
      sender_purged_at: null,
    });
    copies.push({
      id: newId(),
      message_id: rid,
      person_id: from,
      created_at: replyAt,
      read_at: rng.chance(0.7) ? replyAt : null,
      trashed_at: null,
      purged_at: null,
    });
  };

  const teachersOf = (pupil: string) => {
    const out = new Set<string>();
    const classId = g.classOf.get(pupil);
    for (const t of (classId && g.teachersOfClass.get(classId)) || []) out.add(t);
    return [...out];
  };
  const pupilsWithGuardians = [...g.guardiansOf.keys()];
  // Teachers ↔ families.
  for (let i = 0; i < 160 && pupilsWithGuardians.length; i++) {
    const pupil = rng.pick(pupilsWithGuardians);
    const teacher = teachersOf(pupil);
    if (teacher.length === 0) continue;
    const guardian = rng.pick(g.guardiansOf.get(pupil)!);
    conversation(rng.pick(teacher), 'teacher', guardian, 'guardian', rng.pick(TEACHER_TO_FAMILY), pupil, {
      minutesAgo: rng.int(60, 60 * 24 * 60),
      answered: rng.chance(0.6),
      readByRecipient: rng.chance(0.8),
    });
  }
  // Vie scolaire ↔ families.
  for (let i = 0; i < 90 && vieScolaire.length && pupilsWithGuardians.length; i++) {
    const pupil = rng.pick(pupilsWithGuardians);
    conversation(
      rng.pick(vieScolaire),
      'vie_scolaire',
      rng.pick(g.guardiansOf.get(pupil)!),
      'guardian',
      rng.pick(VIE_SCOLAIRE_TO_FAMILY),
      pupil,
      {
        minutesAgo: rng.int(60, 60 * 24 * 60),
        answered: rng.chance(0.5),
        readByRecipient: rng.chance(0.8),
      },
    );
  }
  // Staff ↔ staff.
  for (let i = 0; i < 60 && staff.length > 1; i++) {
    const from = rng.pick(staff);
    let to = rng.pick(staff);
    if (to === from) to = staff[(staff.indexOf(from) + 1) % staff.length]!;
    const role = (id: string): Category =>
      [...name(id).categories].find((c) => c !== 'guardian' && c !== 'pupil') ?? 'office';
    conversation(from, role(from), to, role(to), rng.pick(STAFF_TO_STAFF), null, {
      minutesAgo: rng.int(60, 60 * 24 * 60),
      answered: rng.chance(0.6),
      readByRecipient: rng.chance(0.8),
    });
  }
  // The demo sign-ins find something waiting: the parent an unread message from the professeur's colleague of
  // their child, and an answered one; the pupil a message from the CPE.
  const parentChildren = g.childrenOf.get(o.notable.parent) ?? [];
  const child = parentChildren[0];
  if (child) {
    const childTeachers = teachersOf(child);
    const t1 = childTeachers.includes(o.notable.professeur) ? o.notable.professeur : childTeachers[0];
    if (t1) {
      conversation(t1, 'teacher', o.notable.parent, 'guardian', TEACHER_TO_FAMILY[4]!, child, {
        minutesAgo: 90,
        answered: false,
        readByRecipient: false,
      });
      conversation(t1, 'teacher', o.notable.parent, 'guardian', TEACHER_TO_FAMILY[3]!, child, {
        minutesAgo: 60 * 30,
        answered: true,
        readByRecipient: true,
      });
    }
    if (o.notable.cpe) {
      conversation(o.notable.cpe, 'vie_scolaire', o.notable.parent, 'guardian', VIE_SCOLAIRE_TO_FAMILY[3]!, child, {
        minutesAgo: 60 * 5,
        answered: false,
        readByRecipient: false,
      });
    }
  }
  if (o.notable.cpe && g.people.has(o.notable.eleve)) {
    conversation(
      o.notable.cpe,
      'vie_scolaire',
      o.notable.eleve,
      'pupil',
      [
        'Rendez-vous vie scolaire',
        '<p>Bonjour,</p><p>Passe me voir au bureau de la vie scolaire demain à la récréation de 10 h.</p>',
        '<p>D’accord, j’y serai.</p>',
      ],
      null,
      { minutesAgo: 120, answered: false, readByRecipient: false },
    );
  }
  for (let i = 0; i < messages.length; i += 400) {
    await db
      .insertInto('messages')
      .values(messages.slice(i, i + 400))
      .execute();
  }
  await repo.insertCopies(db, copies);
  return { messages: messages.length };
}
