/**
 * Reading SIECLE/BEE exports (BEE_ELEVES, BEE_RESPONSABLES, BEE_NOMENCLATURES) and STS-Web `sts_emp` files
 * (root STS_EDT) into plain records. Pure: no database. The XML is read with a SAX parser, one record at a time
 * (an ELEVE, a PERSONNE, an INDIVIDU...): only the record being read is ever held as a tree, never the file.
 * A file that cannot be read at all throws a FileError; a record that cannot be used is reported with its line.
 */
import { SaxesParser } from 'saxes';
import { decodeXml, FileError, type ImportProblem, problem, unpack } from '../timetable/timetable.import-parse.ts';

export { FileError, type ImportProblem, problem };

export interface XmlRecord {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlRecord[];
  line: number;
}

const child = (n: XmlRecord | undefined, name: string) => n?.children.find((c) => c.name === name);
const childrenOf = (n: XmlRecord | undefined, name: string) => n?.children.filter((c) => c.name === name) ?? [];
const textOf = (n: XmlRecord | undefined, name: string) => child(n, name)?.text.trim() ?? '';

/**
 * Streams `text` through saxes and calls `onRecord` for each element whose name is in `records` (with its
 * subtree and the names of its ancestors). Returns the root element's name.
 */
export function streamXml(
  text: string,
  records: ReadonlySet<string>,
  onRecord: (record: XmlRecord, path: readonly string[]) => void,
): string {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const path: string[] = [];
  // The record being built (its stack of open nodes), or empty outside records.
  const open: XmlRecord[] = [];
  let root = '';
  let error: FileError | null = null;
  parser.on('error', (e) => {
    error ??= new FileError(`The XML is malformed: ${e.message}`, parser.line, 'malformed_xml');
  });
  parser.on('opentag', (tag) => {
    if (!root) root = tag.name;
    if (open.length > 0 || records.has(tag.name)) {
      const node: XmlRecord = {
        name: tag.name,
        attrs: tag.attributes as Record<string, string>,
        text: '',
        children: [],
        line: parser.line,
      };
      open[open.length - 1]?.children.push(node);
      open.push(node);
    }
    path.push(tag.name);
  });
  parser.on('text', (t) => {
    const top = open[open.length - 1];
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    path.pop();
    const done = open.pop();
    if (done && open.length === 0) onRecord(done, path);
  });
  try {
    // Fed in chunks: saxes keeps only what it needs between them.
    const CHUNK = 64 * 1024;
    for (let i = 0; i < text.length && !error; i += CHUNK) parser.write(text.slice(i, i + CHUNK));
    if (!error) parser.close();
  } catch (e) {
    if (e instanceof FileError) throw e;
    error ??= new FileError(`The XML is malformed: ${(e as Error).message}`, parser.line, 'malformed_xml');
  }
  if (error) throw error;
  if (!root) throw new FileError('The file is empty', null, 'empty');
  return root;
}

/** 'dd/MM/yyyy' or 'yyyy-MM-dd' → 'yyyy-MM-dd', or null. */
export function frDate(s: string): string | null {
  const v = s.trim();
  const fr = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(v);
  if (fr) return `${fr[3]}-${fr[2]}-${fr[1]}`;
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null;
}

const yearOf = (s: string): number | null => (/^\d{4}$/.test(s.trim()) ? Number(s.trim()) : null);

// -------------------------------------------------------------------------------------------- SIECLE

export interface SieclePupil {
  line: number;
  eleveId: string;
  ine: string | null;
  lastName: string;
  firstName: string;
  birthDate: string | null;
  mef: string | null;
  entryDate: string | null;
  leftOn: string | null;
  classCode: string | null;
  /** Groups (STRUCTURE with TYPE_STRUCTURE G). */
  groupCodes: string[];
}

export interface SiecleGuardian {
  line: number;
  personneId: string;
  lastName: string;
  firstName: string;
  email: string | null;
  phone: string | null;
  addressId: string | null;
  address: string | null;
}

