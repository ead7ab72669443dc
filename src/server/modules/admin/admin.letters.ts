import QRCode from 'qrcode';
import type { Db } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { deName } from '../../lib/french.ts';
import { FONT, newPdfDocument, pdfText } from '../../lib/pdf.ts';
import type { Actor } from '../../lib/policy.ts';
import * as directoryRepo from '../directory/directory.repo.ts';
import { type NewActivationCode, newActivationCode, storeActivationCode } from '../directory/directory.service.ts';
import * as repo from './admin.repo.ts';
import { assertSchoolAdmin } from './admin.service.ts';

export interface LetterMember {
  id: string;
  login: string;
  firstName: string;
  lastName: string;
  /** 'pupil', or the guardian's responsibility. */
  role: 'pupil' | 'legal1' | 'legal2' | 'contact';
}

export interface Family {
  guardians: LetterMember[];
  pupils: LetterMember[];
}

const RANK: Record<LetterMember['role'], number> = { legal1: 0, legal2: 1, contact: 2, pupil: 3 };

interface Link {
  pupilId: string;
  guardian: Omit<LetterMember, 'role'>;
  responsibility: 'legal1' | 'legal2' | 'contact';
  courtRestricted: boolean;
}

/**
 * Groups the pupils of a class and their guardians into families: pupils sharing a guardian (siblings)
 * are one family, and a guardian with several children in the class appears once. Guardians under a court
 * restriction are left out. A family in which some guardian is restricted from one of its pupils is
 * split back into one letter per pupil, so that a letter never hands a child's code to that guardian.
 */
export function groupFamilies(pupils: ReadonlyArray<Omit<LetterMember, 'role'>>, links: readonly Link[]): Family[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const p of pupils) parent.set(p.id, p.id);
  const usable = links.filter((l) => !l.courtRestricted && parent.has(l.pupilId));
  for (const l of usable) {
    if (!parent.has(l.guardian.id)) parent.set(l.guardian.id, l.guardian.id);
    parent.set(find(l.guardian.id), find(l.pupilId));
  }
  const restricted = new Set(links.filter((l) => l.courtRestricted).map((l) => `${l.guardian.id}|${l.pupilId}`));

  const groups = new Map<string, Array<Omit<LetterMember, 'role'>>>();
  for (const p of pupils) {
    const root = find(p.id);
    groups.set(root, [...(groups.get(root) ?? []), p]);
  }
  const familyOf = (members: ReadonlyArray<Omit<LetterMember, 'role'>>): Family => {
    const ids = new Set(members.map((m) => m.id));
    const guardians = new Map<string, LetterMember>();
    for (const l of usable) {
      if (!ids.has(l.pupilId)) continue;
      const known = guardians.get(l.guardian.id);
      // A guardian listed with several children keeps their strongest responsibility.
      if (!known || RANK[l.responsibility] < RANK[known.role])
        guardians.set(l.guardian.id, { ...l.guardian, role: l.responsibility });
    }
    return {
      guardians: [...guardians.values()].sort(
        (a, b) => RANK[a.role] - RANK[b.role] || a.lastName.localeCompare(b.lastName),
      ),
      pupils: members.map((m) => ({ ...m, role: 'pupil' as const })),
    };
  };

  const families: Family[] = [];
  for (const members of groups.values()) {
    const family = familyOf(members);
    const conflict = family.guardians.some((g) => family.pupils.some((p) => restricted.has(`${g.id}|${p.id}`)));
    if (conflict && members.length > 1) for (const m of members) families.push(familyOf([m]));
    else families.push(family);
  }
  return families.sort((a, b) => {
    const x = a.pupils[0]!;
    const y = b.pupils[0]!;
    return x.lastName.localeCompare(y.lastName, 'fr') || x.firstName.localeCompare(y.firstName, 'fr');
  });
}

const ROLE_LABEL: Record<LetterMember['role'], string> = {
  pupil: 'Élève',
  legal1: 'Responsable légal',
  legal2: 'Responsable légal',
  contact: 'Contact',
};

const longDate = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long' });

export interface LetterContext {
  schoolName: string;
  schoolTown: string;
  classCode: string;
  /** Where Préau is served, e.g. https://ent.college-exemple.fr */
  address: string;
}

