import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import { cleanFileName } from '../../lib/file-names.ts';
import { FileMissingError, type FileStorage } from '../../lib/storage.ts';

/** Characters that Windows, macOS or a zip tool would read as a path or refuse in a name. */
const UNSAFE = /[<>:"/\\|?*]/g;
/** Already compressed: storing them again costs CPU for nothing. */
const COMPRESSED = /^(image\/(png|jpeg|gif|webp|heic|heif)|application\/(pdf|zip|vnd\.openxmlformats|vnd\.oasis))/;

const safe = (s: string) => cleanFileName(s.replace(UNSAFE, '_'), '');

/**
 * The names of the copies in the archive: `<Nom Prénom> - <original name>`, without path separators or
 * characters that some systems refuse; the same name twice becomes `name (2).ext`, case-insensitively (Windows
 * and macOS would overwrite one with the other).
 */
export function archiveEntryNames(files: readonly { pupilName: string; fileName: string }[]): string[] {
  const taken = new Set<string>();
  return files.map((f) => {
    const base = cleanFileName(`${safe(f.pupilName) || 'Élève'} - ${safe(f.fileName) || 'copie'}`, 'copie');
    const dot = base.lastIndexOf('.');
    const [stem, ext] = dot > 0 && base.length - dot <= 10 ? [base.slice(0, dot), base.slice(dot)] : [base, ''];
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n += 1) name = `${stem} (${n})${ext}`;
    taken.add(name.toLowerCase());
    return name;
  });
}

/**
 * A zip of the given stored files, streamed: each file is read from the storage only when the zip reaches it.
 * A file missing from the storage becomes an empty entry rather than a broken archive.
 */
export function zipStoredFiles(
  storage: FileStorage,
  entries: readonly { name: string; storageKey: string; contentType: string; createdAt: string }[],
): Readable {
  const zip = new ZipFile();
  for (const e of entries) {
    zip.addReadStreamLazy(e.name, { compress: !COMPRESSED.test(e.contentType), mtime: new Date(e.createdAt) }, (cb) => {
      storage.get(e.storageKey).then(
        (stream) => cb(null, stream),
        (err: unknown) => (err instanceof FileMissingError ? cb(null, Readable.from([])) : cb(err, Readable.from([]))),
      );
    });
  }
  zip.end();
  return Readable.from(zip.outputStream);
}
