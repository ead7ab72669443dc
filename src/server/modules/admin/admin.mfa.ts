import type { Db } from '../../db/types.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError } from '../../lib/errors.ts';
import { type Actor, assertCan } from '../../lib/policy.ts';
import * as authRepo from '../auth/auth.repo.ts';
import * as directoryRepo from '../directory/directory.repo.ts';
import { notify } from '../notifications/notifications.service.ts';
import { canResetTwoStepOf } from './admin.policy.ts';
import * as repo from './admin.repo.ts';
import { assertSchoolAdmin } from './admin.service.ts';

/**
 * Resets a person's two-step sign-in when they lost their phone and their recovery codes (docs/security.md): the
 * authenticator secret, the recovery codes and pending challenges go, every session of the person ends, the
 * reset is audited (`mfa.reset`) and the person notified. At their next sign-in the password alone opens a
 * session; where their functions require the second step, that session can only set it up again.
 */
export async function resetTwoStep(db: Db, actor: Actor, schoolId: string, personId: string) {
  await assertSchoolAdmin(db, actor, schoolId);
  const [profiles, person] = await Promise.all([
    directoryRepo.findProfilesInSchool(db, personId, schoolId),
    repo.getPerson(db, personId),
  ]);
  if (!person || profiles.length === 0) throw new AppError('NOT_FOUND', 'Person not found');
  assertCan(canResetTwoStepOf(actor, schoolId, { personId, isDeploymentAdmin: person.is_deployment_admin === 1 }));
  if (!(await authRepo.findTotp(db, personId))) {
    throw new AppError('CONFLICT', 'This person has no two-step sign-in to reset');
  }
  await db.transaction().execute(async (trx) => {
    await authRepo.deleteMfaOf(trx, personId);
    await authRepo.deleteSessionsOfPerson(trx, personId);
    await recordAudit(trx, { schoolId, actorPersonId: actor.personId, action: 'mfa.reset', targetPersonId: personId });
    await notify(trx, {
      personIds: [personId],
      schoolId,
      kind: 'account.security',
      title: 'Validation en deux étapes réinitialisée',
      body: "L'administration a réinitialisé votre validation en deux étapes : configurez-la à nouveau depuis votre compte. Si vous n'en êtes pas à l'origine, prévenez le collège.",
      message: { key: 'account.mfaReset', params: {} },
      link: '/compte',
    });
  });
}
