/**
 * The landing page in a real browser (Debian's chromium through playwright-core), served by the
 * built CLI running the demo: it renders without console errors, its tables are readable (headers,
 * a state per instance, a legible font size and contrast, nothing wider than the window).
 * Regenerate the README's picture with: UPDATE_SCREENSHOT=1 node test/run.mjs test/e2e/landing-page-browser.test.ts
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { CHROMIUM_INSTALL_COMMAND, describeWithChromium, launchChromium, planForChromium, type RunningChromium } from '../support/chromium.js';
import { startCli, type CliRun } from '../support/cli-process.js';

const SCREENSHOT = fileURLToPath(new URL('../../docs/landing-page.png', import.meta.url));
/** The demo's instances (src/simulator/demo-scenario.ts): five, one of them denied. */
const DEMO_INSTANCES = 5;
/** WCAG AA for normal text. */
const MIN_CONTRAST = 4.5;
const MIN_FONT_PX = 13;
/** A laptop window, and a narrow one where long cells must wrap rather than widen the page. */
const VIEWPORTS = [
  { width: 1280, height: 900 },
  { width: 760, height: 900 },
];

interface TextStyle {
  tag: string;
  text: string;
  color: string;
  background: string;
  fontSizePx: number;
}

/** [r, g, b] of a computed `rgb(...)` / `rgba(...)` colour. */
function channels(color: string): [number, number, number] {
  const parts = /rgba?\((\d+), (\d+), (\d+)/.exec(color);
  if (!parts) throw new Error(`not a computed colour: ${color}`);
  return [Number(parts[1]), Number(parts[2]), Number(parts[3])];
}

/** WCAG 2 relative luminance and contrast ratio. */
function contrastRatio(foreground: string, background: string): number {
  const luminance = (color: string) => {
    const [r, g, b] = channels(color).map((value) => {
      const c = value / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [lighter, darker] = [luminance(foreground), luminance(background)].sort((a, b) => b - a) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

/**
 * Runs in the page (a string, since the project type-checks without the DOM library): every element
 * that has text of its own, with its colour, the background it is drawn on and its font size.
 */
const TEXT_STYLES_IN_PAGE = `(() => {
  const backgroundOf = (element) => {
    for (let current = element; current; current = current.parentElement) {
      const color = getComputedStyle(current).backgroundColor;
      if (color !== 'rgba(0, 0, 0, 0)' && color !== 'transparent') return color;
    }
    return 'rgb(255, 255, 255)';
  };
  return [...document.body.querySelectorAll('*')]
    .filter((element) => [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim() !== ''))
    .map((element) => {
      const style = getComputedStyle(element);
      return {
        tag: element.tagName.toLowerCase(),
        text: element.textContent.trim().slice(0, 40),
        color: style.color,
        background: backgroundOf(element),
        fontSizePx: Number.parseFloat(style.fontSize),
      };
    });
})()`;

/** Runs in the page: how wide the document is against the window, and how many table boxes scroll sideways. */
const WIDTHS_IN_PAGE = `({
  document: document.documentElement.scrollWidth,
  window: window.innerWidth,
  tablesScrolling: [...document.querySelectorAll('div.table')].filter((box) => box.scrollWidth > box.clientWidth).length,
})`;

describeWithChromium('the landing page in chromium', (executablePath) => {
  let run: CliRun;
  let chromium: RunningChromium;

  beforeAll(async () => {
    run = await startCli(['--demo', '--web.listen-address', '127.0.0.1:0']);
    // A scrape waits for the collection, so the page shows every demo instance's outcome.
    expect((await fetch(`${run.url}/metrics`)).status).toBe(200);
    chromium = await launchChromium(executablePath);
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await run?.stop();
  });

  /** Opens the page at one window size; fails on any console error or uncaught page error. */
  async function openLandingPage(viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
    const page = await chromium.context.newPage();
    await page.setViewportSize(viewport);
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    const response = await page.goto(`${run.url}/`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    return { page, errors };
  }

  it('renders the tables with their headers and a state for every demo instance, without console errors', async () => {
    const { page, errors } = await openLandingPage(VIEWPORTS[0]!);
    try {
      expect(await page.title()).toBe('ACR subscription exporter');
      const headers = await page.locator('h2').allTextContents();
      expect(headers).toEqual(['Instances', 'Repositories needing attention', 'Failed tags', 'Regions']);
      const instanceTable = page.locator('table').nth(0);
      expect(await instanceTable.locator('th').allTextContents()).toEqual([
        'Region',
        'Instance',
        'Name',
        'Last collection',
        'Duration',
        'Last success',
        'Tasks listed',
        'Rules',
      ]);
      const states = await instanceTable.locator('tr:has(td) td:nth-child(4)').allTextContents();
      expect(states).toHaveLength(DEMO_INSTANCES);
      for (const state of states) expect(state).toMatch(/^(ok|failed: \S.*)$/);
      expect(states.filter((state) => state === 'ok')).toHaveLength(DEMO_INSTANCES - 1);
      expect(states.find((state) => state.startsWith('failed'))).toContain('NoPrivilege');
      const taskCounts = await instanceTable.locator('tr:has(td) td:nth-child(7)').allTextContents();
      expect(taskCounts.filter((counts) => /in progress \d+/.test(counts) && /SUCCESS \d+/.test(counts)).length).toBeGreaterThan(0);
      const attentionRows = page.locator('table').nth(1).locator('tr:has(td)');
      expect(await attentionRows.count()).toBeGreaterThan(0);
      // The demo's failed tasks have their tags fetched by the first collection, before the exporter is ready.
      const failedTagCells = await page.locator('table').nth(2).locator('tr:has(td) td:nth-child(5)').allTextContents();
      expect(failedTagCells.length).toBeGreaterThan(0);
      expect(failedTagCells.filter((cell) => /^v\d+\.\d+\.\d+(, v\d+\.\d+\.\d+)*( \+\d+ more)?$/.test(cell))).toEqual(failedTagCells);
      expect(errors).toEqual([]);
      if (process.env.UPDATE_SCREENSHOT === '1') await page.screenshot({ path: SCREENSHOT, fullPage: true });
    } finally {
      await page.close();
    }
  }, 30_000);

  it.each(VIEWPORTS)('is legible and fits a $width px window', async (viewport) => {
    const { page, errors } = await openLandingPage(viewport);
    try {
      const styles = (await page.evaluate(TEXT_STYLES_IN_PAGE)) as TextStyle[];
      expect(styles.filter((style) => style.tag === 'td').length).toBeGreaterThan(DEMO_INSTANCES);
      const illegible = styles.filter((style) => style.fontSizePx < MIN_FONT_PX || contrastRatio(style.color, style.background) < MIN_CONTRAST);
      expect(illegible).toEqual([]);
      const widths = (await page.evaluate(WIDTHS_IN_PAGE)) as { document: number; window: number; tablesScrolling: number };
      expect(widths.document).toBeLessThanOrEqual(widths.window);
      // A table may scroll inside its box in a narrow window, never in a laptop-sized one.
      if (viewport.width >= VIEWPORTS[0]!.width) expect(widths.tablesScrolling).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 30_000);
});

describe('the chromium lookup', () => {
  let withChromium: string;
  let empty: string;

  beforeAll(() => {
    withChromium = mkdtempSync(path.join(tmpdir(), 'acr-chromium-'));
    empty = mkdtempSync(path.join(tmpdir(), 'acr-chromium-'));
    const binary = path.join(withChromium, 'chromium');
    writeFileSync(binary, '#!/bin/sh\n');
    chmodSync(binary, 0o755);
  });

  afterAll(() => {
    for (const directory of [withChromium, empty]) rmSync(directory, { recursive: true, force: true });
  });

  it('runs with the path it finds on PATH or in the fallback directories', () => {
    expect(planForChromium({ PATH: withChromium, CI: 'true' }, [])).toEqual({ action: 'run', path: path.join(withChromium, 'chromium') });
    expect(planForChromium({ PATH: empty }, [withChromium])).toEqual({ action: 'run', path: path.join(withChromium, 'chromium') });
  });

  it('fails in CI and skips elsewhere when chromium is missing, saying how to install it', () => {
    expect(planForChromium({ PATH: empty, CI: 'true' }, [])).toEqual({ action: 'fail', message: `chromium not found: ${CHROMIUM_INSTALL_COMMAND}` });
    expect(planForChromium({ PATH: empty }, [])).toEqual({ action: 'skip', message: `chromium not found. Install with: ${CHROMIUM_INSTALL_COMMAND}` });
  });
});
