/**
 * Runs after every e2e spec (the `leak-check` teardown project in playwright.config.ts): the
 * whole run's logs (every console and lab it started) and every response and websocket frame
 * its browsers received are searched for every token and secret the run used. None may appear.
 * The records are written by e2e/fixtures/leak-watch.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSecrets, type ScanTally } from './fixtures/leak-watch';
import { expect, test } from './fixtures/test';

/** The line a console prints with its one-time sign-in link: that link is meant to be shown. */
const READY_LINE = /^Edgevirt Console ready: .*$/gm;

test('no token or secret of the run in any log line, response or websocket frame', async () => {
  const dir = process.env.EDGEVIRT_E2E_RUN_DIR;
  expect(dir, 'the global setup opens the run records').toBeTruthy();
  const secrets = loadSecrets(dir ?? '');
  // At least the main console's session secret, metrics token and sign-in token, and its lab's four users.
  expect(secrets.length).toBeGreaterThanOrEqual(7);

  const logHits: string[] = [];
  let logBytes = 0;
  const logs = readdirSync(join(dir ?? '', 'logs'));
  for (const file of logs) {
    const text = readFileSync(join(dir ?? '', 'logs', file), 'utf8').replace(READY_LINE, '');
    logBytes += text.length;
    for (const s of secrets) if (s.scope !== 'responses' && text.includes(s.value)) logHits.push(`${s.name} in ${file}`);
  }

  const tallies = readdirSync(join(dir ?? '', 'scans')).map(
    (f) => JSON.parse(readFileSync(join(dir ?? '', 'scans', f), 'utf8')) as ScanTally,
  );
  const sum = (k: 'responses' | 'responseBytes' | 'frames' | 'frameBytes' | 'unreadBodies' | 'eventStreams') =>
    tallies.reduce((n, t) => n + t[k], 0);
  const summary = {
    secrets: secrets.length,
    logFiles: logs.length,
    logBytes,
    responses: sum('responses'),
    responseBytes: sum('responseBytes'),
    unreadBodies: sum('unreadBodies'),
    eventStreams: sum('eventStreams'),
    frames: sum('frames'),
    frameBytes: sum('frameBytes'),
  };
  console.log(`leak check: ${JSON.stringify(summary)}`);
  test.info().annotations.push({ type: 'searched', description: JSON.stringify(summary) });

  // Something was searched: the main console's log and the browsers' traffic.
  expect(logs.some((f) => f.startsWith('main-console-'))).toBe(true);
  expect(summary.responses).toBeGreaterThan(0);
  expect(logHits).toEqual([]);
  expect(tallies.flatMap((t) => t.hits)).toEqual([]);
});
