import { artifact, type Doc, FONT, newPdfDocument, pdfText } from '../../lib/pdf.ts';
import { frenchLongDate } from '../reportcards/reportcards.pdf.ts';
import type { EveningLists } from './evenings.schema.ts';

/*
 * The lists of a parent–teacher evening as a PDF (docs/evenings.md): one page (or more) per teacher — their
 * families in time order, with the pupil and their class — or per family — their times, teachers, places and
 * the requests not met. Same content as the HTML print view; DejaVu Sans (lib/pdf.ts) prints every name as
 * written. Each list is a tagged section: a heading (H1), a line of context (P), a table (Table/TR/TH/TD).
 */

const MARGIN = 40;
const ROW = 18;
const FOOTER = 24;

type Person = { firstName: string; lastName: string };
const nameOf = (p: Person) => `${p.firstName} ${p.lastName}`;

export interface ListsPdfInput {
  schoolName: string;
  evening: { title: string; date: string; startsAt: string; endsAt: string; scheduled: boolean };
  lists: EveningLists;
  kind: 'teachers' | 'families';
}

interface Sheet {
  heading: string;
  context: string;
  columns: Array<{ label: string; width: number }>;
  rows: string[][];
  empty: string;
  after: string | null;
}

function sheetsOf(o: ListsPdfInput): Sheet[] {
  const when = `${o.evening.title} · ${frenchLongDate(o.evening.date)} · ${o.evening.startsAt}–${o.evening.endsAt}`;
  const empty = o.evening.scheduled ? 'Aucun rendez-vous.' : 'Les horaires ne sont pas encore calculés.';
  if (o.kind === 'teachers') {
    return o.lists.teachers.map((x) => ({
      heading: `Liste de ${nameOf(x.teacher)}`,
      context: `${when} · ${x.site.name}${x.room ? `, ${x.room}` : ''}`,
      columns: [
        { label: 'Heure', width: 0.18 },
        { label: 'Famille', width: 0.34 },
        { label: 'Élève', width: 0.34 },
        { label: 'Classe', width: 0.14 },
      ],
      rows: x.meetings.map((m) => [
        `${m.startsAt}–${m.endsAt}`,
        nameOf(m.guardian),
        nameOf(m.pupil),
        m.pupilClass ?? '—',
      ]),
      empty,
      after: null,
    }));
  }
  return o.lists.families.map((x) => ({
    heading: `Horaire de ${nameOf(x.guardian)}`,
    context: when,
    columns: [
      { label: 'Heure', width: 0.16 },
      { label: 'Professeur', width: 0.28 },
      { label: 'Élève', width: 0.28 },
      { label: 'Lieu', width: 0.28 },
    ],
    rows: x.meetings.map((m) => [
      `${m.startsAt}–${m.endsAt}`,
      nameOf(m.teacher),
      `${nameOf(m.pupil)}${m.pupilClass ? ` (${m.pupilClass})` : ''}`,
      `${m.site.name}${m.room ? `, ${m.room}` : ''}`,
    ]),
    empty,
    after:
      x.unmet.length > 0
        ? `Demandes non satisfaites : ${x.unmet.map((u) => `${nameOf(u.teacher)} (${u.pupil.firstName})`).join(', ')}.`
        : null,
  }));
}

/** Renders the chosen lists; resolves with the whole PDF. */
export function renderEveningLists(o: ListsPdfInput): Promise<Buffer> {
  const title = `${o.kind === 'teachers' ? 'Listes des professeurs' : 'Horaires des familles'} — ${o.evening.title}`;
  const doc = newPdfDocument({ title, author: o.schoolName, margin: MARGIN });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const sheets = sheetsOf(o);
  if (sheets.length === 0) {
    doc.addPage();
    tagged(doc, null, 'P', () => doc.font(FONT.regular).fontSize(11).text(pdfText(title), MARGIN, MARGIN));
  }
  for (const sheet of sheets) drawSheet(doc, o.schoolName, sheet);
  doc.end();
  return done;
}

function tagged(doc: Doc, parent: PDFKit.PDFStructureElement | null, type: string, draw: () => void) {
  const content = doc.markStructureContent(type);
  draw();
  doc.endMarkedContent();
  const el = doc.struct(type, {}, [content]);
  if (parent) parent.add(el);
  else doc.addStructure(el);
  el.end();
}

function footer(doc: Doc, schoolName: string, heading: string) {
  artifact(doc, () => {
    const y = doc.page.height - MARGIN;
    doc
      .font(FONT.regular)
      .fontSize(8)
      .fillColor('#444444')
      .text(pdfText(`${schoolName} · ${heading}`), MARGIN, y, { lineBreak: false })
      .fillColor('#000000');
  });
}

function drawSheet(doc: Doc, schoolName: string, sheet: Sheet) {
  doc.addPage();
  const width = doc.page.width - 2 * MARGIN;
  const bottom = doc.page.height - MARGIN - FOOTER;
  const sect = doc.struct('Sect');
  doc.addStructure(sect);
  footer(doc, schoolName, sheet.heading);
  tagged(doc, sect, 'H1', () => {
    doc.font(FONT.bold).fontSize(15).text(pdfText(sheet.heading), MARGIN, MARGIN, { width });
  });
  tagged(doc, sect, 'P', () => {
    doc.moveDown(0.3).font(FONT.regular).fontSize(10).text(pdfText(sheet.context), MARGIN, doc.y, { width });
  });
  doc.moveDown(0.8);
  if (sheet.rows.length === 0) {
    tagged(doc, sect, 'P', () => doc.font(FONT.oblique).fontSize(10).text(pdfText(sheet.empty), MARGIN, doc.y));
    sect.end();
    return;
  }
  const xs: number[] = [];
  let x = MARGIN;
  for (const c of sheet.columns) {
    xs.push(x);
    x += c.width * width;
  }
  const table = doc.struct('Table');
  sect.add(table);
  const drawRow = (cells: string[], header: boolean) => {
    if (doc.y + ROW > bottom) {
      doc.addPage();
      footer(doc, schoolName, sheet.heading);
      doc.y = MARGIN;
      if (!header)
        drawRow(
          sheet.columns.map((c) => c.label),
          true,
        );
    }
    const y = doc.y;
    const tr = doc.struct('TR');
    table.add(tr);
    if (header) artifact(doc, () => doc.rect(MARGIN, y, width, ROW).fill('#e6e6e6').fillColor('#000000'), 'Layout');
    cells.forEach((cell, i) => {
      const col = sheet.columns[i]!;
      tagged(doc, tr, header ? 'TH' : 'TD', () => {
        doc
          .font(header ? FONT.bold : FONT.regular)
          .fontSize(10)
          .text(pdfText(cell), xs[i]! + 4, y + 4, {
            width: col.width * width - 8,
            height: ROW - 4,
            ellipsis: true,
            lineBreak: false,
          });
      });
    });
    tr.end();
    artifact(
      doc,
      () =>
        doc
          .moveTo(MARGIN, y + ROW)
          .lineTo(MARGIN + width, y + ROW)
          .lineWidth(0.5)
          .strokeColor('#8c8c8c')
          .stroke(),
      'Layout',
    );
    doc.y = y + ROW;
  };
  drawRow(
    sheet.columns.map((c) => c.label),
    true,
  );
  for (const r of sheet.rows) drawRow(r, false);
  table.end();
  if (sheet.after) {
    const after = sheet.after;
    tagged(doc, sect, 'P', () => {
      doc.moveDown(0.8).font(FONT.regular).fontSize(10).text(pdfText(after), MARGIN, doc.y, { width });
    });
  }
  sect.end();
}