export interface SiecleLink {
  line: number;
  eleveId: string;
  personneId: string;
  /** RESP_LEGAL: 1, 2 or 0 (other person); null when only NIVEAU_RESPONSABILITE is given. */
  legal: number | null;
  level: number | null;
  kinship: string | null;
  financial: boolean;
  contact: boolean;
}

export interface SiecleData {
  /** The kinds of files read: BEE_ELEVES, BEE_RESPONSABLES, BEE_NOMENCLATURES. */
  roots: string[];
  school: { uai: string | null; year: number | null };
  pupils: SieclePupil[];
  guardians: SiecleGuardian[];
  links: SiecleLink[];
  /** MEF code → FORMATION (e.g. 5EME), from the nomenclature. */
  mefs: Map<string, string>;
  errors: ImportProblem[];
}

const SIECLE_RECORDS = new Set([
  'PARAMETRES',
  'ELEVE',
  'STRUCTURES_ELEVE',
  'PERSONNE',
  'RESPONSABLE_ELEVE',
  'ADRESSE',
  'MEF',
]);
const SIECLE_ROOTS = new Set(['BEE_ELEVES', 'BEE_RESPONSABLES', 'BEE_NOMENCLATURES']);

/** Reads a SIECLE export: one XML file, or a zip of several (pupils, guardians, nomenclatures). */
export async function parseSiecle(buf: Buffer): Promise<SiecleData> {
  if (buf.length === 0) throw new FileError('The file is empty', null, 'empty');
  const files = (await unpack(buf)).filter((f) => f.name === '' || /\.xml$/i.test(f.name));
  if (files.length === 0) throw new FileError('The zip holds no XML file', null, 'no_xml');
  const data: SiecleData = {
    roots: [],
    school: { uai: null, year: null },
    pupils: [],
    guardians: [],
    links: [],
    mefs: new Map(),
    errors: [],
  };
  const structures = new Map<string, string>();
  const groupsOf = new Map<string, string[]>();
  const addresses = new Map<string, string>();
  for (const f of files) {
    const text = decodeXml(f.data);
    let root = '';
    const uais = new Set<string>();
    try {
      root = streamXml(text, SIECLE_RECORDS, (r, path) => {
        const parent = path[path.length - 1];
        if (r.name === 'PARAMETRES') {
          const uai = textOf(r, 'UAJ').toUpperCase();
          if (uai) uais.add(uai);
          data.school.year ??= yearOf(textOf(r, 'ANNEE_SCOLAIRE'));
        } else if (r.name === 'ELEVE' && parent === 'ELEVES') {
          const eleveId = r.attrs.ELEVE_ID?.trim() ?? '';
          if (!eleveId) {
            data.errors.push(problem(r.line, 'missing_id', { element: 'ELEVE' }, 'ELEVE without ELEVE_ID'));
            return;
          }
          data.pupils.push({
            line: r.line,
            eleveId,
            ine: textOf(r, 'ID_NATIONAL') || null,
            lastName: textOf(r, 'NOM_USAGE') || textOf(r, 'NOM_DE_FAMILLE') || textOf(r, 'NOM'),
            firstName: textOf(r, 'PRENOM'),
            birthDate: frDate(textOf(r, 'DATE_NAISS')),
            mef: textOf(r, 'CODE_MEF') || null,
            entryDate: frDate(textOf(r, 'DATE_ENTREE')),
            leftOn: frDate(textOf(r, 'DATE_SORTIE')),
            classCode: null,
            groupCodes: [],
          });
        } else if (r.name === 'STRUCTURES_ELEVE') {
          const eleveId = r.attrs.ELEVE_ID?.trim() ?? '';
          for (const s of childrenOf(r, 'STRUCTURE')) {
            const type = textOf(s, 'TYPE_STRUCTURE').toUpperCase();
            const code = textOf(s, 'CODE_STRUCTURE');
            if (!code) continue;
            if (type === 'D') structures.set(eleveId, code);
            else if (type === 'G') groupsOf.set(eleveId, [...(groupsOf.get(eleveId) ?? []), code]);
          }
        } else if (r.name === 'PERSONNE' && parent === 'PERSONNES') {
          const personneId = r.attrs.PERSONNE_ID?.trim() ?? '';
          if (!personneId) {
            data.errors.push(problem(r.line, 'missing_id', { element: 'PERSONNE' }, 'PERSONNE without PERSONNE_ID'));
            return;
          }
          data.guardians.push({
            line: r.line,
            personneId,
            lastName: textOf(r, 'NOM_USAGE') || textOf(r, 'NOM_DE_FAMILLE') || textOf(r, 'NOM'),
            firstName: textOf(r, 'PRENOM'),
            email: textOf(r, 'MEL') || null,
            phone: textOf(r, 'TEL_PORTABLE') || textOf(r, 'TEL_PERSONNEL') || textOf(r, 'TEL_PROFESSIONNEL') || null,
            addressId: textOf(r, 'ADRESSE_ID') || null,
            address: null,
          });
        } else if (r.name === 'RESPONSABLE_ELEVE') {
          const num = (s: string) => (/^\d+$/.test(s) ? Number(s) : null);
          data.links.push({
            line: r.line,
            eleveId: textOf(r, 'ELEVE_ID'),
            personneId: textOf(r, 'PERSONNE_ID'),
            legal: num(textOf(r, 'RESP_LEGAL')),
            level: num(textOf(r, 'NIVEAU_RESPONSABILITE')),
            kinship: textOf(r, 'CODE_PARENTE') || null,
            financial: textOf(r, 'RESP_FINANCIER') === '1',
            contact: textOf(r, 'PERS_CONTACT') === '1',
          });
        } else if (r.name === 'ADRESSE' && r.attrs.ADRESSE_ID) {
          const lines = ['LIGNE1_ADRESSE', 'LIGNE2_ADRESSE', 'LIGNE3_ADRESSE', 'LIGNE4_ADRESSE']
            .map((k) => textOf(r, k))
            .filter(Boolean);
          const town = [textOf(r, 'CODE_POSTAL'), textOf(r, 'LIBELLE_POSTAL') || textOf(r, 'LL_COMMUNE')]
            .filter(Boolean)
            .join(' ');
          if (town) lines.push(town);
          const country = textOf(r, 'LL_PAYS');
          if (country && country.toUpperCase() !== 'FRANCE') lines.push(country);
          if (lines.length > 0) addresses.set(r.attrs.ADRESSE_ID.trim(), lines.join('\n'));
        } else if (r.name === 'MEF' && r.attrs.CODE_MEF) {
          data.mefs.set(r.attrs.CODE_MEF.trim(), textOf(r, 'FORMATION') || textOf(r, 'LIBELLE_COURT'));
        }
      });
    } catch (e) {
      if (e instanceof FileError && files.length > 1 && f.name) {
        throw new FileError(`${f.name}: ${e.message}`, e.line, e.code, { ...e.params, file: f.name });
      }
      throw e;
    }
    if (!SIECLE_ROOTS.has(root)) {
      if (files.length > 1) continue; // Other files of the export (an STS file...) are not ours.
      throw new FileError(`Not a SIECLE export (root element ${root})`, null, 'not_siecle', { root });
    }
    data.roots.push(root);
    if (uais.size > 1) throw new FileError('The file names several schools', null, 'several_schools');
    const uai = [...uais][0] ?? null;
    if (uai && data.school.uai && uai !== data.school.uai) {
      throw new FileError('The files are from different schools', null, 'several_schools');
    }
    data.school.uai ??= uai;
  }
  if (data.roots.length === 0) throw new FileError('No SIECLE export in the zip', null, 'not_siecle', { root: '' });
  for (const p of data.pupils) {
    p.classCode = structures.get(p.eleveId) ?? null;
    p.groupCodes = [...new Set(groupsOf.get(p.eleveId) ?? [])];
  }
  for (const g of data.guardians) g.address = g.addressId ? (addresses.get(g.addressId) ?? null) : null;
  return data;
}

