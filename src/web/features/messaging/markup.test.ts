import assert from 'node:assert/strict';
import { test } from 'node:test';
import { htmlToMarkup, markupToHtml } from './markup.ts';

test('markup to the HTML subset, and back', () => {
  const cases: Array<[string, string]> = [
    ['Bonjour,\n\nLa sortie a lieu **jeudi**.', '<p>Bonjour,</p><p>La sortie a lieu <strong>jeudi</strong>.</p>'],
    ['ligne 1\nligne 2', '<p>ligne 1<br>ligne 2</p>'],
    ['- cahier\n- trousse', '<ul><li>cahier</li><li>trousse</li></ul>'],
    ['1. lire\n2. écrire', '<ol><li>lire</li><li>écrire</li></ol>'],
    [
      'Voir [le site](https://exemple.fr/a?b=1&c=2).',
      '<p>Voir <a href="https://exemple.fr/a?b=1&amp;c=2">le site</a>.</p>',
    ],
  ];
  for (const [markup, html] of cases) {
    assert.equal(markupToHtml(markup), html);
    assert.equal(htmlToMarkup(html), markup);
  }
});

test('typed HTML stays text; only http, https and mailto links', () => {
  assert.equal(markupToHtml('<script>alert(1)</script>'), '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  assert.equal(markupToHtml('[x](javascript:alert(1))'), '<p>[x](javascript:alert(1))</p>');
  assert.equal(markupToHtml('[x](" onmouseover="a)'), '<p>[x](&quot; onmouseover=&quot;a)</p>');
  assert.equal(htmlToMarkup('<p>&lt;b&gt; &amp; co</p>'), '<b> & co');
});
