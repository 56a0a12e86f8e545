import { writeFileSync } from 'node:fs';
import { testApp, intake } from './test/helpers.ts';
const t = await testApp({ now: '2026-11-25T09:07:00+07:00' });
const c = (await intake(t)).json();
for (const layout of (process.argv[2] ?? 'a4,a5,thermal').split(',')) {
  const res = await t.app.inject({ method: 'GET', url: `/api/dossiers/${c.code}/receipt.pdf?layout=${layout}`, headers: { ...(await t.as('clerk')), host: '192.168.1.20:8080' } });
  writeFileSync(`/tmp/shots/r-${layout}.pdf`, res.rawPayload);
}
await t.close();
