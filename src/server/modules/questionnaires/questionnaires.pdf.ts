/**
 * A questionnaire's results as PDF (lib/pdf.ts: PDF/A-2b, tagged, DejaVu Sans), for the conseil d'administration or
 * the staff room: the same figures as the results page and the CSV, from the same `aggregate` (counts under the
 * minimum are printed « moins de 5 », never as a number). Written in French, the school's language.
 */
import { type Doc, FONT, newPdfDocument, pdfText } from '../../lib/pdf.ts';
import type { Results } from './questionnaires.schema.ts';

export interface ResultsPdfInput {
  schoolName: string;
  title: string;
  anonymous: boolean;
  opensOn: string;
  closesOn: string;
  respondents: number;
  minimumCount: number;
  questions: Results['questions'];
  now: Date;
}

const MARGIN = 50;
const ROW_PAD = 4;
const RULE = '#8c8c8c';
const HEADER_FILL = '#e6e6e6';

const longDate = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long' });
const day = (iso: string) => longDate.format(new Date(`${iso}T12:00:00Z`));
const number = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

type Parent = PDFKit.PDFStructureElement;

/** Renders the results; resolves with the file. */
export function renderResultsPdf(o: ResultsPdfInput): Promise<Buffer> {
  const doc = newPdfDocument({
    title: `Résultats — ${o.title}`,
    author: o.schoolName,
    subject: 'Résultats de questionnaire',
    margin: MARGIN,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.addPage();
  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN;
  /** A new page when `height` does not fit under the current position. */
  const room = (height: number) => {
    if (doc.y + height > bottom()) {
      doc.addPage();
      doc.y = MARGIN;
    }
  };
  const sect = doc.struct('Sect');
  doc.addStructure(sect);
  const block = (parent: Parent, type: string, font: string, size: number, text: string, gap = 0.4) => {
    doc.font(font).fontSize(size);
    const h = doc.heightOfString(text, { width }) + size * gap;
    room(h);
    const content = doc.markStructureContent(type);
    doc.text(text, left, doc.y + size * gap, { width });
    doc.endMarkedContent();
    const el = doc.struct(type, {}, [content]);
    parent.add(el);
    el.end();
  };

  block(sect, 'P', FONT.regular, 10, pdfText(o.schoolName), 0);
  block(sect, 'H1', FONT.bold, 16, pdfText(o.title));
  block(
    sect,
    'P',
    FONT.regular,
    10,
    `${o.anonymous ? 'Questionnaire anonyme' : 'Questionnaire nominatif'}, ouvert du ${day(o.opensOn)} au ${day(o.closesOn)}. ` +
      `${o.respondents} ${o.respondents > 1 ? 'réponses' : 'réponse'} au ${longDate.format(o.now)}.`,
  );
  block(
    sect,
    'P',
    FONT.oblique,
    9,
    `Pour que personne ne puisse être reconnu, un nombre inférieur à ${o.minimumCount} n’est pas affiché (« moins de ${o.minimumCount} »), ` +
      `et une question qui a reçu moins de ${o.minimumCount} réponses ne montre rien.`,
  );

  const hidden = `moins de ${o.minimumCount}`;
  for (const q of o.questions) {
    doc.moveDown(0.6);
    block(sect, 'H2', FONT.bold, 12, pdfText(q.label));
    block(
      sect,
      'P',
      FONT.regular,
      10,
      q.answered === null
        ? `Moins de ${o.minimumCount} réponses à cette question : rien n’est affiché.`
        : `${q.answered} ${q.answered > 1 ? 'réponses' : 'réponse'}${q.kind === 'scale' && q.average !== null ? ` · moyenne ${number.format(q.average)} sur 5` : ''}`,
    );
    if (q.kind !== 'text') {
      drawTable(
        doc,
        sect,
        { left, width, room },
        ['Réponse', 'Nombre'],
        q.options.map((opt) => [pdfText(opt.label), opt.count === null ? hidden : String(opt.count)]),
      );
    } else if (q.texts.length > 0) {
      const list = doc.struct('L');
      sect.add(list);
      for (const text of q.texts) block(list, 'LI', FONT.regular, 10, `— ${pdfText(text, true)}`, 0.2);
      list.end();
    }
  }
  sect.end();
  doc.end();
  return done;
}

/** A two-column table, tagged (Table, TR, TH, TD): a header row, then one row per answer; rows never split. */
function drawTable(
  doc: Doc,
  parent: Parent,
  box: { left: number; width: number; room: (h: number) => void },
  header: [string, string],
  rows: Array<[string, string]>,
) {
  const countWidth = 110;
  const widths = [box.width - countWidth, countWidth];
  const table = doc.struct('Table');
  parent.add(table);
  doc.y += 6;
  const drawRow = (cells: [string, string], head: boolean) => {
    doc.font(head ? FONT.bold : FONT.regular).fontSize(10);
    const h =
      Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: (widths[i] ?? 0) - 2 * ROW_PAD }))) + 2 * ROW_PAD;
    box.room(h);
    const top = doc.y;
    if (head) doc.save().rect(box.left, top, box.width, h).fill(HEADER_FILL).restore();
    doc.save().lineWidth(0.5).strokeColor(RULE).rect(box.left, top, box.width, h).stroke().restore();
    const tr = doc.struct('TR');
    table.add(tr);
    let x = box.left;
    for (const [i, text] of cells.entries()) {
      const type = head || i === 0 ? 'TH' : 'TD';
      const content = doc.markStructureContent(type);
      doc.fillColor('#000000').text(text, x + ROW_PAD, top + ROW_PAD, {
        width: (widths[i] ?? 0) - 2 * ROW_PAD,
        align: i === 1 ? 'right' : 'left',
      });
      doc.endMarkedContent();
      const cell = doc.struct(type, {}, [content]);
      tr.add(cell);
      cell.end();
      x += widths[i] ?? 0;
    }
    tr.end();
    doc.y = top + h;
  };
  drawRow(header, true);
  for (const r of rows) drawRow(r, false);
  table.end();
  doc.x = box.left;
}
