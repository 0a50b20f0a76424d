import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { runLocal, type LocalRunResult } from '../../local/run-local';
import { chromiumPath, launchChromium } from './chromium';
import { removeRunDirs, smallRunOptions } from './factories';

describe('Function: renderHtmlReport in headless Chromium', () => {
  let result: LocalRunResult;
  let browser: Browser | undefined;

  beforeAll(async () => {
    // Prepare: a run with scenarios (so there are alerts to draw) and its report.
    result = await runLocal(smallRunOptions({ accessLogScenarios: ['outage', 'spike'], turbineScenarios: ['fault', 'silent'], report: true }));
    browser = await launchChromium();
  });

  afterAll(async () => {
    // A failed launch leaves no browser: the teardown must not hide that error behind its own.
    await browser?.close();
    removeRunDirs();
  });

  it('renders one chart per evaluated alarm, with series and alert windows, without console or page errors', async () => {
    // Prepare
    const report = result.files.report;
    if (report === undefined) throw new Error('the run wrote no report');
    if (browser === undefined) throw new Error('Chromium did not start (see beforeAll)');
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    // Act
    await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
    // A script error stops the drawing before the ready mark: report the error, not a timeout.
    await page.waitForSelector('body[data-charts-ready]', { timeout: 5_000 }).catch(() => undefined);
    // Assess
    expect(problems).toEqual([]);
    expect(await page.locator('body').getAttribute('data-charts-ready')).toBe(String(result.evaluations.length));
    expect(requests).toEqual([pathToFileURL(report).href]);
    const charts = await page.locator('svg.chart').count();
    expect(charts).toBe(result.evaluations.length);
    const series = await page.locator('svg.chart path.series').evaluateAll((paths) => paths.map((p) => p.getAttribute('d') ?? ''));
    expect(series).toHaveLength(charts);
    // Every chart draws a line through its periods, not the empty placeholder.
    for (const d of series) expect(d).toMatch(/^M[\d.]+ [\d.]+ (L[\d.]+ [\d.]+ )+$/);
    expect(await page.locator('svg.chart rect.alert').count()).toBe(result.alerts.length);
    expect(await page.locator('svg.chart polygon.band').count()).toBeGreaterThan(0);
    const box = await page.locator('svg.chart').first().boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(200);
    await page.close();
  });
});

describe('Function: chromiumPath', () => {
  it('takes CHROMIUM_PATH when set, else Debian\'s /usr/bin/chromium', () => {
    expect(chromiumPath({ CHROMIUM_PATH: '/opt/chromium/chrome' })).toBe('/opt/chromium/chrome');
    expect(chromiumPath({ CHROMIUM_PATH: ' ' })).toBe('/usr/bin/chromium');
    expect(chromiumPath({})).toBe('/usr/bin/chromium');
  });
});
