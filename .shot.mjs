import { chromium } from 'playwright-core';
const base = process.argv[2], code = process.argv[3];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
async function login(ctx, user) {
  const r = await ctx.request.post(`${base}/api/session`, { data: { username: user, password: 'demo1234' } });
  if (!r.ok()) throw new Error('login ' + r.status());
}
{
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await login(ctx, 'supervisor');
  const page = await ctx.newPage();
  await page.goto(`${base}/supervisor?from=2026-11-30&to=2026-12-06`);
  const late = page.locator('[data-testid="late-officer"][data-who="officer"]');
  await late.first().click();
  const drawer = page.getByTestId('drill-drawer');
  await drawer.getByTestId('drill-row').first().waitFor();
  const row = drawer.locator(`[data-testid="drill-row"][data-code="${code}"]`);
  if (await row.count()) await row.getByTestId('drill-open').click(); else await drawer.getByTestId('drill-open').first().click();
  const record = drawer.getByTestId('dossier-record');
  await record.waitFor();
  await page.waitForTimeout(800);
  await record.locator('[data-testid="record-step"][data-seq="2"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/shots/sup-record.png' });
  await record.locator('[data-testid="record-step"][data-seq="4"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/shots/sup-record2.png' });
  await ctx.close();
}
{
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await login(ctx, 'clerk');
  const page = await ctx.newPage();
  await page.goto(`${base}/counter`);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: '/tmp/shots/counter-home.png' });
  await ctx.close();
}
await browser.close();
