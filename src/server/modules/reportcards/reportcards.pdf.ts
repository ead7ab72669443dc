import {
  artifact,
  type Doc,
  FONT,
  type FontName,
  newPdfDocument,
  pdfText,
  previewWatermark,
  section,
} from '../../lib/pdf.ts';
import { SKILL_LEVELS } from '../grades/grades.skills.ts';
import { COUNCIL_DECISION_LABELS, type ReportCardSnapshot } from './reportcards.snapshot.ts';

/*
 * Report cards as PDF, from the frozen snapshot only (nothing is recomputed here).
 *
 * Each report card is laid out in two steps: every cell is wrapped into lines up front (with the standard fonts'
 * metrics), then a paginator places the rows and records one list of drawing operations per page. Knowing the page
 * count before drawing gives "Page x / y" without buffering pages in pdfkit, and lets a bundle flush each pupil's
 * pages as soon as they are drawn. Text is placed line by line with lineBreak: false, which skips pdfkit's own
 * line wrapper (the slow part of pdfkit's text layout).
 *
 * Fonts, PDF/A-2b, tagging and the preview watermark come from lib/pdf.ts (DejaVu Sans, embedded as subsets: any
 * Latin, Vietnamese, Greek or Cyrillic name prints as written).
 */

export { pdfText };

const PAGE_WIDTH = 595.28; // A4 in points
const PAGE_HEIGHT = 841.89;
const MARGIN = 20;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const FOOTER_HEIGHT = 12;
const CONTENT_BOTTOM = PAGE_HEIGHT - MARGIN - FOOTER_HEIGHT;
const PAD_X = 3;
const PAD_Y = 2;
const BLOCK_GAP = 6;
const LINE_FACTOR = 1.1;

const INK = '#000000';
const SOFT_INK = '#444444';
const RULE = '#8c8c8c';
const HEADER_FILL = '#d9d9d9';
const TOTAL_FILL = '#eeeeee';
const BAND_FILL = '#f2f2f2';

const DASH = '—';

// ---------------------------------------------------------------------------------------------------------------
// Text helpers

const orNone = (v: string | null) => (v === null || v.trim() === '' ? DASH : v);
const ordinal = (n: number) => (n === 1 ? '1er' : `${n}e`);

const longDate = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long' });
const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/** "2025-12-12" or an instant → "12 décembre 2025" (Europe/Paris). */
export function frenchLongDate(value: string): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) return `${Number(day[3]) === 1 ? '1er' : Number(day[3])} ${MONTHS[Number(day[2]) - 1] ?? ''} ${day[1]}`;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return longDate.format(d).replace(/^1 /, '1er ');
}

/** "2012-03-09" → "09/03/2012". */
const shortDate = (value: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : value;
};

