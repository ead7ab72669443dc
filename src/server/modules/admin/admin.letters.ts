import QRCode from 'qrcode';
import type { Db } from '../../db/types.ts';
import { recordAudit } from '../../lib/audit.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { deName } from '../../lib/french.ts';
import { FONT, newPdfDocument, pdfText } from '../../lib/pdf.ts';
import { type Actor, assertCan, belongsToSchool, canResetFamilyAccess } from '../../lib/policy.ts';
import { canResetAccessOf } from '../directory/directory.policy.ts';
import * as directoryRepo from '../directory/directory.repo.ts';
import {
  getPersonInSchool,
  type NewActivationCode,
  newActivationCode,
  storeActivationCode,
} from '../directory/directory.service.ts';
import * as repo from './admin.repo.ts';
import { assertSchoolAdmin } from './admin.service.ts';

type Role = 'pupil' | 'legal1' | 'legal2' | 'contact' | 'staff';

/** An account whose code a letter carries. */
export interface LetterAccount {
  id: string;
  login: string;
  firstName: string;
  lastName: string;
  role: Role;
}

/** One envelope: who it is sent to (and where), in which language, and the codes it carries. */
export interface Letter {
  to: { firstName: string; lastName: string; postalAddress: string | null };
  locale: LetterLocale;
  /** The children the letter is about (for the "Famille ..." line); empty for staff. */
  pupils: Array<{ firstName: string; lastName: string }>;
  accounts: LetterAccount[];
}

export type LetterLocale = 'fr' | 'en';

/**
 * The language of a letter: the person's language when the letter can be printed in it. Arabic is
 * printed in French for now: the PDF standard fonts have no Arabic glyphs (see docs/security.md).
 */
export const letterLocale = (locale: string | null | undefined): LetterLocale => (locale === 'en' ? 'en' : 'fr');

interface PersonLike {
  id: string;
  login: string;
  firstName: string;
  lastName: string;
  locale: string;
  postalAddress: string | null;
}

/** A guardian's link to a pupil, as the letters need it. */
export interface LetterLink {
  pupilId: string;
  guardian: PersonLike;
  responsibility: 'legal1' | 'legal2' | 'contact';
  livesWith: boolean;
  receivesMail: boolean;
  courtRestricted: boolean;
  /** The guardian's account is disabled. */
  disabled: boolean;
}

const RANK: Record<Role, number> = { legal1: 0, legal2: 1, contact: 2, staff: 3, pupil: 4 };

/**
 * The guardian who receives a pupil's own code: one who receives mail, preferably the one the pupil
 * lives with, legal guardians first. Never a guardian under court restriction or a disabled account.
 */
export function mailGuardianOf(pupilId: string, links: readonly LetterLink[]): LetterLink | undefined {
  return links
    .filter((l) => l.pupilId === pupilId && !l.courtRestricted && !l.disabled)
    .sort(
      (a, b) =>
        Number(b.receivesMail) - Number(a.receivesMail) ||
        Number(b.livesWith) - Number(a.livesWith) ||
        RANK[a.responsibility] - RANK[b.responsibility] ||
        a.guardian.lastName.localeCompare(b.guardian.lastName, 'fr') ||
        a.guardian.id.localeCompare(b.guardian.id),
    )[0];
}

const account = (p: PersonLike, role: Role): LetterAccount => ({
  id: p.id,
  login: p.login,
  firstName: p.firstName,
  lastName: p.lastName,
  role,
});

/**
 * Plans the letters of a class: one letter per guardian, sent to that guardian's own address and in
 * their language, with their own code; a pupil's code goes only in the letter of the guardian who
 * receives mail for that pupil (mailGuardianOf), so separated parents never find each other's code in
 * their envelope. A pupil without such a guardian gets a letter of their own. Only accounts listed in
 * `needsCode` get a code; a letter without any code is not printed.
 */
