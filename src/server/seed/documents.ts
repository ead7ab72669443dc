import { createHash } from 'node:crypto';
import type { Executor } from '../db/types.ts';
import { newId } from '../lib/ids.ts';
import { type FileStorage, newStorageKey } from '../lib/storage.ts';

/** A one-page PDF with a title and a few lines (Helvetica, no embedded font: demo data only). */
export function demoPdf(title: string, lines: readonly string[]): Buffer {
  // WinAnsi covers French accents; parentheses and backslashes are escaped.
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const text = [
    'BT /F1 18 Tf 56 780 Td',
    `(${esc(title)}) Tj`,
    '/F1 12 Tf 0 -32 Td',
    ...lines.flatMap((l) => [`(${esc(l)}) Tj`, '0 -18 Td']),
    'ET',
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const [i, o] of objects.entries()) {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  }
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/**
 * A few documents so that the Documents pages are not empty: the demo class's space (a folder visible to
 * families), the staff room, the direction, the demo teacher's own space. Files go to the storage first.
 */
export async function seedDocuments(
  db: Executor,
  storage: FileStorage,
  o: { schoolId: string; now: string; professeur: string; eleve: string; principal?: string },
): Promise<Record<string, number>> {
  const klass = await db
    .selectFrom('class_memberships')
    .select('class_id')
    .where('pupil_id', '=', o.eleve)
    .where('ends_on', 'is', null)
    .executeTakeFirst();
  const space = async (
    scope: string,
    extra: {
      owner_id?: string;
      class_id?: string;
      team?: 'direction' | 'salle_des_profs';
      kind: 'personal' | 'class' | 'team';
      family_visible?: number;
    },
  ) => {
    const id = newId();
    await db
      .insertInto('document_spaces')
      .values({
        id,
        school_id: o.schoolId,
        kind: extra.kind,
        scope_key: scope,
        owner_id: extra.owner_id ?? null,
        class_id: extra.class_id ?? null,
        group_id: null,
        team: extra.team ?? null,
        family_visible: extra.family_visible ?? 0,
        created_at: o.now,
      })
      .execute();
    return id;
  };
  const folder = async (spaceId: string, name: string, familyVisible: boolean) => {
    const id = newId();
    await db
      .insertInto('document_folders')
      .values({
        id,
        space_id: spaceId,
        parent_id: null,
        name,
        family_visible: familyVisible ? 1 : 0,
        created_by: o.professeur,
        created_at: o.now,
        updated_at: o.now,
      })
      .execute();
    return id;
  };
  let files = 0;
  const file = async (
    spaceId: string,
    folderId: string | null,
    name: string,
    data: Buffer,
    by: string,
    contentType = 'application/pdf',
  ) => {
    const key = newStorageKey('documents');
    await storage.put(key, data);
    const id = newId();
    await db
      .insertInto('documents')
      .values({
        id,
        space_id: spaceId,
        folder_id: folderId,
        name,
        created_by: by,
        created_at: o.now,
        updated_at: o.now,
      })
      .execute();
    await db
      .insertInto('document_versions')
      .values({
        id: newId(),
        document_id: id,
        number: 1,
        storage_key: key,
        file_name: name,
        content_type: contentType,
        size: data.length,
        sha256: createHash('sha256').update(data).digest('hex'),
        scan_status: 'not_scanned',
        uploaded_by: by,
        created_at: o.now,
      })
      .execute();
    files += 1;
  };
  if (klass) {
    const cls = await space(`class:${klass.class_id}`, { kind: 'class', class_id: klass.class_id });
    const seq = await folder(cls, 'Séquence 1 — Le récit d’aventure', true);
    await file(
      cls,
      seq,
      'Fiche méthode — le schéma narratif.pdf',
      demoPdf('Fiche méthode : le schéma narratif', [
        'Situation initiale, élément perturbateur, péripéties,',
        'élément de résolution, situation finale.',
      ]),
      o.professeur,
    );
    await file(
      cls,
      null,
      'Progression annuelle.pdf',
      demoPdf('Progression annuelle', [
        'Trimestre 1 : le récit d’aventure.',
        'Trimestre 2 : la poésie.',
        'Trimestre 3 : le théâtre.',
      ]),
      o.professeur,
    );
  }
  const staffRoom = await space('team:salle_des_profs', { kind: 'team', team: 'salle_des_profs' });
  await file(
    staffRoom,
    null,
    'Calendrier des conseils de classe.pdf',
    demoPdf('Calendrier des conseils de classe', ['Premier trimestre : semaine du 1er décembre.']),
    o.principal ?? o.professeur,
  );
  if (o.principal) {
    const direction = await space('team:direction', { kind: 'team', team: 'direction' });
    await file(
      direction,
      null,
      'Note de rentrée.pdf',
      demoPdf('Note de rentrée', ['Organisation de la rentrée et des premières semaines.']),
      o.principal,
    );
  }
  const mine = await space(`personal:${o.professeur}`, { kind: 'personal', owner_id: o.professeur });
  await file(
    mine,
    null,
    'Idées de sujets.txt',
    Buffer.from('Sujets de rédaction pour le trimestre :\n- une aventure en mer\n- un voyage dans le temps\n'),
    o.professeur,
    'text/plain',
  );
  return { documents: files };
}
