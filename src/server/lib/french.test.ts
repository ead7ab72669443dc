import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deName } from './french.ts';

test('deName: "d’" before a vowel (accented or not, any case), "de" otherwise', () => {
  const cases: Array<[string, string]> = [
    ['Axel', 'd’Axel'],
    ['Axel Garnier', 'd’Axel Garnier'],
    ['Léo', 'de Léo'],
    ['Émilie', 'd’Émilie'],
    ['Èva', 'd’Èva'],
    ['Îlona', 'd’Îlona'],
    ['Œnone', 'd’Œnone'],
    ['inès', 'd’inès'],
    ['Ugo', 'd’Ugo'],
    ['Hugo', 'de Hugo'],
    ['Yanis', 'de Yanis'],
    ['Éducation musicale', 'd’Éducation musicale'],
    ['Mathématiques', 'de Mathématiques'],
    ['  Anglais ', 'd’Anglais'],
  ];
  for (const [name, expected] of cases) assert.equal(deName(name), expected, name);
});
