/**
 * Reading timetable files into plain rows: STS-Web EDT_STS XML (ISO-8859-15, often zipped) and the
 * documented CSV (docs/imports.md). Pure: no database. Unreadable lines are reported with their
 * line number; a file that cannot be read at all throws a FileError.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { SaxesParser } from 'saxes';
import { isZip, unzipBounded, ZipError } from '../../lib/unzip.ts';
import { hhmmOf, type Weeks } from './timetable.calendar.ts';

export interface ImportRow {
  line: number | null;
  weekday: number;
  startsAt: string;
  endsAt: string;
  classCode: string | null;
  groupCodes: string[];
  subjectCode: string;
  /**
   * Other names of the subject from the national nomenclature (STS `MATIERES`: CODE_GESTION, LIBELLE_COURT,
   * LIBELLE_LONG, LIBELLE_EDITION), tried when `subjectCode` is a national code the school does not use.
   */
  subjectNames: string[];
  /** STS INDIVIDU@ID when known, and/or a name to match. */
  teachers: Array<{ externalId: string | null; name: string | null }>;
  roomCode: string | null;
  siteName: string | null;
  weeks: Weeks;
  /** For week patterns given as lists of weeks (STS alternances): the Mondays it runs. */
  weekDates: string[] | null;
  /** The week pattern's code and label as the file names it (for messages). */
  weekPattern: string | null;
}

/**
 * A problem found in the file: a stable `code` with its `params` (the web app words it in the reader's
 * language) and an English `message` for API clients and logs.
 */
export interface ImportProblem {
  line: number | null;
  code: string;
  params: Record<string, string>;
  message: string;
}

export const problem = (
  line: number | null,
  code: string,
  params: Record<string, string>,
  message: string,
): ImportProblem => ({ line, code, params, message });

export interface ParseResult {
  rows: ImportRow[];
  errors: ImportProblem[];
  warnings: ImportProblem[];
  /** What the file says about its school (UAI) and school year (its first calendar year), when it says. */
  school: { uai: string | null; year: number | null };
}

export class FileError extends Error {
  readonly line: number | null;
  readonly code: string;
  readonly params: Record<string, string>;
  constructor(message: string, line: number | null = null, code = 'unreadable', params: Record<string, string> = {}) {
    super(message);
    this.line = line;
    this.code = code;
    this.params = params;
  }
}

/**
 * The files of a zip (inflated within the shared limits, off the event loop: see lib/unzip.ts), or the buffer
 * itself when it is not a zip.
 */
export async function unpack(buf: Buffer): Promise<Array<{ name: string; data: Buffer }>> {
  if (!isZip(buf)) return [{ name: '', data: buf }];
  try {
    return await unzipBounded(buf, { filter: (name) => !name.startsWith('__MACOSX') });
  } catch (e) {
    if (e instanceof ZipError) {
      throw new FileError(e.reason === 'corrupt' ? 'The zip file cannot be read' : e.message, null, `zip_${e.reason}`);
    }
    throw e;
  }
}

// ------------------------------------------------------------------------------------------------ STS

export function decodeXml(buf: Buffer): string {
  const head = buf.subarray(0, 200).toString('latin1');
  const declared = /encoding\s*=\s*["']([\w.-]+)["']/i.exec(head)?.[1]?.toLowerCase() ?? 'utf-8';
  if (declared === 'utf-8' || declared === 'utf8') {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '');
    } catch {
      throw new FileError('The file says UTF-8 but is not', null, 'not_utf8');
    }
  }
  // STS files declare ISO-8859-15: € œ Œ Š š Ž ž Ÿ differ from latin1, so decode with iconv-lite.
  if (!iconv.encodingExists(declared)) {
    throw new FileError(`Unknown encoding ${declared}`, null, 'unknown_encoding', { encoding: declared });
  }
  // Some tools re-save STS files as UTF-8 and leave the old declaration: accented UTF-8 is never valid
  // Latin-9 text by accident, so bytes that read as UTF-8 with accents are UTF-8.
  if (buf.some((b) => b >= 0x80)) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '');
    } catch {
      // Really Latin-9.
    }
  }
  return iconv.decode(buf, declared);
}

interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlNode[];
  line: number;
}

/** A small DOM from saxes: STS files are a few megabytes at most (the route limits the body). */
export function parseXml(text: string): XmlNode {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const root: XmlNode = { name: '#root', attrs: {}, text: '', children: [], line: 0 };
  const stack: XmlNode[] = [root];
  let error: FileError | null = null;
  parser.on('error', (e) => {
    error ??= new FileError(`The XML is malformed: ${e.message}`, parser.line, 'malformed_xml');
  });
  parser.on('opentag', (tag) => {
    const node: XmlNode = {
      name: tag.name,
      attrs: tag.attributes as Record<string, string>,
      text: '',
      children: [],
      line: parser.line,
    };
    stack[stack.length - 1]!.children.push(node);
    stack.push(node);
  });
  parser.on('text', (t) => {
    stack[stack.length - 1]!.text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  try {
    parser.write(text).close();
  } catch (e) {
    error ??= new FileError(`The XML is malformed: ${(e as Error).message}`, parser.line, 'malformed_xml');
  }
  if (error) throw error;
  const top = root.children[0];
  if (!top) throw new FileError('The file is empty', null, 'empty');
  return top;
}

const child = (n: XmlNode | undefined, name: string) => n?.children.find((c) => c.name === name);
const children = (n: XmlNode | undefined, name: string) => n?.children.filter((c) => c.name === name) ?? [];
const textOf = (n: XmlNode | undefined, name: string) => child(n, name)?.text.trim() ?? '';

/** 'dd/MM/yyyy' or 'yyyy-MM-dd' → 'yyyy-MM-dd', or null. */
function stsDate(s: string): string | null {
  const fr = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s.trim());
  if (fr) return `${fr[3]}-${fr[2]}-${fr[1]}`;
  return /^\d{4}-\d{2}-\d{2}$/.test(s.trim()) ? s.trim() : null;
}

/** 'HHMM' (or 'HH:MM') → minutes. */
function stsTime(s: string): number | null {
  const m = /^(\d{1,2}):?(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return v >= 0 && v < 24 * 60 ? v : null;
}

function weeksFromCode(code: string): Weeks | null {
  const c = code.trim().toUpperCase();
  if (c === '' || c === 'H' || c === 'HEBDO' || c === 'TOUTES' || c === 'S') return 'all';
  if (/(^|[^A-Z])(SEM(AINE)?\s*)?A$/.test(c) || c === 'Q1') return 'A';
  if (/(^|[^A-Z])(SEM(AINE)?\s*)?B$/.test(c) || c === 'Q2') return 'B';
  return null;
}

/**
 * National subject codes (6 digits, BCN nomenclature `N_MATIERE`) Préau knows without an `sts_emp` file, with
 * the names schools use for them. Only codes whose meaning is documented by a public source are listed:
 * - 030201 ANGLAIS LV1 (CODE_GESTION AGL1): the `MATIERE` of a `BEE_NOMENCLATURES` export quoted in the SIECLE
 *   importer of an open-source school-records project (PHP), whose STS importer shows the same code as the
 *   example `SERVICE@CODE_MATIERE` of STS-Web files.
 * Any other national code is resolved through the `MATIERES` list of the `sts_emp` file sent with the timetable
 * (`LIBELLE_COURT` is the name schools call the subject), or refused with the code named.
 */
export const NATIONAL_SUBJECTS: Readonly<Record<string, readonly string[]>> = {
  '030201': ['AGL1', 'ANGLAIS LV1', 'ANGLAIS'],
};

/** `PARAMETRES/UAJ` and `PARAMETRES/ANNEE_SCOLAIRE`, as an attribute (`sts_emp`) or as text (`EDT_STS`). */
function paramsOf(root: XmlNode | null): { uai: string | null; year: number | null } {
  const p = child(root ?? undefined, 'PARAMETRES');
  const uaj = child(p, 'UAJ');
  const uai = (uaj?.attrs.CODE ?? uaj?.text ?? '').trim().toUpperCase() || null;
  const an = child(p, 'ANNEE_SCOLAIRE');
  const y = /^\d{4}/.exec((an?.attrs.ANNEE ?? an?.text ?? '').trim())?.[0];
  return { uai, year: y ? Number(y) : null };
}

/** Reads an EDT_STS file (and, from a zip, the sts_emp file next to it for teachers' and subjects' names). */
export async function parseSts(buf: Buffer): Promise<ParseResult> {
  const files = (await unpack(buf)).filter((f) => f.name === '' || /\.xml$/i.test(f.name));
  if (files.length === 0) throw new FileError('No XML file in the zip', null, 'no_xml');
  let edt: XmlNode | null = null;
  let emp: XmlNode | null = null;
  for (const f of files) {
    const root = parseXml(decodeXml(f.data));
    if (root.name === 'EDT_STS') edt = root;
    else if (root.name === 'STS_EDT') emp = root;
  }
  if (!edt) throw new FileError('This is not an EDT_STS file (root element EDT_STS expected)', null, 'not_edt_sts');
  const school = paramsOf(edt);
  const empSchool = paramsOf(emp);
  if (school.uai && empSchool.uai && school.uai !== empSchool.uai) {
    throw new FileError(
      `The timetable is for school ${school.uai} and the sts_emp file for ${empSchool.uai}`,
      null,
      'files_of_two_schools',
      { uai: school.uai, other: empSchool.uai },
    );
  }
  const out: ParseResult = {
    rows: [],
    errors: [],
    warnings: [],
    school: { uai: school.uai ?? empSchool.uai, year: school.year ?? empSchool.year },
  };
  const donnees = child(edt, 'DONNEES');

  const names = new Map<string, string>();
  for (const src of [emp, edt]) {
    for (const ind of children(child(child(src ?? undefined, 'DONNEES'), 'INDIVIDUS'), 'INDIVIDU')) {
      const name = `${textOf(ind, 'NOM_USAGE') || textOf(ind, 'NOM_PATRONYMIQUE')} ${textOf(ind, 'PRENOM')}`.trim();
      if (ind.attrs.ID && name) names.set(ind.attrs.ID, name);
    }
  }
  // The subject nomenclature: the file's own list first, then the built-in national codes.
  const subjectNames = new Map<string, string[]>(Object.entries(NATIONAL_SUBJECTS).map(([k, v]) => [k, [...v]]));
  for (const src of [emp, edt]) {
    for (const m of children(child(child(src ?? undefined, 'NOMENCLATURES'), 'MATIERES'), 'MATIERE')) {
      const code = (m.attrs.CODE ?? m.attrs.CODE_MATIERE ?? '').trim();
      if (!code) continue;
      const labels = ['LIBELLE_COURT', 'CODE_GESTION', 'LIBELLE_EDITION', 'LIBELLE_LONG']
        .map((n) => textOf(m, n))
        .filter(Boolean);
      subjectNames.set(code, [...new Set([...labels, ...(subjectNames.get(code) ?? [])])]);
    }
  }
  const alternances = new Map<string, { code: string; label: string; weeks: string[] }>();
  for (const a of children(child(donnees, 'ALTERNANCES'), 'ALTERNANCE')) {
    const code = a.attrs.CODE ?? '';
    const weeks = children(child(a, 'SEMAINES'), 'DATE_DEBUT_SEMAINE')
      .map((w) => stsDate(w.text))
      .filter((d): d is string => d !== null);
    alternances.set(code, { code, label: textOf(a, 'LIBELLE_LONG') || textOf(a, 'LIBELLE_COURT'), weeks });
  }
  const rooms = new Map<string, string | null>();
  for (const r of children(child(donnees, 'SALLES_COURS'), 'SALLE_COURS')) {
    rooms.set(r.attrs.CODE ?? '', textOf(r, 'LOCALISATION') || null);
  }

  const structure = child(donnees, 'STRUCTURE');
  const audiences = [
    ...children(child(structure, 'DIVISIONS'), 'DIVISION').map((n) => ({ n, isClass: true })),
    ...children(child(structure, 'GROUPES'), 'GROUPE').map((n) => ({ n, isClass: false })),
  ];
  for (const { n, isClass } of audiences) {
    const code = n.attrs.CODE?.trim();
    if (!code) {
      out.errors.push(problem(n.line, 'missing_code', { element: n.name }, `${n.name} without CODE`));
      continue;
    }
    for (const service of children(child(n, 'SERVICES'), 'SERVICE')) {
      const subject = service.attrs.CODE_MATIERE?.trim();
      if (!subject) {
        out.errors.push(problem(service.line, 'missing_subject', {}, 'SERVICE without CODE_MATIERE'));
        continue;
      }
      for (const ens of children(child(service, 'ENSEIGNANTS'), 'ENSEIGNANT')) {
        const teacherId = ens.attrs.ID?.trim() || null;
        for (const cours of children(child(ens, 'COURS_RATTACHES'), 'COURS')) {
          const day = Number(textOf(cours, 'JOUR'));
          const start = stsTime(textOf(cours, 'HEURE_DEBUT'));
          const duration = stsTime(textOf(cours, 'DUREE'));
          if (!Number.isInteger(day) || day < 1 || day > 6 || start === null || duration === null || duration === 0) {
            out.errors.push(
              problem(cours.line, 'bad_cours', {}, 'COURS: JOUR (1–6), HEURE_DEBUT and DUREE (HHMM) expected'),
            );
            continue;
          }
          if (start + duration > 24 * 60) {
            out.errors.push(problem(cours.line, 'after_midnight', {}, 'COURS ends after midnight'));
            continue;
          }
          const altCode = textOf(cours, 'CODE_ALTERNANCE');
          const alt = alternances.get(altCode);
          let weeks: Weeks | null = null;
          let weekDates: string[] | null = null;
          if (alt && alt.weeks.length > 0) weekDates = alt.weeks;
          else weeks = weeksFromCode(altCode) ?? weeksFromCode(alt?.label ?? '');
          if (weeks === null && weekDates === null) {
            // Never guess "every week": a course of one term or of odd weeks would run all year.
            out.errors.push(
              problem(
                cours.line,
                'unknown_week_pattern',
                { pattern: altCode },
                `Week pattern ${altCode} has no list of weeks and is not every week, week A or week B`,
              ),
            );
            continue;
          }
          const roomCode = textOf(cours, 'CODE_SALLE') || null;
          out.rows.push({
            line: cours.line,
            weekday: day,
            startsAt: hhmmOf(start),
            endsAt: hhmmOf(start + duration),
            classCode: isClass ? code : null,
            groupCodes: isClass ? [] : [code],
            subjectCode: subject,
            subjectNames: subjectNames.get(subject) ?? [],
            teachers: teacherId ? [{ externalId: teacherId, name: names.get(teacherId) ?? null }] : [],
            roomCode,
            siteName: roomCode ? (rooms.get(roomCode) ?? null) : null,
            weeks: weeks ?? 'all',
            weekDates,
            weekPattern: alt ? `${alt.code}${alt.label ? ` (${alt.label})` : ''}` : altCode || null,
          });
        }
      }
    }
  }
  if (out.rows.length === 0 && out.errors.length === 0)
    out.errors.push(problem(null, 'no_courses', {}, 'No COURS in the file'));
  return out;
}

// ------------------------------------------------------------------------------------------------ CSV

export const CSV_HEADER = [
  'day',
  'start',
  'end',
  'class',
  'group',
  'subject',
  'teacher',
  'room',
  'site',
  'weeks',
] as const;

const DAYS: Record<string, number> = {
  lundi: 1,
  mardi: 2,
  mercredi: 3,
  jeudi: 4,
  vendredi: 5,
  samedi: 6,
  lun: 1,
  mar: 2,
  mer: 3,
  jeu: 4,
  ven: 5,
  sam: 6,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};

function decodeText(buf: Buffer): string {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    // Spreadsheets on Windows save "CSV" in Windows-1252.
    return iconv.decode(buf, 'windows-1252');
  }
}

/** '08:00', '8h00', '8h', '0800' → 'HH:MM', or null. */
function csvTime(s: string): string | null {
  const m = /^(\d{1,2})\s*(?:[:hH.]\s*(\d{2})?|(\d{2}))$/.exec(s.trim());
  if (!m) return null;
  const v = Number(m[1]) * 60 + Number(m[2] ?? m[3] ?? 0);
  return v < 24 * 60 ? hhmmOf(v) : null;
}

const splitList = (s: string) =>
  s
    .split(/[+|]/)
    .map((x) => x.trim())
    .filter(Boolean);

export async function parseCsvFile(buf: Buffer): Promise<ParseResult> {
  const files = (await unpack(buf)).filter((f) => f.name === '' || /\.(csv|txt)$/i.test(f.name));
  const file = files[0];
  if (!file) throw new FileError('No CSV file in the zip', null, 'no_csv');
  const text = decodeText(file.data);
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parseCsv(text, { delimiter, relax_column_count: true, skip_empty_lines: false, trim: true });
  } catch (e) {
    throw new FileError(
      `The CSV cannot be read: ${(e as Error).message}`,
      (e as { lines?: number }).lines ?? null,
      'malformed_csv',
    );
  }
  const header = (records[0] ?? []).map((h) => h.toLowerCase().replace(/^\uFEFF/, ''));
  const missing = CSV_HEADER.filter(
    (h) => !header.includes(h) && h !== 'group' && h !== 'site' && h !== 'weeks' && h !== 'room',
  );
  if (missing.length > 0) {
    throw new FileError(
      `Missing columns: ${missing.join(', ')} (expected header: ${CSV_HEADER.join(';')})`,
      1,
      'missing_columns',
      { columns: missing.join(', ') },
    );
  }
  const col = (r: string[], name: (typeof CSV_HEADER)[number]) => {
    const i = header.indexOf(name);
    return i >= 0 ? (r[i] ?? '').trim() : '';
  };
  const out: ParseResult = { rows: [], errors: [], warnings: [], school: { uai: null, year: null } };
  records.slice(1).forEach((r, i) => {
    const line = i + 2;
    if (r.every((c) => c.trim() === '')) return;
    const problems: ImportProblem[] = [];
    const dayText = col(r, 'day').toLowerCase();
    const weekday = /^\d$/.test(dayText) ? Number(dayText) : (DAYS[dayText] ?? 0);
    if (weekday < 1 || weekday > 6) {
      problems.push(
        problem(
          line,
          'bad_day',
          { value: col(r, 'day') },
          `day "${col(r, 'day')}" is not a school day (1–6 or lundi…samedi)`,
        ),
      );
    }
    const startsAt = csvTime(col(r, 'start'));
    const endsAt = csvTime(col(r, 'end'));
    if (!startsAt)
      problems.push(problem(line, 'bad_time', { value: col(r, 'start') }, `start "${col(r, 'start')}" is not a time`));
    if (!endsAt)
      problems.push(problem(line, 'bad_time', { value: col(r, 'end') }, `end "${col(r, 'end')}" is not a time`));
    if (startsAt && endsAt && startsAt >= endsAt)
      problems.push(problem(line, 'end_before_start', {}, 'end is not after start'));
    const classCode = col(r, 'class') || null;
    const groupCodes = splitList(col(r, 'group'));
    if (!classCode && groupCodes.length === 0)
      problems.push(problem(line, 'no_audience', {}, 'a class or a group is needed'));
    const subjectCode = col(r, 'subject');
    if (!subjectCode) problems.push(problem(line, 'no_subject', {}, 'subject is empty'));
    const weeksText = col(r, 'weeks');
    const weeks = weeksFromCode(weeksText) ?? (/^(all|toutes?|tous)$/i.test(weeksText) ? 'all' : null);
    if (weeks === null) {
      problems.push(problem(line, 'bad_weeks', { value: weeksText }, `weeks "${weeksText}" is not empty, A or B`));
    }
    if (problems.length > 0) {
      out.errors.push(...problems);
      return;
    }
    out.rows.push({
      line,
      weekday,
      startsAt: startsAt!,
      endsAt: endsAt!,
      classCode,
      groupCodes,
      subjectCode,
      subjectNames: [],
      teachers: splitList(col(r, 'teacher')).map((t) =>
        /^\d+$/.test(t) ? { externalId: t, name: null } : { externalId: null, name: t },
      ),
      roomCode: col(r, 'room') || null,
      siteName: col(r, 'site') || null,
      weeks: weeks!,
      weekDates: null,
      weekPattern: weeksText || null,
    });
  });
  return out;
}
