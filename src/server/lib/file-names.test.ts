import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cleanFileName, contentDisposition } from './file-names.ts';

describe('file names', () => {
  test('bidi controls are stripped: "facture\\u202Efdp.exe" cannot pose as a PDF', () => {
    assert.equal(cleanFileName('facture\u202Efdp.exe'), 'facturefdp.exe');
    for (const c of [
      '\u061c',
      '\u200e',
      '\u200f',
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
    ]) {
      assert.equal(cleanFileName(`a${c}b.pdf`), 'ab.pdf', `U+${c.codePointAt(0)?.toString(16)}`);
    }
  });

  test('control and invisible characters go, paths and leading dots too; real names stay intact', () => {
    assert.equal(cleanFileName('a\u0000b\u0007c\u007f\u0085.pdf'), 'abc.pdf');
    assert.equal(cleanFileName('zero\u200bwidth\ufeff.pdf'), 'zerowidth.pdf');
    assert.equal(cleanFileName('ligne\u2028deux.pdf'), 'lignedeux.pdf');
    assert.equal(cleanFileName('tab\there\nnew.pdf'), 'tabherenew.pdf');
    assert.equal(cleanFileName('../../etc/passwd'), 'passwd');
    assert.equal(cleanFileName('C:\\Users\\x\\Fiche.pdf'), 'Fiche.pdf');
    assert.equal(cleanFileName('.htaccess'), 'htaccess');
    assert.equal(cleanFileName('say "hi".pdf'), "say 'hi'.pdf");
    assert.equal(cleanFileName('\u202e'), 'fichier');
    assert.equal(cleanFileName('', 'piece-jointe'), 'piece-jointe');
    assert.equal(cleanFileName('Nguyễn Thị Ánh — bulletin.pdf'), 'Nguyễn Thị Ánh — bulletin.pdf');
    assert.equal(cleanFileName('شهادة طبية.pdf'), 'شهادة طبية.pdf');
    assert.equal(cleanFileName('می\u200cخواهم.pdf'), 'می\u200cخواهم.pdf', 'ZWNJ is part of Persian spelling');
    assert.equal(cleanFileName('Łucja.pdf'.normalize('NFD')), 'Łucja.pdf'.normalize('NFC'));
    assert.equal(Array.from(cleanFileName('😀'.repeat(300))).length, 200, 'cut on code points');
  });

  test('Content-Disposition carries the cleaned name, an ASCII fallback and nothing that breaks the header', () => {
    const h = contentDisposition('Éval\u202Efdp.exe "n°2".pdf');
    assert.equal(
      h,
      `attachment; filename="Evalfdp.exe 'n_2'.pdf"; filename*=UTF-8''%C3%89valfdp.exe%20%27n%C2%B02%27.pdf`,
    );
    assert.doesNotMatch(h, /%E2%80%AE/);
    assert.doesNotMatch(contentDisposition('a\r\nSet-Cookie: x=1'), /[\r\n]/);
  });
});