// ------------------------------------------------------------------------------------------ STS emp

export interface StsIndividu {
  line: number;
  id: string;
  lastName: string;
  firstName: string;
  birthDate: string | null;
  fonction: string | null;
  disciplines: string[];
}

export interface StsService {
  line: number;
  structure: 'division' | 'groupe';
  code: string;
  label: string;
  subjectCode: string;
  teacherIds: string[];
}

export interface StsEmpData {
  school: { uai: string | null; year: number | null };
  /** National subject code → its names (LIBELLE_COURT first). */
  subjects: Map<string, { gestion: string; short: string; long: string }>;
  individus: StsIndividu[];
  services: StsService[];
  errors: ImportProblem[];
}

const STS_RECORDS = new Set(['PARAMETRES', 'MATIERE', 'INDIVIDU', 'DIVISION', 'GROUPE']);

/** Reads an STS-Web `sts_emp_<UAI>_<year>.xml` (root STS_EDT), bare or zipped. */
export async function parseStsEmp(buf: Buffer): Promise<StsEmpData> {
  if (buf.length === 0) throw new FileError('The file is empty', null, 'empty');
  const files = (await unpack(buf)).filter((f) => f.name === '' || /\.xml$/i.test(f.name));
  const file = files.find((f) => /sts_emp/i.test(f.name)) ?? files[0];
  if (!file) throw new FileError('The zip holds no XML file', null, 'no_xml');
  const data: StsEmpData = {
    school: { uai: null, year: null },
    subjects: new Map(),
    individus: [],
    services: [],
    errors: [],
  };
  const root = streamXml(decodeXml(file.data), STS_RECORDS, (r, path) => {
    const parent = path[path.length - 1];
    if (r.name === 'PARAMETRES') {
      const uaj = child(r, 'UAJ');
      data.school.uai = (uaj?.attrs.CODE ?? uaj?.text ?? '').trim().toUpperCase() || null;
      const year = child(r, 'ANNEE_SCOLAIRE');
      data.school.year = yearOf(year?.attrs.ANNEE ?? year?.text ?? '');
    } else if (r.name === 'MATIERE' && parent === 'MATIERES' && r.attrs.CODE) {
      data.subjects.set(r.attrs.CODE.trim(), {
        gestion: textOf(r, 'CODE_GESTION'),
        short: textOf(r, 'LIBELLE_COURT'),
        long: textOf(r, 'LIBELLE_LONG') || textOf(r, 'LIBELLE_EDITION'),
      });
    } else if (r.name === 'INDIVIDU' && parent === 'INDIVIDUS') {
      const id = r.attrs.ID?.trim() ?? '';
      if (!id) {
        data.errors.push(problem(r.line, 'missing_id', { element: 'INDIVIDU' }, 'INDIVIDU without ID'));
        return;
      }
      data.individus.push({
        line: r.line,
        id,
        lastName: textOf(r, 'NOM_USAGE') || textOf(r, 'NOM_PATRONYMIQUE'),
        firstName: textOf(r, 'PRENOM'),
        birthDate: frDate(textOf(r, 'DATE_NAISSANCE')),
        fonction: textOf(r, 'FONCTION').toUpperCase() || null,
        disciplines: childrenOf(child(r, 'DISCIPLINES'), 'DISCIPLINE').map((d) => d.attrs.CODE ?? ''),
      });
    } else if ((r.name === 'DIVISION' && parent === 'DIVISIONS') || (r.name === 'GROUPE' && parent === 'GROUPES')) {
      const code = r.attrs.CODE?.trim() ?? '';
      if (!code) return;
      for (const s of childrenOf(child(r, 'SERVICES'), 'SERVICE')) {
        const teacherIds = childrenOf(child(s, 'ENSEIGNANTS'), 'ENSEIGNANT')
          .map((e) => e.attrs.ID?.trim() ?? '')
          .filter(Boolean);
        data.services.push({
          line: s.line,
          structure: r.name === 'DIVISION' ? 'division' : 'groupe',
          code,
          label: textOf(r, 'LIBELLE_LONG') || code,
          subjectCode: s.attrs.CODE_MATIERE?.trim() ?? '',
          teacherIds,
        });
      }
    }
  });
  if (root !== 'STS_EDT')
    throw new FileError(`Not an sts_emp file (root element ${root})`, null, 'not_sts_emp', { root });
  return data;
}
