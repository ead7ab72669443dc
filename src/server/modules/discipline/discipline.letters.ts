/**
 * The letters of a disciplinary procedure, as PDF (lib/pdf.ts: PDF/A-2b, tagged, DejaVu): the opening letter (facts,
 * the right to present a defence, to be assisted, to read the file, and the delay: R. 421-10-1) and the sanction
 * letter (the decision, its reasons, the sursis, how long it stays in the file, the appeal). Written in French, the
 * language of the school's official correspondence.
 */
import type { DisciplinaryProcedureTable } from '../../db/types.ts';
import { FONT, newPdfDocument, pdfText } from '../../lib/pdf.ts';
import type { Sanction } from './discipline.schema.ts';

export interface LetterContext {
  procedure: DisciplinaryProcedureTable;
  pupil: { firstName: string; lastName: string };
  className: string | null;
  school: { name: string; town: string };
  openedBy: string;
  pronouncedBy: string;
}

const SANCTION_TITLES: Record<Sanction, string> = {
  avertissement: 'Avertissement',
  blame: 'Blâme',
  mesure_responsabilisation: 'Mesure de responsabilisation',
  exclusion_classe: 'Exclusion temporaire de la classe',
  exclusion_etablissement: "Exclusion temporaire de l'établissement",
};

const longDate = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long' });
const longDateTime = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  dateStyle: 'full',
  timeStyle: 'short',
});
const day = (iso: string) => longDate.format(new Date(`${iso}T12:00:00Z`));

/** Renders one letter: a header, a title, paragraphs, a signature. Each paragraph is a tagged P. */
function render(
  title: string,
  ctx: LetterContext,
  paragraphs: Array<{ text: string; bold?: boolean }>,
  signer: string,
) {
  const doc = newPdfDocument({ title, author: ctx.school.name, margin: 56 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.addPage();
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const sect = doc.struct('Sect');
  doc.addStructure(sect);
  const para = (type: string, draw: () => void) => {
    const content = doc.markStructureContent(type);
    draw();
    doc.endMarkedContent();
    const el = doc.struct(type, {}, [content]);
    sect.add(el);
    el.end();
  };
  para('P', () => {
    doc.font(FONT.bold).fontSize(13).text(pdfText(ctx.school.name), left, doc.page.margins.top, { width });
    doc.font(FONT.regular).fontSize(10).text(pdfText(ctx.school.town), { width });
  });
  para('P', () => {
    doc
      .moveDown(1)
      .text(`${pdfText(ctx.school.town)}, le ${longDate.format(new Date())}`, left, doc.y, { width, align: 'right' });
  });
  para('P', () => {
    const who = `${ctx.pupil.firstName} ${ctx.pupil.lastName}${ctx.className ? `, classe de ${ctx.className}` : ''}`;
    doc.moveDown(1).text(pdfText(`À l'attention de ${who}, et de ses représentants légaux`), left, doc.y, { width });
  });
  para('H1', () => {
    doc.moveDown(1).font(FONT.bold).fontSize(12).text(pdfText(title), left, doc.y, { width });
  });
  doc.font(FONT.regular).fontSize(10);
  for (const p of paragraphs) {
    para('P', () => {
      doc
        .moveDown(0.6)
        .font(p.bold ? FONT.bold : FONT.regular)
        .text(pdfText(p.text, true), left, doc.y, { width, align: 'left' });
    });
  }
  para('P', () => {
    doc
      .moveDown(2)
      .font(FONT.regular)
      .text(pdfText(`${signer}, chef d'établissement`), left, doc.y, { width, align: 'right' });
  });
  sect.end();
  doc.end();
  return done;
}

/** The letter that opens the procedure: the facts and the rights of R. 421-10-1. */
export function renderOpeningLetter(ctx: LetterContext): Promise<Buffer> {
  const p = ctx.procedure;
  const ends = longDateTime.format(new Date(p.defence_ends_at));
  return render(
    'Engagement d’une procédure disciplinaire',
    ctx,
    [
      {
        text: `J'ai décidé d'engager une procédure disciplinaire à l'encontre de ${ctx.pupil.firstName} ${ctx.pupil.lastName}, en application de l'article R.\u00a0421-10-1 du code de l'éducation, pour les faits suivants :`,
      },
      { text: p.facts, bold: true },
      {
        text: `Vous disposez d'un délai de ${p.defence_days} jours ouvrables pour présenter votre défense, oralement ou par écrit, ou en vous faisant assister par une personne de votre choix. Ce délai prend fin le ${ends} : aucune sanction ne peut être prononcée avant.`,
      },
      {
        text: "L'élève, ses représentants légaux et la personne éventuellement chargée de l'assister peuvent prendre connaissance du dossier auprès du chef d'établissement. Les représentants légaux peuvent produire leurs observations.",
      },
      {
        text: 'Pour être reçus ou pour remettre une défense écrite, prenez contact avec le secrétariat de direction. Ce courrier vous est remis dans Préau ; il peut aussi vous être envoyé par la poste.',
      },
    ],
    ctx.openedBy,
  );
}

/** The letter that notifies the sanction. */
export function renderSanctionLetter(ctx: LetterContext): Promise<Buffer> {
  const p = ctx.procedure;
  const sanction = p.sanction as Sanction;
  const duration =
    p.duration === null
      ? ''
      : sanction === 'mesure_responsabilisation'
        ? ` d'une durée de ${p.duration} heure${p.duration > 1 ? 's' : ''}`
        : ` de ${p.duration} jour${p.duration > 1 ? 's' : ''}`;
  const pronounced = p.pronounced_at ? longDate.format(new Date(p.pronounced_at)) : '';
  return render(
    `Notification de sanction : ${SANCTION_TITLES[sanction].toLowerCase()}`,
    ctx,
    [
      {
        text: `À l'issue de la procédure disciplinaire engagée le ${longDate.format(new Date(p.opened_at))} pour les faits suivants :`,
      },
      { text: p.facts },
      {
        text: `j'ai prononcé le ${pronounced} à l'encontre de ${ctx.pupil.firstName} ${ctx.pupil.lastName} la sanction suivante (article R.\u00a0511-13 du code de l'éducation) :`,
      },
      {
        text: `${SANCTION_TITLES[sanction]}${duration}${p.sursis ? ', avec sursis (article R.\u00a0511-13-1)' : ''}.`,
        bold: true,
      },
      { text: `Motifs : ${p.decision_reasons ?? ''}` },
      {
        text: `Cette sanction est inscrite au dossier administratif de l'élève et en sera effacée le ${p.removal_due_on ? day(p.removal_due_on) : ''}.`,
      },
      {
        text: "Cette décision peut faire l'objet d'un recours devant le tribunal administratif dans un délai de deux mois à compter de sa notification (article R.\u00a0421-1 du code de justice administrative).",
      },
    ],
    ctx.pronouncedBy,
  );
}
