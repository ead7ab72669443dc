/**
 * The school's usage indicators on one A4 page for the conseil d'administration (lib/pdf.ts: PDF/A-2b, tagged,
 * DejaVu Sans): the same figures as the pilotage dashboard for the chosen period, with the same minimum-count rule
 * (a count under 5 is printed « moins de 5 »). Everything is sized to fit one page: the long lists are cut (top five
 * services, the last five questionnaires). Written in French, the school's language.
 */
import { type Doc, FONT, newPdfDocument, pdfText } from '../../lib/pdf.ts';
import type { SchoolUsage } from './usage.service.ts';

const MARGIN = 36;
const GAP = 14;
const PAD = 2.5;
const RULE = '#8c8c8c';
const HEADER_FILL = '#e6e6e6';
const OFF_FILL = '#e9e9e9';
const BAR = '#1f4e79';

/** Services, in French, as the dashboard names them. */
export const FAMILY_LABEL: Record<SchoolUsage['families'][number]['family'], string> = {
  communication: 'Communication',
  vie_scolaire: 'Vie scolaire',
  scolarite: 'Notes et bulletins',
  pedagogie: 'Cahier de textes et travail à faire',
  documents: 'Documents',
  accompagnement: 'Suivi des élèves et rendez-vous',
  reservation: 'Réservations',
  services: 'Compte et annuaire',
};
const PROFILE_LABEL = { pupil: 'Élèves', guardian: 'Responsables', teacher: 'Enseignants', staff: 'Autres personnels' };
const MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];

const longDate = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long' });
const day = (iso: string) => longDate.format(new Date(`${iso}T12:00:00Z`));
const numberFr = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });

/** The key figures computed from the dashboard's data, shared by the PDF and its test. */
export function keyFigures(u: SchoolUsage) {
  const visits = u.days.reduce((s, d) => s + (d.visits ?? 0), 0);
  const hours = Math.round(u.profiles.reduce((s, p) => s + (p.activeHours ?? 0), 0));
  const outside = u.places.find((p) => p.place === 'outside');
  const activeDays = u.days.filter((d) => (d.visits ?? 0) > 0).length;
  const topServices = [...u.families]
    .filter((f) => f.uses !== null && f.uses > 0)
    .sort((a, b) => (b.uses ?? 0) - (a.uses ?? 0))
    .slice(0, 5);
  return { visits, hours, outsideShare: outside?.share ?? null, activeDays, topServices };
}

type Parent = PDFKit.PDFStructureElement;
type Cell = string;

export interface UsagePdfInput {
  usage: SchoolUsage;
  now: Date;
}