export function planClassLetters(
  pupils: readonly PersonLike[],
  links: readonly LetterLink[],
  needsCode: ReadonlySet<string>,
): Letter[] {
  const pupilIds = new Set(pupils.map((p) => p.id));
  const usable = links.filter((l) => pupilIds.has(l.pupilId) && !l.courtRestricted && !l.disabled);
  const guardians = new Map<string, { person: PersonLike; role: Role; children: Set<string> }>();
  for (const l of usable) {
    const known = guardians.get(l.guardian.id);
    if (!known) guardians.set(l.guardian.id, { person: l.guardian, role: l.responsibility, children: new Set() });
    const g = guardians.get(l.guardian.id)!;
    g.children.add(l.pupilId);
    if (RANK[l.responsibility] < RANK[g.role]) g.role = l.responsibility;
  }
  const byId = new Map(pupils.map((p) => [p.id, p]));
  const mailTo = new Map<string, string>();
  for (const p of pupils) {
    const m = mailGuardianOf(p.id, usable);
    if (m) mailTo.set(p.id, m.guardian.id);
  }

  const letters: Array<Letter & { sortKey: string }> = [];
  const childrenOf = (ids: Iterable<string>) =>
    [...ids]
      .map((id) => byId.get(id)!)
      .sort((a, b) => a.lastName.localeCompare(b.lastName, 'fr') || a.firstName.localeCompare(b.firstName, 'fr'));
  for (const g of guardians.values()) {
    const children = childrenOf(g.children);
    const accounts: LetterAccount[] = [];
    if (needsCode.has(g.person.id)) accounts.push(account(g.person, g.role));
    for (const c of children)
      if (mailTo.get(c.id) === g.person.id && needsCode.has(c.id)) accounts.push(account(c, 'pupil'));
    if (accounts.length === 0) continue;
    letters.push({
      to: { firstName: g.person.firstName, lastName: g.person.lastName, postalAddress: g.person.postalAddress },
      locale: letterLocale(g.person.locale),
      pupils: children.map((c) => ({ firstName: c.firstName, lastName: c.lastName })),
      accounts,
      sortKey: `${children[0]!.lastName}|${children[0]!.firstName}|${RANK[g.role]}|${g.person.lastName}`,
    });
  }
  for (const p of pupils) {
    if (mailTo.has(p.id) || !needsCode.has(p.id)) continue;
    letters.push({
      to: { firstName: p.firstName, lastName: p.lastName, postalAddress: p.postalAddress },
      locale: letterLocale(p.locale),
      pupils: [{ firstName: p.firstName, lastName: p.lastName }],
      accounts: [account(p, 'pupil')],
      sortKey: `${p.lastName}|${p.firstName}|9`,
    });
  }
  return letters.sort((a, b) => a.sortKey.localeCompare(b.sortKey, 'fr')).map(({ sortKey: _, ...letter }) => letter);
}

// ---- rendering ------------------------------------------------------------------------------------------

