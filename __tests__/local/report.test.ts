import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { runLocal, type LocalRunResult } from '../../local/run-local';
import { removeRunDirs, smallRunOptions } from './factories';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('Function: renderHtmlReport in headless Chromium', () => {
  let result: LocalRunResult;
  let browser: Browser;

  beforeAll(async () => {
    // Prepare: a run with scenarios (so there are alerts to draw) and its report.
    result = await runLocal(smallRunOptions({ accessLogScenarios: ['outage', 'spike'], turbineScenarios: ['fault', 'silent'], report: true }));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await browser.close();
    removeRunDirs();
  });

  it('renders one chart per evaluated alarm, with series and alert windows, without console or page errors', async () => {
    // Prepare
    const report = result.files.report;
    if (report === undefined) throw new Error('the run wrote no report');
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
    await page.waitForSelector('body[data-charts-ready]', { timeout: 10_000 });
    // Assess
    expect(problems).toEqual([]);
    expect(requests).toEqual([pathToFileURL(report).href]);
    const charts = await page.locator('svg.chart').count();
    expect(charts).toBe(result.evaluations.length);
    expect(await page.locator('svg.chart path.series').count()).toBe(charts);
    expect(await page.locator('svg.chart rect.alert').count()).toBe(result.alerts.length);
    expect(await page.locator('svg.chart polygon.band').count()).toBeGreaterThan(0);
    const box = await page.locator('svg.chart').first().boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(200);
    await page.close();
  });
});
