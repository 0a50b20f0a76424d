import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { scenarioConcerns } from '../../local/scenario-alarms';
import { runLocal, type LocalRunResult } from '../../local/run-local';
import { chromiumPath, launchChromium } from './chromium';
import { removeRunDirs, smallRunOptions } from './factories';

describe('The local run report in headless Chromium', () => {
  let result: LocalRunResult;
  let browser: Browser | undefined;

  beforeAll(async () => {
    // Prepare: a run with scenarios (so there are alerts to draw) and its report; the tests only read them.
    result = await runLocal(
      smallRunOptions({ accessLogScenarios: ['outage', 'spike'], turbineScenarios: ['fault', 'silent'], report: true }),
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    // A failed launch leaves no browser: the teardown must not hide that error behind its own.
    await browser?.close();
    removeRunDirs();
  });

  describe('Function: renderHtmlReport in headless Chromium', () => {
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

  describe('Report defects (issue 17) in headless Chromium', () => {
    async function openReport(): Promise<Page> {
      if (browser === undefined) throw new Error('Chromium did not start (see beforeAll)');
      const report = result.files.report;
      if (report === undefined) throw new Error('the run wrote no report');
      const page = await browser.newPage();
      await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
      await page.waitForSelector('body[data-charts-ready]', { timeout: 5_000 });
      return page;
    }

    it('draws a threshold line on the silent-turbine charts, at 1', async () => {
      const page = await openReport();
      const silent = result.evaluations.map((e, i) => ({ e, i })).filter(({ e }) => e.rule.kind === 'silence');
      expect(silent.length).toBe(3);
      for (const { i } of silent) expect(await page.locator(`svg.chart[data-chart="${i}"] line.threshold`).count()).toBe(1);
      await page.close();
    });

    it('keeps every axis label inside its chart (the last time label was clipped)', async () => {
      const page = await openReport();
      const outside = await page.locator('svg.chart').evaluateAll((svgs) =>
        svgs.flatMap((svg) => {
          const width = (svg as unknown as { viewBox: { baseVal: { width: number } } }).viewBox.baseVal.width;
          return [...svg.querySelectorAll('text.axis')]
            .map((t) => (t as unknown as { getBBox(): { x: number; width: number } }).getBBox())
            .filter((b) => b.x < 0 || b.x + b.width > width + 0.5)
            .map((b) => `${b.x}+${b.width}`);
        }),
      );
      expect(outside).toEqual([]);
      await page.close();
    });

    it('shows the silent alert with its lowest value, not NULL', async () => {
      const page = await openReport();
      const rows = await page.locator('h2:has-text("Alerts") + table tbody tr').allInnerTexts();
      const silent = rows.filter((r) => r.includes('silent-turbine'));
      expect(silent).toHaveLength(1);
      expect(silent[0]).not.toContain('NULL');
      expect(result.alerts.find((a) => a.ruleId === 'silent-turbine')?.peak).toBe(0);
      await page.close();
    });

    it('draws on each chart only the scenario bands that concern it, each labelled', async () => {
      const page = await openReport();
      for (const [i, e] of result.evaluations.entries()) {
        const expected = result.scenarios
          .filter((w) => scenarioConcerns(w, e))
          .map((w) => [w.scenario, w.region, w.turbineId].filter((x) => x !== undefined).join(' '));
        const chart = page.locator(`svg.chart[data-chart="${i}"]`);
        expect(await chart.locator('rect.scenario').count()).toBe(expected.length);
        expect(await chart.locator('text.scenario-label').allTextContents()).toEqual(expected);
      }
      // The silent turbine's chart carries its band; the two others carry none.
      const silentCharts = result.evaluations.map((e, i) => ({ e, i })).filter(({ e }) => e.rule.kind === 'silence');
      const labels = await Promise.all(
        silentCharts.map(({ i }) => page.locator(`svg.chart[data-chart="${i}"] text.scenario-label`).allTextContents()),
      );
      expect(labels.flat()).toEqual(['silent WT-003']);
      await page.close();
    });
  });
});

describe('Function: chromiumPath', () => {
  it("takes CHROMIUM_PATH when set, else Debian's /usr/bin/chromium", () => {
    expect(chromiumPath({ CHROMIUM_PATH: '/opt/chromium/chrome' })).toBe('/opt/chromium/chrome');
    expect(chromiumPath({ CHROMIUM_PATH: ' ' })).toBe('/usr/bin/chromium');
    expect(chromiumPath({})).toBe('/usr/bin/chromium');
  });
});
