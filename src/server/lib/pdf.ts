/**
 * The one way Préau makes a PDF (report cards, activation letters, any future letter).
 *
 * - Fonts: DejaVu Sans (regular, bold, oblique), from the `dejavu-fonts-ttf` npm package, embedded as subsets.
 *   It covers Latin Extended (Łucja, Đặng), Vietnamese (Nguyễn Thị Ánh), Greek, Cyrillic, and Arabic letters.
 *   pdfkit neither reorders right-to-left text nor guarantees Arabic joining, so a name written in Arabic
 *   script would come out wrong: names come from the état civil (SIECLE) in Latin script, and that is what the
 *   documents print (docs/decisions.md).
 * - PDF/A-2b: PDF 1.7, fonts embedded, XMP metadata with the PDF/A identification, an sRGB output intent.
 * - Tagged (MarkInfo, a structure tree), with the document's language (fr-FR) and its title shown in the
 *   viewer's title bar. Renderers mark their page furniture (footers, watermarks) as artifacts and their
 *   content as structure elements through `section`, `artifact`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';

export type Doc = PDFKit.PDFDocument;

/** Font names to pass to doc.font(): registered on every document made by newPdfDocument. */
export const FONT = { regular: 'DejaVuSans', bold: 'DejaVuSans-Bold', oblique: 'DejaVuSans-Oblique' } as const;
export type FontName = (typeof FONT)[keyof typeof FONT];

let parsedFonts: Record<FontName, fontkit.Font> | null = null;

/**
 * The fonts, read and parsed once per process (about 2 MB of TTF): pdfkit takes a parsed font as is, so a
 * thousand report cards do not parse them a thousand times. Every document embeds only the glyphs it uses.
 */
function fonts(): Record<FontName, fontkit.Font> {
  if (!parsedFonts) {
    const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    const load = (file: string) => fontkit.create(readFileSync(join(dir, file)));
    parsedFonts = {
      [FONT.regular]: load('DejaVuSans.ttf'),
      [FONT.bold]: load('DejaVuSans-Bold.ttf'),
      [FONT.oblique]: load('DejaVuSans-Oblique.ttf'),
    } as Record<FontName, fontkit.Font>;
  }
  return parsedFonts;
}

/**
 * pdfkit keeps, per document and font, the shaped runs of the words it has laid out; with one parsed font per
 * process they are the same in every document, so documents share them (a class's report cards repeat the same
 * words). Bounded: a fresh table past 50,000 words (documents in progress keep the one they have).
 */
const LAYOUTS_MAX = 50_000;
const layouts = new Map<FontName, { runs: Record<string, unknown>; size: number }>();

function shareLayouts(doc: Doc, name: FontName) {
  let shared = layouts.get(name);
  if (!shared || shared.size > LAYOUTS_MAX) {
    shared = { runs: Object.create(null) as Record<string, unknown>, size: 0 };
    layouts.set(name, shared);
  }
  const table = shared;
  const font = (doc as unknown as { _font: { layoutCache?: Record<string, unknown> } })._font;
  if (!font.layoutCache) return;
  // A proxy only to count entries: reads and writes go straight to the shared table.
  font.layoutCache = new Proxy(table.runs, {
    set(target, key, value) {
      if (!(key in target)) table.size++;
      target[key as string] = value;
      return true;
    },
  });
}

/** A new A4 document, no page yet (call addPage): PDF/A-2b, tagged, French, with the embedded fonts registered. */
export function newPdfDocument(o: {
  title: string;
  author?: string;
  subject?: string;
  lang?: string;
  /** Page margin in points for pages added without options (default 0: the renderer places everything). */
  margin?: number;
}): Doc {
  const doc = new PDFDocument({
    size: 'A4',
    margin: o.margin ?? 0,
    autoFirstPage: false,
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    tagged: true,
    lang: o.lang ?? 'fr-FR',
    displayTitle: true,
    // The default font, instead of Helvetica (whose metrics pdfkit would otherwise parse for every document).
    font: fonts()[FONT.regular],
    info: {
      Title: o.title,
      Author: o.author ?? '',
      ...(o.subject ? { Subject: o.subject } : {}),
      Creator: 'Préau',
    },
  } as unknown as PDFKit.PDFDocumentOptions);
  for (const [name, font] of Object.entries(fonts()) as Array<[FontName, fontkit.Font]>) {
    doc.registerFont(name, font as unknown as Buffer);
    doc.font(name);
    shareLayouts(doc, name);
  }
  doc.font(FONT.regular);
  return doc;
}

/**
 * Text as the embedded font prints it: NFC (one glyph for "ễ"), control and format characters (bidi
 * overrides, zero-width spaces) as spaces or removed, line breaks kept only when asked.
 */
export function pdfText(s: string, keepNewlines = false): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: printable text only is the point
  if (!/[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/.test(s)) {
    return s.normalize('NFC');
  }
  let out = '';
  for (const ch of s.normalize('NFC')) {
    if (ch === '\n' && keepNewlines) out += '\n';
    else if (/[\t\n\r\u2028\u2029]/.test(ch)) out += ' ';
    else if (/[\p{Cc}\p{Cf}]/u.test(ch)) continue;
    else out += ch;
  }
  return out;
}

/**
 * Draws `draw` as a structure element of type `type` (P, H1, Table...) in `parent` (or the document's root):
 * what assistive technology reads.
 */
export function section(doc: Doc, parent: PDFKit.PDFStructureElement | null, type: string, draw: () => void) {
  const content = doc.markStructureContent(type);
  draw();
  doc.endMarkedContent();
  const el = doc.struct(type, {}, [content]);
  if (parent) parent.add(el);
  else doc.addStructure(el);
  el.end();
}

/** Draws `draw` as page furniture (footers, page numbers, watermarks): skipped by assistive technology. */
export function artifact(doc: Doc, draw: () => void, type: 'Pagination' | 'Layout' | 'Page' = 'Pagination') {
  doc.markContent('Artifact', { type });
  draw();
  doc.endMarkedContent();
}

/**
 * "Aperçu — non publié" across the page, light, behind nothing that matters: an unpublished preview must not
 * pass for the published document once printed.
 */
export function previewWatermark(doc: Doc, text = 'Aperçu — non publié') {
  artifact(
    doc,
    () => {
      const { width, height } = doc.page;
      doc.save();
      doc.rotate(-35, { origin: [width / 2, height / 2] });
      doc.font(FONT.bold).fontSize(54).fillColor('#c00000').fillOpacity(0.16);
      const w = doc.widthOfString(text);
      doc.text(text, (width - w) / 2, height / 2 - 27, { lineBreak: false });
      doc.restore();
      doc.fillOpacity(1);
    },
    'Layout',
  );
}