const TEXT = {
  fr: {
    title: (ent: string) => `Espace numérique de travail ${ent}`,
    family: (names: string, klass: string | null) => `Famille ${deName(names)}${klass ? ` — classe ${klass}` : ''}`,
    dear: 'Madame, Monsieur,',
    intro: (ent: string, family: boolean) =>
      family
        ? `L'espace numérique de travail ${ent} vous donne accès à l'emploi du temps, au cahier de textes, ` +
          'aux absences, aux notes et aux messages du collège. Chaque membre de la famille a son propre compte : ' +
          'vous trouverez ci-dessous l’identifiant et le code d’activation personnel de chaque compte de ce courrier.'
        : `L'espace numérique de travail ${ent} vous est ouvert. Vous trouverez ci-dessous votre identifiant ` +
          'et votre code d’activation personnel.',
    how: (expires: string | null) =>
      'Pour activer un compte, rendez-vous à l’adresse ci-dessous (ou scannez le QR code avec un téléphone), ' +
      'saisissez le code d’activation puis choisissez un mot de passe personnel d’au moins 12 caractères. ' +
      `Chaque code ne sert qu’une fois${expires ? ` et expire le ${expires}` : ''}.`,
    address: 'Adresse de connexion : ',
    login: 'Identifiant : ',
    code: "Code d'activation : ",
    role: {
      pupil: 'Élève',
      legal1: 'Responsable légal',
      legal2: 'Responsable légal',
      contact: 'Contact',
      staff: 'Personnel',
    },
    footer:
      'Ces codes sont personnels : ne les communiquez à personne. En cas de perte ou de difficulté, ' +
      'adressez-vous au secrétariat du collège, qui vous remettra un nouveau code.',
    signature: 'La direction',
    date: (d: string) => `Le ${d}`,
    dateLocale: 'fr-FR',
  },
  en: {
    title: (ent: string) => `Online school portal ${ent}`,
    family: (names: string, klass: string | null) => `Family of ${names}${klass ? ` — class ${klass}` : ''}`,
    dear: 'Dear parent or guardian,',
    intro: (_ent: string, family: boolean) =>
      family
        ? 'The school portal gives you the timetable, homework, absences, grades and messages of the school. ' +
          'Each member of the family has their own account: below are the login and personal activation code of ' +
          'each account in this letter.'
        : 'Your school portal account is ready. Below are your login and personal activation code.',
    how: (expires: string | null) =>
      'To activate an account, go to the address below (or scan the QR code with a phone), enter the activation ' +
      `code and choose a personal password of at least 12 characters. Each code works once${
        expires ? ` and expires on ${expires}` : ''
      }.`,
    address: 'Sign-in address: ',
    login: 'Login: ',
    code: 'Activation code: ',
    role: { pupil: 'Pupil', legal1: 'Legal guardian', legal2: 'Legal guardian', contact: 'Contact', staff: 'Staff' },
    footer: 'These codes are personal: do not share them. If one is lost, ask the school office for a new code.',
    signature: 'The head teacher',
    date: (d: string) => d,
    dateLocale: 'en-GB',
  },
} as const;

export interface LetterContext {
  schoolName: string;
  schoolTown: string;
  /** The class the letters are for, when printed for a class. */
  classCode: string | null;
  /** Where Préau is served, e.g. https://ent.college-exemple.fr */
  address: string;
}

