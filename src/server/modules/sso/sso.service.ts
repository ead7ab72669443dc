import type { Executor } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { randomToken, sha256 } from '../../lib/ids.ts';
import type { ProfileKind, StaffFunction } from '../../lib/policy.ts';
import type { SsoClient } from '../../lib/sso-clients.ts';
import { mayUseClient } from './sso.policy.ts';
import * as repo from './sso.repo.ts';

/** How long a CAS service ticket may wait to be validated (the CAS protocol recommends seconds, not minutes). */
export const CAS_TICKET_TTL_MS = 60_000;

/**
 * The national profile codes of the ENT specification (SDET, ENTPersonProfils) for a Préau profile: what
 * national applications and Pronote's ENT mode expect. Staff are told apart by their functions.
 */
export function nationalProfile(kind: ProfileKind, functions: readonly StaffFunction[]): string {
  if (kind === 'pupil') return 'National_ELV';
  if (kind === 'guardian') return 'National_TUT';
  if (kind === 'teacher') return 'National_ENS';
  if (functions.some((f) => f === 'principal' || f === 'deputy')) return 'National_DIR';
  if (functions.some((f) => f === 'cpe' || f === 'assistant_education')) return 'National_EVS';
  if (functions.includes('documentaliste')) return 'National_DOC';
  return 'National_ETA';
}

export interface SchoolIdentity {
  uai: string;
  name: string;
  profile: ProfileKind;
  frProfile: string;
  /** A pupil's class this day. */
  class?: { code: string; label: string; level: string };
}

export interface Identity {
  personId: string;
  login: string;
  firstName: string;
  lastName: string;
  email: string | null;
  /** Every profile the client may see, the preferred school first. */
  schools: SchoolIdentity[];
}

/**
 * Who the person is for one client: only the profiles the client is allowed (SSO_CLIENTS_FILE), the school of
 * `preferredSchoolId` first. Null when the account is disabled, unknown or has no allowed profile.
 */
export async function identityFor(
  db: Executor,
  personId: string,
  client: SsoClient,
  preferredSchoolId: string | null = null,
  now = new Date(),
): Promise<Identity | null> {
  const person = await repo.findPersonForClaims(db, personId);
  if (!person || person.disabled_at !== null) return null;
  const [profiles, functions, classes] = await Promise.all([
    repo.findSchoolProfiles(db, personId),
    repo.findFunctions(db, personId),
    repo.findCurrentClasses(db, personId, todayInParis(now)),
  ]);
  const allowed = profiles.filter((p) => client.profiles.includes(p.kind as ProfileKind));
  if (!mayUseClient(allowed as { kind: ProfileKind }[], client)) return null;
  allowed.sort((a, b) => Number(b.school_id === preferredSchoolId) - Number(a.school_id === preferredSchoolId));
  return {
    personId: person.id,
    login: person.login,
    firstName: person.first_name,
    lastName: person.last_name,
    email: person.email,
    schools: allowed.map((p) => {
      const kind = p.kind as ProfileKind;
      const fns = functions.filter((f) => f.school_id === p.school_id).map((f) => f.function as StaffFunction);
      const cls = kind === 'pupil' ? classes.find((c) => c.school_id === p.school_id) : undefined;
      return {
        uai: p.uai,
        name: p.name,
        profile: kind,
        frProfile: nationalProfile(kind, fns),
        ...(cls ? { class: { code: cls.code, label: cls.label, level: cls.level } } : {}),
      };
    }),
  };
}

/** The OpenID Connect claims of an identity (docs/sso.md); the provider keeps those the granted scopes name. */
export function claimsOf(identity: Identity): Record<string, unknown> {
  const main = identity.schools[0];
  return {
    sub: identity.personId,
    name: `${identity.firstName} ${identity.lastName}`,
    given_name: identity.firstName,
    family_name: identity.lastName,
    preferred_username: identity.login,
    ...(identity.email ? { email: identity.email } : {}),
    ...(main
      ? {
          uai: main.uai,
          school_name: main.name,
          profile: main.profile,
          fr_profile: main.frProfile,
          ...(main.class ? { class: main.class.code, class_label: main.class.label } : {}),
        }
      : {}),
    schools: identity.schools.map((s) => ({
      uai: s.uai,
      name: s.name,
      profile: s.profile,
      fr_profile: s.frProfile,
      ...(s.class ? { class: s.class.code } : {}),
    })),
  };
}