/** Renders one letter per family (each starting on a new page) into a PDF buffer. */
export async function renderLetters(
  ctx: LetterContext,
  families: readonly Family[],
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
    title: `Lettres d'activation — ${ctx.classCode}`,
    author: ctx.schoolName,
    margin: 56,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  // Tagged: one section per family's letter, the content of each of its pages in it (pdfkit carries the marking
  // over when text runs onto a new page by itself).
  let letter: PDFKit.PDFStructureElement | null = null;
  const newPage = () => {
    if (letter) doc.endMarkedContent();
    doc.addPage();
    if (letter) letter.add(doc.markStructureContent('P'));
  };
  newPage();
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  families.forEach((family, i) => {
    if (i > 0) newPage();
    letter = doc.struct('Sect');
    doc.addStructure(letter);
    letter.add(doc.markStructureContent('P'));
    const members = [...family.guardians, ...family.pupils];
    const expiresAt = codes.get(members[0]!.id)?.expiresAt;
    doc.font(FONT.bold).fontSize(13).text(ctx.schoolName, left, doc.page.margins.top);
    doc.font(FONT.regular).fontSize(10).text(ctx.schoolTown);
    doc.moveDown(0.5).text(`Le ${longDate.format(new Date())}`, { align: 'right' });
    const names = family.pupils.map((p) => `${p.firstName} ${p.lastName}`).join(', ');
    doc.moveDown(1).font(FONT.bold).fontSize(11).text(`Espace numérique de travail ${ent}`);
    doc
      .font(FONT.regular)
      .fontSize(10)
      .text(pdfText(`Famille ${deName(names)} — classe ${ctx.classCode}`));
    doc.moveDown(1).fontSize(11).text('Madame, Monsieur,');
    doc
      .moveDown(0.5)
      .fontSize(10)
      .text(
        `L'espace numérique de travail ${ent} vous donne accès à l'emploi du temps, au cahier de textes, ` +
          'aux absences, aux notes et aux messages du collège. Chaque membre de la famille a son propre compte : ' +
          'vous trouverez ci-dessous son identifiant et un code d’activation personnel.',
        { align: 'justify' },
      )
      .moveDown(0.5)
      .text(
        'Pour activer un compte, rendez-vous à l’adresse ci-dessous (ou scannez le QR code avec un téléphone), ' +
          'saisissez le code d’activation puis choisissez un mot de passe personnel d’au moins 12 caractères. ' +
          `Chaque code ne sert qu’une fois${expiresAt ? ` et expire le ${longDate.format(new Date(expiresAt))}` : ''}.`,
        { align: 'justify' },
      )
      .moveDown(0.5)
      .font(FONT.bold)
      .text(`Adresse de connexion : ${ctx.address}`)
      .font(FONT.regular)
      .moveDown(1);

    for (const m of members) {
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
        .text(ROLE_LABEL[m.role], x, doc.y, { width: width - 110 });
      doc.fontSize(10).text(`Identifiant : ${m.login}`, x, doc.y + 4, { width: width - 110 });
      doc.text(`Code d'activation : ${c.code}`, x, doc.y + 2, { width: width - 110 });
      doc.x = left;
      doc.y = top + height;
    }

    if (doc.y + 60 > bottom()) newPage();
    doc
      .fontSize(9)
      .text(
        'Ces codes sont personnels : ne les communiquez à personne. En cas de perte ou de difficulté, ' +
          'adressez-vous au secrétariat du collège, qui vous remettra un nouveau code.',
        left,
        doc.y + 6,
        { width, align: 'justify' },
      )
      .moveDown(1)
      .fontSize(10)
      .text('La direction', { align: 'right' });
    doc.endMarkedContent();
    letter.end();
    letter = null;
  });
  doc.end();
  return done;
}

/** A file-name-safe version of a class code: 'lettres-activation-6A.pdf'. */
export const lettersFileName = (classCode: string) =>
  `lettres-activation-${classCode.normalize('NFKD').replace(/[^A-Za-z0-9_-]+/g, '') || 'classe'}.pdf`;

/**
 * Issues a fresh activation code to every member of every family of the class (pupils, and guardians
 * without court restriction; disabled accounts are skipped) and renders the letters. The PDF is made
 * first and the codes stored after, in one transaction: if anything fails, no code has changed.
 */
export async function issueActivationLetters(
  db: Db,
  actor: Actor,
  schoolId: string,
  classId: string,
  opts: { address: string },
) {
  await assertSchoolAdmin(db, actor, schoolId);
  const [klass, school] = await Promise.all([
    repo.getClass(db, schoolId, classId),
    directoryRepo.getSchool(db, schoolId),
  ]);
  if (!klass || !school) throw new AppError('NOT_FOUND', 'Class not found');
  const pupils = (await repo.findPupilsOfClass(db, classId, todayInParis())).filter((p) => p.disabled_at === null);
  if (pupils.length === 0) throw new AppError('CONFLICT', 'This class has no pupil');
  const links = (
    await repo.findGuardiansOfPupils(
      db,
      pupils.map((p) => p.id),
    )
  )
    .filter((g) => g.disabled_at === null || g.court_restricted === 1)
    .map((g) => ({
      pupilId: g.pupil_id,
      guardian: { id: g.id, login: g.login, firstName: g.first_name, lastName: g.last_name },
      responsibility: g.responsibility,
      courtRestricted: g.court_restricted === 1,
    }));
  const families = groupFamilies(
    pupils.map((p) => ({ id: p.id, login: p.login, firstName: p.first_name, lastName: p.last_name })),
    links,
  );
  const people = new Map<string, { id: string; login: string }>();
  for (const f of families) for (const m of [...f.guardians, ...f.pupils]) people.set(m.id, m);
  // A guardian who also teaches or works at a school (here or elsewhere) keeps their access: a family
  // letter would otherwise hand a reset of a staff account to whoever opens the envelope.
  const keepAccess = await repo.findIdsWithNonFamilyRoles(db, [...people.keys()]);
  const codes = new Map(
    [...people.keys()].filter((id) => !keepAccess.has(id)).map((id) => [id, newActivationCode()] as const),
  );

  const pdf = await renderLetters(
    { schoolName: school.name, schoolTown: school.town, classCode: klass.code, address: opts.address },
    families,
    codes,
  );
  await db.transaction().execute(async (trx) => {
    for (const [id, code] of codes) await storeActivationCode(trx, people.get(id)!, code);
  });
  return { pdf, fileName: lettersFileName(klass.code), families: families.length };
}