/** Renders the letters (each starting on a new page) into a PDF buffer. */
export async function renderLetters(
  ctx: LetterContext,
  letters: readonly Letter[],
  codes: ReadonlyMap<string, Pick<NewActivationCode, 'code' | 'expiresAt'>>,
): Promise<Buffer> {
  const qr = new Map<string, Buffer>();
  for (const [personId, c] of codes) {
    qr.set(
      personId,
      await QRCode.toBuffer(`${ctx.address}/activation?code=${encodeURIComponent(c.code)}`, {
        errorCorrectionLevel: 'M',
        margin: 1,
        width: 240,
      }),
    );
  }
  const ent = /^coll[èe]ge\b/i.test(ctx.schoolName) ? `du ${ctx.schoolName}` : `de l'établissement ${ctx.schoolName}`;
  const doc = newPdfDocument({
    title: ctx.classCode ? `Lettres d'activation — ${ctx.classCode}` : "Lettre d'activation",
    author: ctx.schoolName,
    margin: 56,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  // Tagged: one section per letter, the content of each of its pages in it (pdfkit carries the marking over when
  // text runs onto a new page by itself).
  let section: PDFKit.PDFStructureElement | null = null;
  const newPage = () => {
    if (section) doc.endMarkedContent();
    doc.addPage();
    if (section) section.add(doc.markStructureContent('P'));
  };
  newPage();
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  letters.forEach((letter, i) => {
    const tx = TEXT[letter.locale];
    const longDate = new Intl.DateTimeFormat(tx.dateLocale, { timeZone: 'Europe/Paris', dateStyle: 'long' });
    if (i > 0) newPage();
    section = doc.struct('Sect');
    doc.addStructure(section);
    section.add(doc.markStructureContent('P'));
    const expiresAt = codes.get(letter.accounts[0]!.id)?.expiresAt;
    doc.font(FONT.bold).fontSize(13).text(ctx.schoolName, left, doc.page.margins.top);
    doc.font(FONT.regular).fontSize(10).text(ctx.schoolTown);
    // The addressee, where a window envelope shows it.
    const toX = left + width / 2 + 20;
    doc
      .moveDown(1)
      .font(FONT.bold)
      .fontSize(10)
      .text(pdfText(`${letter.to.firstName} ${letter.to.lastName}`), toX, doc.y, { width: width / 2 - 20 });
    doc.font(FONT.regular);
    for (const line of (letter.to.postalAddress ?? '').split(/\r?\n/).filter((l) => l.trim())) {
      doc.text(pdfText(line.trim()), toX, doc.y, { width: width / 2 - 20 });
    }
    doc.x = left;
    doc.moveDown(1).text(tx.date(longDate.format(new Date())), left, doc.y, { width, align: 'right' });
    doc.moveDown(1).font(FONT.bold).fontSize(11).text(tx.title(ent), left, doc.y, { width });
    if (letter.pupils.length > 0) {
      const names = letter.pupils.map((p) => `${p.firstName} ${p.lastName}`).join(', ');
      doc
        .font(FONT.regular)
        .fontSize(10)
        .text(pdfText(tx.family(names, ctx.classCode)));
    }
    doc.moveDown(1).font(FONT.regular).fontSize(11).text(tx.dear);
    doc
      .moveDown(0.5)
      .fontSize(10)
      .text(tx.intro(ent, letter.pupils.length > 0), { align: 'justify' })
      .moveDown(0.5)
      .text(tx.how(expiresAt ? longDate.format(new Date(expiresAt)) : null), { align: 'justify' })
      .moveDown(0.5)
      .font(FONT.bold)
      .text(`${tx.address}${ctx.address}`)
      .font(FONT.regular)
      .moveDown(1);

    for (const m of letter.accounts) {
      const c = codes.get(m.id);
      if (!c) continue;
      const height = 92;
      if (doc.y + height > bottom()) newPage();
      const top = doc.y;
      doc
        .rect(left, top, width, height - 8)
        .strokeColor('#999999')
        .lineWidth(0.5)
        .stroke();
      doc.image(qr.get(m.id)!, left + width - 82, top + 4, { width: 76 });
      const x = left + 10;
      doc
        .font(FONT.bold)
        .fontSize(11)
        .text(pdfText(`${m.firstName} ${m.lastName}`), x, top + 8, { width: width - 110 });
      doc
        .font(FONT.regular)
        .fontSize(9)
        .text(tx.role[m.role], x, doc.y, { width: width - 110 });
      doc.fontSize(10).text(`${tx.login}${m.login}`, x, doc.y + 4, { width: width - 110 });
      doc.text(`${tx.code}${c.code}`, x, doc.y + 2, { width: width - 110 });
      doc.x = left;
      doc.y = top + height;
    }

    if (doc.y + 60 > bottom()) newPage();
    doc
      .fontSize(9)
      .text(tx.footer, left, doc.y + 6, { width, align: 'justify' })
      .moveDown(1)
      .fontSize(10)
      .text(tx.signature, { align: 'right' });
    doc.endMarkedContent();
    section.end();
    section = null;
  });
  doc.end();
  return done;
}

const safeFilePart = (s: string) => s.normalize('NFKD').replace(/[^A-Za-z0-9_.-]+/g, '');

/** A file-name-safe version of a class code: 'lettres-activation-6A.pdf'. */
export const lettersFileName = (classCode: string) => `lettres-activation-${safeFilePart(classCode) || 'classe'}.pdf`;

/** 'lettre-activation-zoe.martin.pdf' */
export const letterFileName = (login: string) => `lettre-activation-${safeFilePart(login) || 'compte'}.pdf`;

// ---- issuing ----------------------------------------------------------------------------------------------

/**
 * Which accounts of a class get a new code. 'missing' (the default): accounts not activated yet and
 * without a valid code — printing again never invalidates a letter already handed out. 'pending': every
 * account not activated yet, even with a valid code (the administrator was told that earlier letters stop
 * working). An activated account never gets a code from a class letter: its owner asks for a reset.
 */
export type ReissueMode = 'missing' | 'pending';

export function needsClassCode(
  p: { password_hash: string | null; activation_code_hash: string | null; activation_expires_at: string | null },
  mode: ReissueMode,
  now = Date.now(),
): boolean {
  if (p.password_hash !== null) return false;
  if (mode === 'pending') return true;
  return p.activation_code_hash === null || !p.activation_expires_at || Date.parse(p.activation_expires_at) <= now;
}

const toPersonLike = (p: {
  id: string;
  login: string;
  first_name: string;
  last_name: string;
  locale: string;
  postal_address: string | null;
}): PersonLike => ({
  id: p.id,
  login: p.login,
  firstName: p.first_name,
  lastName: p.last_name,
  locale: p.locale,
  postalAddress: p.postal_address,
});

async function linksOfPupils(db: Db, pupilIds: readonly string[]): Promise<LetterLink[]> {
  return toLinks(await repo.findGuardiansOfPupils(db, pupilIds));
}

function toLinks(rows: Awaited<ReturnType<typeof repo.findGuardiansOfPupils>>): LetterLink[] {
  return rows.map((g) => ({
    pupilId: g.pupil_id,
    guardian: toPersonLike(g),
    responsibility: g.responsibility,
    livesWith: g.lives_with === 1,
    receivesMail: g.receives_mail === 1,
    courtRestricted: g.court_restricted === 1,
    disabled: g.disabled_at !== null,
  }));
}

/**
 * Issues codes for the accounts of a class that need one (see ReissueMode; pupils, and guardians without
 * court restriction; disabled accounts and accounts that are more than a family are skipped) and renders
 * one letter per guardian. The PDF is made first and the codes stored after, in one transaction with the
 * audit event: if anything fails, no code has changed. CONFLICT (details.reason NOTHING_TO_ISSUE) when no
 * account needs one.
 */
export async function issueActivationLetters(
  db: Db,
  actor: Actor,
  schoolId: string,
  classId: string,
  opts: { address: string; mode: ReissueMode },
) {
  await assertSchoolAdmin(db, actor, schoolId);
  const [klass, school] = await Promise.all([
    repo.getClass(db, schoolId, classId),
    directoryRepo.getSchool(db, schoolId),
  ]);
  if (!klass || !school) throw new AppError('NOT_FOUND', 'Class not found');
  const pupils = (await repo.findPupilsOfClass(db, classId, todayInParis())).filter((p) => p.disabled_at === null);
  if (pupils.length === 0) throw new AppError('CONFLICT', 'This class has no pupil');
  const guardianRows = await repo.findGuardiansOfPupils(
    db,
    pupils.map((p) => p.id),
  );
  const links = toLinks(guardianRows);
  // A guardian who also teaches or works at a school (here or elsewhere) keeps their access: a family
  // letter would otherwise hand a reset of a staff account to whoever opens the envelope.
  const candidates = [...pupils, ...guardianRows.filter((g) => g.court_restricted === 0 && g.disabled_at === null)];
  const keepAccess = await repo.findIdsWithNonFamilyRoles(db, [...new Set(candidates.map((c) => c.id))]);
  const needsCode = new Set(
    candidates.filter((c) => !keepAccess.has(c.id) && needsClassCode(c, opts.mode)).map((c) => c.id),
  );
  const letters = planClassLetters(pupils.map(toPersonLike), links, needsCode);
  if (letters.length === 0) {
    throw new AppError('CONFLICT', 'Every account of this class is activated or has a valid code', {
      reason: 'NOTHING_TO_ISSUE',
    });
  }
  const people = new Map<string, { id: string; login: string }>();
  for (const l of letters) for (const a of l.accounts) people.set(a.id, a);
  const codes = new Map([...people.keys()].map((id) => [id, newActivationCode()] as const));

  const pdf = await renderLetters(
    { schoolName: school.name, schoolTown: school.town, classCode: klass.code, address: opts.address },
    letters,
    codes,
  );
  await db.transaction().execute(async (trx) => {
    for (const [id, code] of codes) await storeActivationCode(trx, people.get(id)!, code);
    await recordAudit(trx, {
      schoolId,
      actorPersonId: actor.personId,
      action: 'activation.class_letters',
      details: { classId, mode: opts.mode, letters: letters.length, accounts: [...people.keys()] },
    });
  });
  return { pdf, fileName: lettersFileName(klass.code), letters: letters.length };
}

/**
 * Resets one person's access: a new code (the old password stays until the code is used), printed in a
 * letter — never answered as data, so that staff who print it do not hold a working code on screen. A
 * pupil's letter is addressed to the guardian who receives mail for them; a guardian's to themselves.
 * Audited. Who may: canResetFamilyAccess and canResetAccessOf, as before.
 */
export async function issuePersonalLetter(
  db: Db,
  actor: Actor,
  schoolId: string,
  personId: string,
  opts: { address: string },
) {
  assertCan(belongsToSchool(actor, schoolId), { hide: true, what: 'School' });
  assertCan(canResetFamilyAccess(actor, schoolId));
  const { profiles, target } = await getPersonInSchool(db, schoolId, personId);
  assertCan(canResetAccessOf(actor, schoolId, target));
  const [row, school] = await Promise.all([repo.getPerson(db, personId), directoryRepo.getSchool(db, schoolId)]);
  if (!row || !school) throw new AppError('NOT_FOUND', 'Person not found');
  const person = toPersonLike(row);

  let letter: Letter;
  if (profiles.includes('pupil')) {
    const mail = mailGuardianOf(personId, await linksOfPupils(db, [personId]));
    const to = mail?.guardian ?? person;
    letter = {
      to: { firstName: to.firstName, lastName: to.lastName, postalAddress: to.postalAddress },
      locale: letterLocale(to.locale),
      pupils: [{ firstName: person.firstName, lastName: person.lastName }],
      accounts: [account(person, 'pupil')],
    };
  } else {
    const wards = profiles.includes('guardian') ? await directoryRepo.findWardsOfGuardian(db, personId) : [];
    const usable = wards.filter((w) => w.court_restricted === 0);
    const role: Role = usable.length
      ? usable.map((w) => w.responsibility as Role).sort((a, b) => RANK[a] - RANK[b])[0]!
      : 'staff';
    letter = {
      to: { firstName: person.firstName, lastName: person.lastName, postalAddress: person.postalAddress },
      locale: letterLocale(person.locale),
      pupils: usable.map((w) => ({ firstName: w.first_name, lastName: w.last_name })),
      accounts: [account(person, role)],
    };
  }
  const fresh = newActivationCode();
  const pdf = await renderLetters(
    { schoolName: school.name, schoolTown: school.town, classCode: null, address: opts.address },
    [letter],
    new Map([[personId, fresh]]),
  );
  await db.transaction().execute(async (trx) => {
    await storeActivationCode(trx, person, fresh);
    await recordAudit(trx, {
      schoolId,
      actorPersonId: actor.personId,
      action: 'activation.letter',
      targetPersonId: personId,
      details: { expiresAt: fresh.expiresAt },
    });
  });
  return { pdf, fileName: letterFileName(person.login), expiresAt: fresh.expiresAt };
}
