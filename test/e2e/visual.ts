import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pixelmatch from 'pixelmatch';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { RESULTS_DIR } from './helpers.ts';

const BASELINES = resolve(import.meta.dirname, 'screenshots');

/**
 * Compares the visible part of the page with test/e2e/screenshots/<name>.png. Text that changes with
 * the day (dates, headings) is painted transparent so that the layout is compared, not the words.
 * PREAU_UPDATE_SCREENSHOTS=1 writes the baseline instead. On failure, the actual image and the diff are
 * saved in test-results/.
 */
export async function expectScreenshot(page: Page, name: string, o: { maxDiffRatio?: number } = {}) {
  await page.addStyleTag({
    content: `h1, .breadcrumb, .day-title, time, .status-line, [data-volatile] { color: transparent !important; }
      *, *::before, *::after { caret-color: transparent !important; animation: none !important; transition: none !important; }`,
  });
  await page.evaluate(() => document.fonts.ready);
  const actual = PNG.sync.read(await page.screenshot({ fullPage: false }));
  const file = join(BASELINES, `${name}.png`);
  if (process.env.PREAU_UPDATE_SCREENSHOTS === '1' || !existsSync(file)) {
    if (!existsSync(file) && process.env.PREAU_UPDATE_SCREENSHOTS !== '1') {
      assert.fail(`No baseline ${name}.png: run with PREAU_UPDATE_SCREENSHOTS=1 to create it`);
    }
    mkdirSync(BASELINES, { recursive: true });
    writeFileSync(file, PNG.sync.write(actual));
    return;
  }
  const expected = PNG.sync.read(readFileSync(file));
  assert.deepEqual([actual.width, actual.height], [expected.width, expected.height], `${name}: size changed`);
  const diff = new PNG({ width: actual.width, height: actual.height });
  const changed = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, { threshold: 0.2 });
  const ratio = changed / (actual.width * actual.height);
  if (ratio > (o.maxDiffRatio ?? 0.01)) {
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, `visual--${name}--actual.png`), PNG.sync.write(actual));
    writeFileSync(join(RESULTS_DIR, `visual--${name}--diff.png`), PNG.sync.write(diff));
    assert.fail(`${name}: ${(ratio * 100).toFixed(2)} % of the pixels differ from the baseline (see test-results/)`);
  }
}