/** "1er trimestre" → "Bulletin du 1er trimestre"; "Semestre 2" → "Bulletin du semestre 2". */
const bulletinTitle = (periodLabel: string) => {
  const label = periodLabel.trim();
  if (/^bulletin\b/i.test(label)) return label;
  if (/^(trimestre|semestre|\d)/i.test(label)) return `Bulletin du ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
  return `Bulletin – ${label}`;
};

/** "Paris" → "Académie de Paris", "Orléans-Tours" → "Académie d’Orléans-Tours". */
const academieLabel = (academie: string) => {
  const a = academie.trim();
  if (a === '' || /^acad[ée]mie\b/i.test(a)) return a;
  return /^[aeiouyàâéèêëîïôûùh]/i.test(a) ? `Académie d’${a}` : `Académie de ${a}`;
};

const LEVEL_LABELS = new Map<number, string>(SKILL_LEVELS.map((l) => [l.level, l.label]));
const levelLabel = (level: number | null) => (level === null ? 'Non évalué' : (LEVEL_LABELS.get(level) ?? DASH));

const pupilName = (s: ReportCardSnapshot) => `${s.pupil.lastName.toLocaleUpperCase('fr')} ${s.pupil.firstName}`;

// ---------------------------------------------------------------------------------------------------------------
// Wrapping and tables

interface Line {
  text: string;
  font: FontName;
  size: number;
  color: string;
  height: number;
}
type Cell = Line[];

interface Style {
  font: FontName;
  size: number;
  color?: string;
}

/**
 * Widths of words at 1pt, per font, shared by every document: the embedded fonts' metrics never change, and a class's
 * appreciations reuse the same words, so most lookups skip pdfkit's glyph-and-kerning walk (the bulk of the layout
 * cost). Bounded: cleared when it grows past a few tens of thousands of words.
 */
const unitWidths = new Map<string, number>();
const UNIT_WIDTHS_MAX = 50_000;

/** Width measurer bound to the document's fonts. */
function measurer(doc: Doc) {
  const width = (text: string, style: Style): number => {
    const key = `${style.font}\0${text}`;
    let w = unitWidths.get(key);
    if (w === undefined) {
      doc.font(style.font).fontSize(1);
      w = doc.widthOfString(text);
      if (unitWidths.size >= UNIT_WIDTHS_MAX) unitWidths.clear();
      unitWidths.set(key, w);
    }
    return w * style.size;
  };
  return { width, space: (style: Style) => width(' ', style) };
}
type Measurer = ReturnType<typeof measurer>;

/**
 * Greedy word wrap. Widths are summed per word (kerning across a space is ignored: at most a fraction of a point
 * per line, absorbed by a 1pt allowance). A word longer than the line is cut after its last hyphen that fits, or
 * where it overflows.
 */
function wrap(m: Measurer, text: string, style: Style, width: number): Cell {
  const color = style.color ?? INK;
  const height = style.size * LINE_FACTOR;
  const lines: Cell = [];
  const push = (t: string) => lines.push({ text: t, font: style.font, size: style.size, color, height });
  const limit = width - 1;
  const space = m.space(style);
  const paragraphs = pdfText(text.replace(/\r\n?/g, '\n'), true).trim().split('\n');
  for (const paragraph of paragraphs) {
    const words = paragraph.split(/ +/).filter((w) => w !== '');
    if (words.length === 0) {
      if (lines.length > 0) push('');
      continue;
    }
    let line = '';
    let lineWidth = 0;
    for (const word of words) {
      let w = m.width(word, style);
      if (line !== '' && lineWidth + space + w <= limit) {
        line += ` ${word}`;
        lineWidth += space + w;
        continue;
      }
      if (line !== '') push(line);
      let rest = word;
      while (w > limit && rest.length > 1) {
        // Prefer the last hyphen that fits ("Histoire-géographie-" / "EMC"), else cut where it overflows.
        let cut = rest.length - 1;
        while (cut > 1 && m.width(rest.slice(0, cut), style) > limit) cut--;
        const hyphen = rest.lastIndexOf('-', cut - 1);
        if (hyphen > 0) cut = hyphen + 1;
        push(rest.slice(0, cut));
        rest = rest.slice(cut);
        w = m.width(rest, style);
      }
      line = rest;
      lineWidth = w;
    }
    if (line !== '') push(line);
  }
  return lines;
}

/** One line that is never wrapped (a figure): the type shrinks instead when it is too wide. */
function fit(m: Measurer, text: string, style: Style, width: number): Line {
  const t = pdfText(text);
  const w = m.width(t, style);
  const size = w > width ? Math.max(5, (style.size * width) / w) : style.size;
  return { text: t, font: style.font, size, color: style.color ?? INK, height: style.size * LINE_FACTOR };
}

interface Column {
  width: number;
  align: 'left' | 'center' | 'right';
  valign: 'top' | 'middle';
}
interface Row {
  cells: Cell[];
  fill?: string;
  /** Overrides the columns' vertical alignment (header rows). */
  valign?: Column['valign'];
}
interface Table {
  columns: Column[];
  header: Row;
  rows: Row[];
}

const cellHeight = (cell: Cell) => cell.reduce((h, l) => h + l.height, 0);
const rowHeight = (row: Row) => Math.max(0, ...row.cells.map(cellHeight)) + 2 * PAD_Y;

type Op = (doc: Doc) => void;

/** Places content top to bottom, page after page; records the drawing of each page. */
class Paginator {
  readonly pages: Op[][] = [];
  y = 0;

  constructor(private readonly continuationHeader: (page: Op[], y: number) => number) {}

  get page(): Op[] {
    return this.pages[this.pages.length - 1]!;
  }

  get room(): number {
    return CONTENT_BOTTOM - this.y;
  }

  newPage(): void {
    this.pages.push([]);
    this.y = this.pages.length === 1 ? MARGIN : this.continuationHeader(this.page, MARGIN);
  }

  /** True when the page has nothing but its header yet (a break there would gain nothing). */
  atTop(): boolean {
    return this.y <= (this.pages.length === 1 ? MARGIN : MARGIN + 20);
  }

  table(t: Table, opts: { keepHeaderWith: number } = { keepHeaderWith: 1 }): void {
    const headerH = rowHeight(t.header);
    const firstRows = t.rows.slice(0, opts.keepHeaderWith).reduce((h, r) => h + rowHeight(r), 0);
    if (headerH + Math.min(firstRows, 60) > this.room && !this.atTop()) this.newPage();
    this.row(t.columns, t.header);
    for (const original of t.rows) {
      let row: Row | null = original;
      while (row) {
        const h = rowHeight(row);
        if (h <= this.room) {
          this.row(t.columns, row);
          row = null;
          continue;
        }
        // Move the row to a fresh page when it fits there; otherwise split it where the page ends.
        const fullPage = CONTENT_BOTTOM - MARGIN - 20 - headerH;
        if (h <= fullPage || this.room < 40) {
          this.newPage();
          this.row(t.columns, t.header);
          if (h <= this.room) continue;
        }
        const [now, later] = splitRow(row, this.room - 2 * PAD_Y);
        this.row(t.columns, now);
        this.newPage();
        this.row(t.columns, t.header);
        row = later;
      }
    }
  }

  private row(columns: Column[], row: Row): void {
    const y = this.y;
    const h = rowHeight(row);
    this.page.push((doc) => drawRow(doc, columns, row, y, h));
    this.y += h;
  }
}

/** The lines of each cell that fit in `room`, and the rest (other cells empty) for the next page. */
function splitRow(row: Row, room: number): [Row, Row] {
  const now: Cell[] = [];
  const later: Cell[] = [];
  for (const cell of row.cells) {
    let h = 0;
    let i = 0;
    while (i < cell.length && h + cell[i]!.height <= room) h += cell[i++]!.height;
    now.push(cell.slice(0, i));
    later.push(cell.slice(i));
  }
  return [
    { cells: now, fill: row.fill },
    { cells: later, fill: row.fill },
  ];
}

function drawRow(doc: Doc, columns: Column[], row: Row, y: number, h: number): void {
  if (row.fill) doc.rect(MARGIN, y, CONTENT_WIDTH, h).fill(row.fill);
  let x = MARGIN;
  row.cells.forEach((cell, i) => {
    const col = columns[i]!;
    const inner = col.width - 2 * PAD_X;
    let ly = (row.valign ?? col.valign) === 'middle' ? y + (h - cellHeight(cell)) / 2 : y + PAD_Y;
    for (const line of cell) {
      if (line.text !== '') {
        doc.font(line.font).fontSize(line.size).fillColor(line.color);
        let lx = x + PAD_X;
        if (col.align !== 'left') {
          const w = doc.widthOfString(line.text);
          lx += col.align === 'center' ? (inner - w) / 2 : inner - w;
        }
        // The line box is size × LINE_FACTOR; centre the glyphs (ascender to descender ≈ 0.93 em) in it.
        doc.text(line.text, lx, ly + (line.height - line.size * 0.925) / 2, { lineBreak: false });
      }
      ly += line.height;
    }
    x += col.width;
  });
  doc.lineWidth(0.5).strokeColor(RULE).rect(MARGIN, y, CONTENT_WIDTH, h);
  x = MARGIN;
  for (const col of columns.slice(0, -1)) {
    x += col.width;
    doc.moveTo(x, y).lineTo(x, y + h);
  }
  doc.stroke();
}

// ---------------------------------------------------------------------------------------------------------------
// The report card

const S = {
  head: { font: FONT.bold, size: 7.5 },
  subject: { font: FONT.bold, size: 8 },
  teachers: { font: FONT.regular, size: 6.5, color: SOFT_INK },
  average: { font: FONT.bold, size: 9 },
  figure: { font: FONT.regular, size: 8 },
  text: { font: FONT.regular, size: 8 },
  bold: { font: FONT.bold, size: 8 },
  council: { font: FONT.regular, size: 8.5 },
  councilDecision: { font: FONT.bold, size: 8.5 },
} satisfies Record<string, Style>;

/** Lays out one report card; the result is a list of pages, each a list of drawing operations. */
function layout(doc: Doc, s: ReportCardSnapshot): Op[][] {
  const m = measurer(doc);
  const title = bulletinTitle(s.period.label);
  const name = pupilName(s);

  const pg = new Paginator((page, y) => {
    const text = pdfText(`${name} · ${s.class.label} · ${title} · ${s.year} (suite)`);
    page.push((d) => {
      d.font(FONT.regular).fontSize(8).fillColor(SOFT_INK).text(text, MARGIN, y, { lineBreak: false });
    });
    return y + 16;
  });
  pg.newPage();
  pg.y = header(m, pg.page, s, title, name);

  // Subjects
  const hasRank = s.subjects.some((x) => x.rank !== null);
  const numeric = (width: number): Column => ({ width, align: 'center', valign: 'middle' });
  const fixed = [100, 23, 34, 31, 28, 28, ...(hasRank ? [24] : [])];
  const columns: Column[] = [
    { width: fixed[0]!, align: 'left', valign: 'top' },
    ...fixed.slice(1).map(numeric),
    { width: CONTENT_WIDTH - fixed.reduce((a, b) => a + b, 0), align: 'left', valign: 'top' },
  ];
  const inner = (i: number) => columns[i]!.width - 2 * PAD_X;
  const headCell = (i: number, label: string) =>
    label.split('\n').flatMap((part) => wrap(m, part, S.head, inner(i) + 2 * PAD_X));
  const heads = [
    'Discipline',
    'Coef.',
    'Moy.\nélève',
    'Moy.\nclasse',
    'Min',
    'Max',
    ...(hasRank ? ['Rang'] : []),
    'Appréciations',
  ];
  const figure = (i: number, v: string | null, style: Style = S.figure) => [fit(m, orNone(v), style, inner(i))];
  const rankCell = (i: number, rank: number | null) =>
    hasRank ? [figure(i, rank === null ? null : ordinal(rank))] : [];
  const last = columns.length - 1;
  const rows: Row[] = s.subjects.map((x) => ({
    cells: [
      [...wrap(m, x.subject, S.subject, inner(0)), ...wrap(m, x.teachers.join(', '), S.teachers, inner(0))],
      figure(1, x.coefficient),
      figure(2, x.average, S.average),
      figure(3, x.classAverage),
      figure(4, x.classMin),
      figure(5, x.classMax),
      ...rankCell(6, x.rank),
      wrap(m, x.appreciation, S.text, inner(last)),
    ],
  }));
  rows.push({
    fill: TOTAL_FILL,
    cells: [
      wrap(m, 'Moyenne générale', S.subject, inner(0)),
      [],
      figure(2, s.general.average, S.average),
      figure(3, s.general.classAverage, S.bold),
      figure(4, s.general.classMin, S.bold),
      figure(5, s.general.classMax, S.bold),
      ...rankCell(6, s.general.rank),
      [],
    ],
  });
  pg.table({
    columns,
    header: { fill: HEADER_FILL, valign: 'middle', cells: heads.map((h, i) => headCell(i, h)) },
    rows,
  });

  // Socle commun
  if (s.skills.length > 0) {
    pg.y += BLOCK_GAP;
    const levelWidth = 110;
    const skillColumns: Column[] = [
      { width: CONTENT_WIDTH - levelWidth, align: 'left', valign: 'top' },
      { width: levelWidth, align: 'left', valign: 'top' },
    ];
    pg.table(
      {
        columns: skillColumns,
        header: {
          fill: HEADER_FILL,
          cells: [
            wrap(m, 'Compétences du socle commun', S.head, CONTENT_WIDTH),
            wrap(m, 'Niveau de maîtrise', S.head, levelWidth),
          ],
        },
        rows: s.skills.map((k) => ({
          cells: [
            wrap(m, k.label || k.component, S.text, CONTENT_WIDTH - levelWidth - 2 * PAD_X),
            wrap(m, levelLabel(k.level), k.level === null ? { ...S.text, color: SOFT_INK } : S.text, levelWidth),
          ],
        })),
      },
      { keepHeaderWith: 2 },
    );
  }

  // Vie scolaire and the class council, side by side
  pg.y += BLOCK_GAP;
  const lifeWidth = 130;
  const councilWidth = CONTENT_WIDTH - lifeWidth;
  const a = s.attendance;
  const decision = s.council.decision ? COUNCIL_DECISION_LABELS[s.council.decision] : null;
  const councilText = s.council.generalAppreciation.trim();
  pg.table({
    columns: [
      { width: lifeWidth, align: 'left', valign: 'top' },
      { width: councilWidth, align: 'left', valign: 'top' },
    ],
    header: {
      fill: HEADER_FILL,
      cells: [
        wrap(m, 'Vie scolaire', S.head, lifeWidth),
        wrap(m, 'Appréciation générale du conseil de classe', S.head, councilWidth),
      ],
    },
    rows: [
      {
        cells: [
          [
            ...wrap(m, `Demi-journées d’absence : ${a.absenceHalfDays}`, S.text, lifeWidth - 2 * PAD_X),
            ...wrap(m, `dont non justifiées : ${a.unjustifiedHalfDays}`, S.text, lifeWidth - 2 * PAD_X),
            ...wrap(m, `Retards : ${a.lateness}`, S.text, lifeWidth - 2 * PAD_X),
          ],
          [
            ...wrap(m, councilText || DASH, S.council, councilWidth - 2 * PAD_X),
            ...(decision
              ? [
                  { text: '', font: FONT.regular, size: 4, color: INK, height: 3 } satisfies Line,
                  ...wrap(
                    m,
                    `Décision du conseil de classe : ${decision}`,
                    S.councilDecision,
                    councilWidth - 2 * PAD_X,
                  ),
                ]
              : []),
          ],
        ],
      },
    ],
  });
  // The head of school's signature block, under the council, on the right.
  if (s.principal) {
    const block = 50;
    pg.y += BLOCK_GAP;
    if (pg.room < block) pg.newPage();
    const y = pg.y;
    const x = MARGIN + CONTENT_WIDTH - 210;
    const who = pdfText(s.principal.name);
    pg.page.push((d) => {
      d.font(FONT.regular).fontSize(8.5).fillColor(SOFT_INK).text(PRINCIPAL_TITLE, x, y, { lineBreak: false });
      d.font(FONT.bold)
        .fontSize(9)
        .fillColor(INK)
        .text(who, x, y + 12, { lineBreak: false });
    });
    pg.y += block;
  }
  return pg.pages;
}

/** How the signature block names the head of school (the directory holds no civility to choose one). */
export const PRINCIPAL_TITLE = 'Le principal / La principale';

/** The first page's header: school, title and year, then the pupil. Returns the y below it. */
function header(m: Measurer, page: Op[], s: ReportCardSnapshot, title: string, name: string): number {
  const school = pdfText(s.school.name);
  const schoolLine = pdfText([`UAI ${s.school.uai}`, s.school.town].filter((x) => x.trim() !== '').join(' · '));
  const academie = pdfText(academieLabel(s.school.academie));
  const titleText = pdfText(title);
  const year = pdfText(`Année scolaire ${s.year}`);
  const dates = `Période du ${shortDate(s.period.startsOn)} au ${shortDate(s.period.endsOn)}`;
  const right = MARGIN + CONTENT_WIDTH;
  const titleW = m.width(titleText, { font: FONT.bold, size: 13 });
  const yearW = m.width(year, { font: FONT.regular, size: 9 });
  const datesW = m.width(dates, { font: FONT.regular, size: 8 });
  const leftWidth = CONTENT_WIDTH - Math.max(titleW, yearW, datesW) - 12;
  // A long school name shrinks rather than running into the title.
  const schoolSize = Math.max(7, Math.min(11, (11 * leftWidth) / m.width(school, { font: FONT.bold, size: 11 })));

  const pupilName = pdfText(name);
  const details = pdfText(
    [
      s.pupil.birthDate ? `Né(e) le ${shortDate(s.pupil.birthDate)}` : null,
      `Classe : ${s.class.label}`,
      `Effectif : ${s.class.pupilCount} élève${s.class.pupilCount > 1 ? 's' : ''}`,
    ]
      .filter((x) => x !== null)
      .join('   ·   '),
  );
  const principals =
    s.principalTeachers.length === 0
      ? null
      : `${s.principalTeachers.length > 1 ? 'Professeurs principaux' : 'Professeur principal'} : ${s.principalTeachers.join(', ')}`;
  const principalLines = principals ? wrap(m, principals, S.text, CONTENT_WIDTH - 16) : [];

  const top = MARGIN;
  const boxTop = top + 40;
  const boxHeight = 30 + principalLines.reduce((h, l) => h + l.height, 0);
  page.push((d) => {
    d.font(FONT.bold).fontSize(schoolSize).fillColor(INK).text(school, MARGIN, top, { lineBreak: false });
    d.font(FONT.regular)
      .fontSize(8.5)
      .fillColor(SOFT_INK)
      .text(schoolLine, MARGIN, top + 16, { lineBreak: false });
    if (academie) d.text(academie, MARGIN, top + 27, { lineBreak: false });
    d.font(FONT.bold)
      .fontSize(13)
      .fillColor(INK)
      .text(titleText, right - titleW, top - 1, { lineBreak: false });
    d.font(FONT.regular)
      .fontSize(9)
      .text(year, right - yearW, top + 15, { lineBreak: false });
    d.fontSize(8)
      .fillColor(SOFT_INK)
      .text(dates, right - datesW, top + 27, { lineBreak: false });

    d.rect(MARGIN, boxTop, CONTENT_WIDTH, boxHeight).fill(BAND_FILL);
    d.lineWidth(0.5).strokeColor(RULE).rect(MARGIN, boxTop, CONTENT_WIDTH, boxHeight).stroke();
    d.font(FONT.bold)
      .fontSize(11)
      .fillColor(INK)
      .text(pupilName, MARGIN + 8, boxTop + 4, { lineBreak: false });
    d.font(FONT.regular)
      .fontSize(8.5)
      .text(details, MARGIN + 8, boxTop + 17, { lineBreak: false });
    let y = boxTop + 28;
    for (const l of principalLines) {
      d.font(l.font)
        .fontSize(l.size)
        .text(l.text, MARGIN + 8, y, { lineBreak: false });
      y += l.height;
    }
  });
  return boxTop + boxHeight + BLOCK_GAP;
}

export interface RenderOptions {
  /** An unpublished preview: "Aperçu — non publié" across every page and in the footer. */
  preview?: boolean;
}

/**
 * Draws one report card on new pages of `doc`, with its footers: one tagged section per report card, the page
 * contents in it, the footers and the preview watermark as artifacts.
 */
function drawReportCard(doc: Doc, s: ReportCardSnapshot, o: RenderOptions): void {
  const pages = layout(doc, s);
  const published = o.preview ? 'Aperçu — non publié' : pdfText(`Publié le ${frenchLongDate(s.publishedAt)}`);
  const who = pdfText(`${pupilName(s)} · ${s.class.label} · ${s.period.label} ${s.year}`);
  const card = doc.struct('Sect');
  doc.addStructure(card);
  pages.forEach((ops, i) => {
    doc.addPage({ size: 'A4', margin: 0 });
    const content = doc.markStructureContent('P');
    for (const op of ops) op(doc);
    doc.endMarkedContent();
    card.add(content);
    // Over the content (light enough to read through): table fills would hide it from underneath.
    if (o.preview) previewWatermark(doc);
    const y = PAGE_HEIGHT - MARGIN - 8;
    const pageText = `Page ${i + 1} / ${pages.length}`;
    artifact(doc, () => {
      doc
        .font(o.preview ? FONT.bold : FONT.regular)
        .fontSize(7.5)
        .fillColor(o.preview ? '#c00000' : SOFT_INK);
      doc.text(published, MARGIN, y, { lineBreak: false });
      doc.font(FONT.regular).fillColor(SOFT_INK);
      const whoW = doc.widthOfString(who);
      doc.text(who, MARGIN + (CONTENT_WIDTH - whoW) / 2, y, { lineBreak: false });
      doc.text(pageText, MARGIN + CONTENT_WIDTH - doc.widthOfString(pageText), y, { lineBreak: false });
    });
  });
  card.end();
}

const newDocument = (title: string, author: string, o: RenderOptions) =>
  newPdfDocument({ title: o.preview ? `${title} (aperçu non publié)` : title, author });

/** One pupil's report card, A4 portrait. Resolves to the PDF bytes. */
export function renderReportCard(snapshot: ReportCardSnapshot, o: RenderOptions = {}): Promise<Buffer> {
  const doc = newDocument(`${bulletinTitle(snapshot.period.label)} — ${pupilName(snapshot)}`, snapshot.school.name, o);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    drawReportCard(doc, snapshot, o);
  } catch (err) {
    doc.destroy();
    return Promise.reject(err);
  }
  doc.end();
  return done;
}

/**
 * A class bundle: every pupil's report card in one PDF, each starting on a new page, written to `out` as it goes.
 * One snapshot is laid out at a time and its pages are flushed before the next is pulled; when `out` pushes back
 * (write() returned false) the next snapshot waits for 'drain', so memory stays flat whatever the class size.
 * Ends `out` and resolves once it has taken everything. On failure (a snapshot that throws, an error on `out`)
 * rejects without ending `out`, so that a truncated file is never passed off as complete: the caller destroys it.
 */
export async function renderReportCardBundle(
  snapshots: AsyncIterable<ReportCardSnapshot> | Iterable<ReportCardSnapshot>,
  out: NodeJS.WritableStream,
  o: RenderOptions = {},
): Promise<void> {
  const doc = newDocument('Bulletins', '', o);
  let failure: unknown = null;
  let needDrain = false;
  let wake: (() => void) | null = null;
  const onDrain = () => {
    needDrain = false;
    wake?.();
  };
  const onError = (err: unknown) => {
    failure ??= err;
    wake?.();
  };
  out.on('drain', onDrain);
  out.on('error', onError);
  doc.on('error', onError);
  doc.on('data', (chunk: Buffer) => {
    if (!out.write(chunk)) needDrain = true;
  });
  const docEnded = new Promise<void>((resolve) => doc.on('end', resolve));

  // Let the document's readable side hand its buffered chunks to `out` (it emits 'data' asynchronously), then
  // wait for `out` itself if it asked to.
  const settle = async () => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (needDrain && failure === null) await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
    if (failure !== null) throw failure;
  };

  try {
    let count = 0;
    for await (const snapshot of snapshots) {
      if (count === 0) {
        doc.info.Title = `Bulletins du ${snapshot.period.label} — ${snapshot.class.label}${o.preview ? ' (aperçu non publié)' : ''}`;
        doc.info.Author = snapshot.school.name;
      }
      drawReportCard(doc, snapshot, o);
      count++;
      await settle();
    }
    if (count === 0) {
      // A PDF needs at least one page.
      doc.addPage({ size: 'A4', margin: 0 });
      section(doc, null, 'P', () => {
        doc.font(FONT.regular).fontSize(10).text('Aucun bulletin.', MARGIN, MARGIN, { lineBreak: false });
      });
    }
    doc.end();
    await docEnded;
    await settle();
    await new Promise<void>((resolve, reject) => {
      out.end(() => (failure === null ? resolve() : reject(failure)));
    });
  } finally {
    out.removeListener('drain', onDrain);
    out.removeListener('error', onError);
  }
}
