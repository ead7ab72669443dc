import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byFrenchName } from './collation.ts';

test('pupils in French alphabetical order, accents and case ignored', () => {
  const names = ['Guérin', 'Gérard', 'Çetin', 'Yilmaz', 'cohen', 'Émile', 'Dupont'].map((last_name) => ({
    last_name,
    first_name: 'A',
  }));
  assert.deepEqual(
    byFrenchName(names).map((p) => p.last_name),
    ['Çetin', 'cohen', 'Dupont', 'Émile', 'Gérard', 'Guérin', 'Yilmaz'],
  );
  const sameLast = byFrenchName([
    { last_name: 'Martin', first_name: 'Zoé' },
    { last_name: 'Martin', first_name: 'Élodie' },
  ]);
  assert.deepEqual(
    sameLast.map((p) => p.first_name),
    ['Élodie', 'Zoé'],
  );
});
