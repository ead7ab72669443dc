import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bodyToText, sanitizeBody } from './messaging.sanitize.ts';

// The usual payloads (OWASP XSS filter evasion cheat sheet and friends): none may leave an executable trace.
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="//evil.example/">x</a>',
  '<p onclick="alert(1)" style="background:url(javascript:alert(1))">x</p>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<body onload=alert(1)>',
  '<style>*{background:url("javascript:alert(1)")}</style>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<input autofocus onfocus=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<<script>script>alert(1)<</script>/script>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<a href="https://ok.example/" onmouseover="alert(1)">x</a>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<p>"><img src=x onerror=alert(1)></p>',
];

describe('message body sanitiser', () => {
  for (const payload of PAYLOADS) {
    test(`neutralises ${payload}`, () => {
      const out = sanitizeBody(payload);
      assert.doesNotMatch(out, /<(script|img|svg|iframe|object|embed|style|form|input|details|meta|base|body|math)/i);
      assert.doesNotMatch(out, /\son\w+\s*=/i, 'no event handler attribute');
      assert.doesNotMatch(out, /(javascript|vbscript|data):/i, 'no dangerous scheme in an attribute');
      for (const href of out.matchAll(/href="([^"]*)"/g)) {
        assert.match(href[1]!, /^(https?:|mailto:)/, `href kept only for safe schemes: ${href[1]}`);
      }
    });
  }

  test('keeps the allowed subset', () => {
    const html =
      '<p>Bonjour <b>Madame</b>, <i>merci</i> <strong>!</strong></p><ul><li>un</li></ul><ol><li>deux</li></ol>' +
      '<p><a href="https://www.education.gouv.fr/">lien</a><br>fin</p>';
    assert.equal(
      sanitizeBody(html),
      '<p>Bonjour <strong>Madame</strong>, <em>merci</em> <strong>!</strong></p><ul><li>un</li></ul><ol><li>deux</li></ol>' +
        '<p><a href="https://www.education.gouv.fr/" rel="noopener noreferrer nofollow" target="_blank">lien</a><br />fin</p>',
    );
  });

  test('drops disallowed elements but keeps their text; escapes text', () => {
    assert.equal(sanitizeBody('<div><h1>Titre</h1> <span>texte</span></div>'), 'Titre texte');
    assert.equal(sanitizeBody('1 < 2 & 3 > 2'), '1 &lt; 2 &amp; 3 &gt; 2');
  });

  test('text form for search and previews', () => {
    assert.equal(
      bodyToText(sanitizeBody('<p>Rendez-vous</p><p>mardi &amp; <b>jeudi</b></p>')),
      'Rendez-vous mardi & jeudi',
    );
  });
});
