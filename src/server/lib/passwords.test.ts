import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkPasswordPolicy, hashPassword, type PasswordProblem, verifyPassword } from './passwords.ts';

describe('checkPasswordPolicy (CNIL 2022: length, no composition rules, common passwords refused)', () => {
  const cases: Array<[string, string, { login?: string }, PasswordProblem[]]> = [
    ['a passphrase in lower case, no digit, no symbol', 'un cheval blanc', {}, []],
    ['exactly 12 characters', 'ma belle rue', {}, []],
    ['11 characters', 'ma belle ru', {}, ['TOO_SHORT']],
    ['letters only, long enough', 'correctchevalbatterie', {}, []],
    ['accented passphrase', 'été à la plage', {}, []],
    // 11 code points but 22 UTF-16 units: length is counted in characters, not code units.
    ['11 emoji', '😀🐱🌳🚲🎒📚🍎🏫🎨🎵⚽', {}, ['TOO_SHORT']],
    ['12 emoji', '😀🐱🌳🚲🎒📚🍎🏫🎨🎵⚽🌙', {}, []],
    ['129 characters', 'x'.repeat(60) + 'y'.repeat(69), {}, ['TOO_LONG', 'REPETITIVE']],
    ['128 varied characters', 'abcdefgh'.repeat(16), {}, []],
    ['French common password', 'azertyuiop123', {}, ['TOO_COMMON']],
    ['common password, any case', 'AzertyUIOP123', {}, ['TOO_COMMON']],
    ['international common password', 'qwerty123456', {}, ['TOO_COMMON']],
    ['international common password upper case', 'QWERTY123456', {}, ['TOO_COMMON']],
    ['repetitive', 'aaaaaaaaaaaaaaa', {}, ['REPETITIVE']],
    ['contains the login', 'jean.dupont est là', { login: 'jean.dupont' }, ['CONTAINS_LOGIN']],
    ['contains the login, other case', 'JEAN.DUPONT est là', { login: 'jean.dupont' }, ['CONTAINS_LOGIN']],
    ['does not contain the login', 'un cheval blanc', { login: 'jean.dupont' }, []],
    ['short and common', 'azerty', {}, ['TOO_SHORT', 'TOO_COMMON']],
  ];
  for (const [label, password, ctx, expected] of cases) {
    test(label, () => {
      assert.deepEqual(checkPasswordPolicy(password, ctx).sort(), [...expected].sort());
    });
  }
});

describe('hashPassword / verifyPassword', () => {
  test('argon2id with m=19456, t=2, p=1, salted, and verifies', async () => {
    const h = await hashPassword('un cheval blanc');
    assert.match(h, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.equal(await verifyPassword(h, 'un cheval blanc'), true);
    assert.equal(await verifyPassword(h, 'un cheval blanc '), false);
    assert.equal(await verifyPassword(h, 'Un cheval blanc'), false);
    assert.notEqual(await hashPassword('un cheval blanc'), h, 'each hash has its own salt');
  });

  test('a malformed hash verifies as false instead of throwing', async () => {
    assert.equal(await verifyPassword('not-a-hash', 'un cheval blanc'), false);
    assert.equal(await verifyPassword('', 'un cheval blanc'), false);
  });
});