/** Renders the page; resolves with the file. */
export function renderUsagePdf({ usage: u, now }: UsagePdfInput): Promise<Buffer> {
  const doc = newPdfDocument({
    title: `Usages de l’ENT — ${u.school.name}`,
    author: u.school.name,
    subject: 'Synthèse des usages pour le conseil d’administration',
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.addPage();
  const width = doc.page.width - 2 * MARGIN;
  const hidden = `moins de ${u.minCount}`;
  const count = (v: number | null) => (v === null ? hidden : numberFr.format(v));
  const rate = (r: number | null) => (r === null ? '—' : percent.format(r));
  const k = keyFigures(u);

  const sect = doc.struct('Sect');
  doc.addStructure(sect);
  const text = (
    parent: Parent,
    type: string,
    font: string,
    size: number,
    s: string,
    o: { x?: number; y?: number; width?: number; color?: string } = {},
  ) => {
    doc
      .font(font)
      .fontSize(size)
      .fillColor(o.color ?? '#000000');
    const content = doc.markStructureContent(type);
    doc.text(s, o.x ?? MARGIN, o.y ?? doc.y, { width: o.width ?? width });
    doc.endMarkedContent();
    const el = doc.struct(type, {}, [content]);
    parent.add(el);
    el.end();
    doc.fillColor('#000000');
  };

  doc.y = MARGIN;
  text(sect, 'P', FONT.regular, 9, pdfText(u.school.name));
  text(sect, 'H1', FONT.bold, 15, 'Usages de l’ENT — synthèse pour le conseil d’administration');
  text(
    sect,
    'P',
    FONT.regular,
    9,
    `Période du ${day(u.from)} au ${day(u.to)}. Édité le ${longDate.format(now)}. Mesure d’audience interne à Préau, ` +
      `sans traceur ni cookie : des compteurs par heure, par lieu et par profil, sans nom ni adresse.`,
  );
  doc.moveDown(0.5);

  // Key figures, one line each.
  const figures = doc.struct('L');
  sect.add(figures);
  const lines = [
    `Visites : ${numberFr.format(k.visits)} sur la période, ${numberFr.format(k.activeDays)} jours avec des visites.`,
    `Heures d’utilisation : ${numberFr.format(k.hours)} h d’activité.`,
    `Depuis l’extérieur de l’établissement : ${rate(k.outsideShare)} des visites.`,
    `Justificatifs d’absence envoyés en ligne par les familles : ${rate(u.indicators.justificationsOnline.rate)} ; ` +
      `travaux à faire cochés « fait » : ${rate(u.indicators.homeworkTicked.rate)} ; ` +
      `bulletins ouverts par un responsable : ${rate(u.indicators.reportCardsRead.rate)}.`,
  ];
  if (u.lastNews) {
    lines.push(
      `Dernière actualité aux familles (« ${pdfText(u.lastNews.title)} ») : ouverte par ${count(u.lastNews.opened)} familles ` +
        `sur ${count(u.lastNews.families)} (${rate(u.lastNews.openedRate)})` +
        (u.lastNews.ackRequired
          ? `, confirmée par ${count(u.lastNews.confirmed)} (${rate(u.lastNews.confirmedRate)}).`
          : '.'),
    );
  }
  for (const l of lines) text(figures, 'LI', FONT.regular, 9, `• ${l}`);
  figures.end();
  doc.moveDown(0.6);

  // Visits per day: bars, the school calendar's days off shaded. A Figure with its description for screen readers.
  text(sect, 'H2', FONT.bold, 11, 'Visites par jour');
  const chartTop = doc.y + 4;
  const chartHeight = 80;
  const max = Math.max(1, ...u.days.map((d) => d.visits ?? 0));
  const step = width / Math.max(1, u.days.length);
  const busiest = [...u.days].sort((a, b) => (b.visits ?? 0) - (a.visits ?? 0))[0];
  const alt =
    `Histogramme des visites par jour du ${day(u.from)} au ${day(u.to)} ; jours de congé grisés. ` +
    (busiest ? `Jour le plus fréquenté : ${day(busiest.day)} (${count(busiest.visits)} visites).` : '');
  const figure = doc.markStructureContent('Figure');
  doc.save();
  for (const [i, d] of u.days.entries()) {
    const x = MARGIN + i * step;
    if (d.offLabel) doc.rect(x, chartTop, step, chartHeight).fill(OFF_FILL);
    const h = ((d.visits ?? 0) / max) * chartHeight;
    if (h > 0) doc.rect(x, chartTop + chartHeight - h, Math.max(0.6, step * 0.8), h).fill(BAR);
  }
  doc
    .lineWidth(0.5)
    .strokeColor(RULE)
    .moveTo(MARGIN, chartTop + chartHeight)
    .lineTo(MARGIN + width, chartTop + chartHeight);
  doc.stroke();
  doc.restore();
  doc.endMarkedContent();
  const figEl = doc.struct('Figure', { alt }, [figure]);
  sect.add(figEl);
  figEl.end();
  doc.y = chartTop + chartHeight + 3;
  text(sect, 'P', FONT.oblique, 8, alt, { color: '#333333' });
  doc.moveDown(0.6);

  // Two columns: visits per month | places and profiles.
  const colWidth = (width - GAP) / 2;
  const top = doc.y;
  const months = new Map<string, { visits: number; minutes: number }>();
  for (const d of u.days) {
    const m = d.day.slice(0, 7);
    const v = months.get(m) ?? { visits: 0, minutes: 0 };
    v.visits += d.visits ?? 0;
    v.minutes += d.activeMinutes ?? 0;
    months.set(m, v);
  }
  const monthRows = [...months.entries()]
    .slice(-13)
    .map(([m, v]) => [
      `${MONTHS[Number(m.slice(5, 7)) - 1]} ${m.slice(0, 4)}`,
      numberFr.format(v.visits),
      numberFr.format(Math.round(v.minutes / 60)),
    ]);
  const cut = months.size > 13 ? ' (13 derniers mois)' : '';
  text(sect, 'H2', FONT.bold, 11, `Visites et heures par mois${cut}`, { x: MARGIN, y: top, width: colWidth });
  const leftEnd = table(doc, sect, MARGIN, doc.y + 3, colWidth, ['Mois', 'Visites', 'Heures'], monthRows, [0.5, 0.25]);

  const right = MARGIN + colWidth + GAP;
  text(sect, 'H2', FONT.bold, 11, 'Sur place ou à distance', { x: right, y: top, width: colWidth });
  let y = table(
    doc,
    sect,
    right,
    doc.y + 3,
    colWidth,
    ['Lieu', 'Visites', 'Part'],
    u.places.map((p) => [
      p.place === 'outside' ? 'Hors de l’établissement' : pdfText(p.label),
      count(p.visits),
      rate(p.share),
    ]),
    [0.5, 0.25],
  );
  text(sect, 'H2', FONT.bold, 11, 'Par profil', { x: right, y: y + 8, width: colWidth });
  y = table(
    doc,
    sect,
    right,
    doc.y + 3,
    colWidth,
    ['Profil', 'Visites', 'Heures'],
    u.profiles.map((p) => [
      PROFILE_LABEL[p.profile],
      count(p.visits),
      p.activeHours === null ? hidden : numberFr.format(p.activeHours),
    ]),
    [0.5, 0.25],
  );
  doc.y = Math.max(leftEnd, y) + 8;

  // Two columns: top services | questionnaires.
  const top2 = doc.y;
  text(sect, 'H2', FONT.bold, 11, 'Services les plus utilisés', { x: MARGIN, y: top2, width: colWidth });
  const servicesEnd = table(
    doc,
    sect,
    MARGIN,
    doc.y + 3,
    colWidth,
    ['Services', 'Utilisations', 'Part'],
    k.topServices.length > 0
      ? k.topServices.map((f) => [FAMILY_LABEL[f.family], count(f.uses), rate(f.share)])
      : [['Aucune utilisation', '—', '—']],
    [0.56, 0.26],
  );
  text(sect, 'H2', FONT.bold, 11, 'Participation aux questionnaires', { x: right, y: top2, width: colWidth });
  const shown = u.questionnaires.slice(-5);
  const qRows =
    shown.length > 0
      ? shown.map((q) => [pdfText(q.title), `${count(q.respondents)} / ${count(q.audience)}`, rate(q.rate)])
      : [['Aucun questionnaire sur la période', '—', '—']];
  const questionnairesEnd = table(
    doc,
    sect,
    right,
    doc.y + 3,
    colWidth,
    ['Questionnaire', 'Réponses', 'Taux'],
    qRows,
    [0.56, 0.26],
  );
  doc.y = Math.max(servicesEnd, questionnairesEnd) + 10;
  if (u.questionnaires.length > shown.length) {
    text(sect, 'P', FONT.oblique, 8, `Et ${u.questionnaires.length - shown.length} questionnaire(s) plus ancien(s).`);
  }
  text(
    sect,
    'P',
    FONT.oblique,
    8,
    `Pour que personne ne puisse être reconnu, un nombre inférieur à ${u.minCount} n’est pas affiché (« ${hidden} ») ` +
      `et une part n’est donnée que sur au moins ${u.minCount} personnes. Une visite est une période d’activité d’une ` +
      `personne (elle recommence après 30 minutes sans activité).`,
  );
  sect.end();
  doc.end();
  return done;
}

/**
 * A small table, tagged (Table, TR, TH, TD), at (x, y); `split` gives the share of the width of the first columns
 * (the last takes the rest). Returns the y under it. Text is shrunk to one line per cell: the page must stay one.
 */
function table(
  doc: Doc,
  parent: Parent,
  x: number,
  y: number,
  width: number,
  header: Cell[],
  rows: Cell[][],
  split: number[],
): number {
  const widths = [...split.map((s) => s * width)];
  widths.push(width - widths.reduce((a, b) => a + b, 0));
  const t = doc.struct('Table');
  parent.add(t);
  const rowHeight = 12.5;
  let top = y;
  const drawRow = (cells: Cell[], head: boolean) => {
    if (head) doc.save().rect(x, top, width, rowHeight).fill(HEADER_FILL).restore();
    doc.save().lineWidth(0.4).strokeColor(RULE).rect(x, top, width, rowHeight).stroke().restore();
    const tr = doc.struct('TR');
    t.add(tr);
    let cx = x;
    for (const [i, c] of cells.entries()) {
      const type = head ? 'TH' : i === 0 ? 'TH' : 'TD';
      const w = (widths[i] ?? 0) - 2 * PAD;
      doc.font(head ? FONT.bold : FONT.regular).fontSize(8);
      let s = c;
      while (s.length > 1 && doc.widthOfString(s) > w) s = `${s.slice(0, -2)}…`;
      const content = doc.markStructureContent(type);
      doc.fillColor('#000000').text(s, cx + PAD, top + PAD + 0.5, {
        width: w,
        align: i === 0 ? 'left' : 'right',
        lineBreak: false,
      });
      doc.endMarkedContent();
      const cell = doc.struct(type, {}, [content]);
      tr.add(cell);
      cell.end();
      cx += widths[i] ?? 0;
    }
    tr.end();
    top += rowHeight;
  };
  drawRow(header, true);
  for (const r of rows) drawRow(r, false);
  t.end();
  doc.x = MARGIN;
  return top;
}
