import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderLetters } from '../modules/admin/admin.letters.ts';

async function textOf(pdf: Buffer) {
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return await parser.getText();
  } finally {
    await parser.destroy();
  }
}

/** What `pdffonts` would list: every font object, and whether a font file is embedded for it. */
function fontsOf(pdf: Buffer) {
  const s = pdf.toString('latin1');
  return {
    baseFonts: [...new Set([...s.matchAll(/\/BaseFont \/([^\s/>]+)/g)].map((m) => m[1]))],
    descriptors: s.match(/\/Type \/FontDescriptor/g)?.length ?? 0,
    files: s.match(/\/FontFile2 \d+ 0 R/g)?.length ?? 0,
    text: s,
  };
}

describe('PDF documents (lib/pdf.ts): activation letters', () => {
  test('names outside WinAnsi come out intact; fonts embedded; PDF/A-2b, tagged, French', async () => {
    const member = (id: string, firstName: string, lastName: string, role: 'pupil' | 'legal1') => ({
      id,
      login: `${id}.login`,
      firstName,
      lastName,
      role,
    });
    const pdf = await renderLetters(
      { schoolName: 'Collège Łódź-Nguyễn', schoolTown: 'Saint-Denis', classCode: '6A', address: 'https://ent.test' },
      [
        {
          to: {
            firstName: 'Thị Ánh',
            lastName: 'Nguyễn',
            postalAddress: '12 rue Łukasiewicza\n93600 Aulnay-sous-Bois',
          },
          locale: 'fr',
          pupils: [
            { firstName: 'Łucja', lastName: 'Nguyễn' },
            { firstName: 'Ștefan', lastName: 'Țăranu' },
          ],
          accounts: [
            member('g1', 'Thị Ánh', 'Nguyễn', 'legal1'),
            member('p1', 'Łucja', 'Nguyễn', 'pupil'),
            member('p2', 'Ștefan', 'Țăranu', 'pupil'),
          ],
        },
      ],
      new Map([
        ['g1', { code: 'ABCD-EFGH-JKLM', expiresAt: '2026-12-31T00:00:00.000Z' }],
        ['p1', { code: 'NPQR-STUV-WXYZ', expiresAt: '2026-12-31T00:00:00.000Z' }],
        ['p2', { code: 'ABCD-EFGH-2345', expiresAt: '2026-12-31T00:00:00.000Z' }],
      ]),
    );
    const { text } = await textOf(pdf);
    const flat = text.normalize('NFC');
    for (const name of ['Thị Ánh Nguyễn', 'Łucja Nguyễn', 'Ștefan Țăranu', 'Collège Łódź-Nguyễn']) {
      assert.ok(flat.includes(name), `${name} is printed as written`);
    }
    const f = fontsOf(pdf);
    assert.ok(f.baseFonts.length > 0);
    assert.ok(
      f.baseFonts.every((b) => /^[A-Z]{6}\+DejaVuSans/.test(b ?? '')),
      `only embedded subsets of DejaVu Sans: ${f.baseFonts}`,
    );
    assert.equal(f.files, f.descriptors, 'a font file for every font');
    assert.match(f.text, /^%PDF-1\.7/);
    assert.match(f.text, /\/Lang \(fr-FR\)/);
    assert.match(f.text, /\/StructTreeRoot \d+ 0 R/);
    assert.match(f.text, /\/Marked true/);
    assert.match(f.text, /<pdfaid:part>2<\/pdfaid:part>/);
    assert.match(f.text, /<pdfaid:conformance>B<\/pdfaid:conformance>/);
  });
});
