import type { Executor, MessageTable } from '../../db/types.ts';
import type { Actor } from '../../lib/policy.ts';
import { notify } from '../notifications/notifications.service.ts';

/**
 * Tells each recipient of a message that it has arrived (category messagerie of docs/mail.md): who wrote and the
 * subject, never the text — it is read in Préau, where the rules of the messagerie apply.
 */
export async function notifyNewMessage(db: Executor, actor: Actor, message: MessageTable, recipientIds: string[]) {
  const sender = `${actor.firstName} ${actor.lastName}`;
  const subject = message.subject.slice(0, 200);
  await notify(db, {
    personIds: recipientIds.filter((id) => id !== actor.personId),
    schoolId: message.school_id,
    kind: 'message.received',
    title: `Nouveau message de ${sender}`,
    body: `« ${subject} » : lisez-le dans la messagerie de Préau.`,
    link: `/messagerie/${message.id}`,
    message: { key: 'message.received', params: { sender, subject } },
  });
}