// ---- CAS ----

/** Creates a service ticket for `service` (already matched to `client`): returns the ticket to put in the URL. */
export async function issueCasTicket(
  db: Executor,
  input: { client: SsoClient; service: string; personId: string; schoolId: string | null },
  now = new Date(),
): Promise<string> {
  const ticket = `ST-${randomToken(32)}`;
  await repo.insertCasTicket(db, {
    ticket_hash: sha256(ticket),
    client_id: input.client.clientId,
    service: input.service,
    person_id: input.personId,
    school_id: input.schoolId,
    expires_at: new Date(now.getTime() + CAS_TICKET_TTL_MS).toISOString(),
    created_at: now.toISOString(),
  });
  return ticket;
}

export type CasFailure = { code: 'INVALID_REQUEST' | 'INVALID_TICKET' | 'INVALID_SERVICE'; message: string };
export type CasValidation = { ok: true; identity: Identity } | { ok: false; failure: CasFailure };

/** serviceValidate: the ticket is taken out whatever the outcome (single use), then checked. */
export async function validateCasTicket(
  db: Executor,
  clients: readonly SsoClient[],
  input: { ticket: string | undefined; service: string | undefined },
  now = new Date(),
): Promise<CasValidation> {
  const { ticket, service } = input;
  if (!ticket || !service) {
    return { ok: false, failure: { code: 'INVALID_REQUEST', message: 'ticket and service are required' } };
  }
  if (!ticket.startsWith('ST-')) {
    return { ok: false, failure: { code: 'INVALID_TICKET', message: `Ticket ${ticket} not recognized` } };
  }
  const row = await repo.takeCasTicket(db, sha256(ticket));
  if (!row || Date.parse(row.expires_at) <= now.getTime()) {
    return { ok: false, failure: { code: 'INVALID_TICKET', message: `Ticket ${ticket} not recognized` } };
  }
  if (row.service !== service) {
    return { ok: false, failure: { code: 'INVALID_SERVICE', message: 'The ticket was issued for another service' } };
  }
  const client = clients.find((c) => c.clientId === row.client_id && c.kind === 'cas');
  const identity = client ? await identityFor(db, row.person_id, client, row.school_id, now) : null;
  if (!identity) {
    return { ok: false, failure: { code: 'INVALID_TICKET', message: `Ticket ${ticket} not recognized` } };
  }
  return { ok: true, identity };
}

const escapeXml = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** The CAS 3.0 serviceResponse document. */
export function casResponseXml(result: CasValidation): string {
  const head = "<cas:serviceResponse xmlns:cas='http://www.yale.edu/tp/cas'>";
  if (!result.ok) {
    return `${head}\n  <cas:authenticationFailure code="${result.failure.code}">${escapeXml(
      result.failure.message,
    )}</cas:authenticationFailure>\n</cas:serviceResponse>\n`;
  }
  const id = result.identity;
  const main = id.schools[0]!;
  const attributes: Array<[string, string]> = [
    ['uid', id.personId],
    ['user', id.login],
    ['nom', id.lastName],
    ['prenom', id.firstName],
    ['profile', main.profile],
    ['ENTPersonProfils', main.frProfile],
    ['UAI', main.uai],
    ['ENTPersonStructRattach', main.uai],
    ['etablissement', main.name],
  ];
  if (main.class) attributes.push(['classe', main.class.code], ['ENTEleveClasses', main.class.code]);
  if (id.email) attributes.push(['email', id.email]);
  const attrs = attributes.map(([k, v]) => `      <cas:${k}>${escapeXml(v)}</cas:${k}>`).join('\n');
  return `${head}
  <cas:authenticationSuccess>
    <cas:user>${escapeXml(id.login)}</cas:user>
    <cas:attributes>
${attrs}
    </cas:attributes>
  </cas:authenticationSuccess>
</cas:serviceResponse>
`;
}
