// The real desktop app under Playwright's _electron: launch, the hardened window, the
// contract through the preload, an account set up, a mailto: hand-over, the menu and the
// remembered window place. Reading and sending come when the renderer has them.
// Where Electron's binary is absent every test is SKIPPED with the reason (never passed).
// The page.evaluate bodies run in the page.
/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { AccountSettings } from '../../src-main/model';
import {
  requestChannels,
  splitChannel,
  type ComposeEvent,
  type MailwrightApi,
} from '../../src-main/ipc/contract';
import { ELECTRON_ABSENT, electronBinary, launch, type Launched } from './launch';

test.skip(electronBinary === undefined, ELECTRON_ABSENT);

type PageWindow = Window & { mailwright: MailwrightApi; composed?: ComposeEvent[]; injectedRan?: boolean };

let run: Launched | undefined;
test.afterEach(async () => {
  await run?.close();
  run = undefined;
});

test('launches one hardened window on app:// showing the empty state', async () => {
  run = await launch();
  const { app, window: page } = run;
  await expect(page.getByRole('heading', { name: 'No accounts yet' })).toBeVisible();
  expect(page.url()).toMatch(/^app:\/\/mailwright\//);
  expect(await page.title()).toBe('Mailwright');

  // Electron has no getter for a window's webPreferences: the unit tests check the
  // values we pass; here the page proves their effect (no Node, only the contract).
  const main = await app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows().map((w) => w.webContents.getURL()),
  );
  expect(main).toEqual([expect.stringMatching(/^app:\/\/mailwright\//)]);

  const seen = await page.evaluate(() => ({
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    methods: Object.entries((window as unknown as PageWindow).mailwright)
      .flatMap(([group, value]) =>
        typeof value === 'function' ? [group] : Object.keys(value as object).map((m) => `${group}.${m}`),
      )
      .sort(),
  }));
  // Exactly the contract: one method per request channel, plus on().
  const contract = [...requestChannels.map((c) => splitChannel(c).join('.')), 'on'].sort();
  expect(seen).toEqual({ require: 'undefined', process: 'undefined', methods: contract });
});

test('the CSP stops an injected inline script, and window.open opens nothing', async () => {
  run = await launch();
  const { app, window: page } = run;
  await expect(page.getByRole('heading', { name: 'No accounts yet' })).toBeVisible();
  const outcome = await page.evaluate(() => {
    const w = window as unknown as PageWindow;
    const script = document.createElement('script');
    script.textContent = 'window.injectedRan = true';
    document.body.append(script);
    return { ran: w.injectedRan === true, opened: window.open('https://example.invalid/') !== null };
  });
  expect(outcome).toEqual({ ran: false, opened: false });
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
});

test('sets up an account through the contract and shows it', async () => {
  run = await launch();
  const { window: page } = run;
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByRole('dialog', { name: 'Add an account' })).toBeVisible();
  await page.keyboard.press('Escape');

  const settings: AccountSettings = {
    address: 'ada@example.org',
    displayName: 'Ada',
    incoming: {
      protocol: 'imap',
      server: { host: '127.0.0.1', port: 993, security: 'implicit', user: 'ada', auth: 'auto' },
    },
    outgoing: {
      kind: 'submission',
      server: { host: '127.0.0.1', port: 587, security: 'starttls', user: 'ada', auth: 'auto' },
    },
    syncIntervalMinutes: 0,
  };
  const added = await page.evaluate(
    (s) => (window as unknown as PageWindow).mailwright.accounts.add(s),
    settings,
  );
  expect(added).toMatchObject({ ok: true, value: { address: 'ada@example.org' } });
  await expect(page.getByRole('navigation', { name: 'Accounts' })).toContainText('ada@example.org');

  // A malformed call is refused at the door with one clear sentence.
  const refused = await page.evaluate(() =>
    (window as unknown as PageWindow).mailwright.accounts.remove({ id: 'x' } as never),
  );
  expect(refused).toEqual({
    ok: false,
    error: { kind: 'bad-input', message: 'accounts.remove: argument has an unknown field "id".' },
  });
});

test('a mailto: from a second launch reaches the page as a compose event', async () => {
  run = await launch();
  const { app, window: page } = run;
  await expect(page.getByRole('heading', { name: 'No accounts yet' })).toBeVisible();
  await page.evaluate(() => {
    const w = window as unknown as PageWindow;
    w.composed = [];
    w.mailwright.on('compose', (draft) => w.composed?.push(draft));
  });
  // What the OS does on a second launch: the first instance gets its argv.
  await app.evaluate(({ app: electronApp }) => {
    electronApp.emit(
      'second-instance',
      {},
      ['mailwright', 'mailto:bob@example.org?subject=Hi%20there&cc=c@example.org'],
      '/',
    );
  });
  await expect
    .poll(() => page.evaluate(() => (window as unknown as PageWindow).composed))
    .toEqual([{ to: ['bob@example.org'], cc: ['c@example.org'], bcc: [], subject: 'Hi there', body: '' }]);
});

test('has the File, Edit, View, Message, Window and Help menus', async () => {
  run = await launch();
  const labels = await run.app.evaluate(
    ({ Menu }) => Menu.getApplicationMenu()?.items.map((i) => i.label) ?? [],
  );
  const expected = ['File', 'Edit', 'View', 'Message', 'Window', 'Help'];
  expect(labels.slice(labels.length - expected.length)).toEqual(expected);
});

test('remembers the window place in the profile folder', async () => {
  run = await launch();
  const { app, home } = run;
  await app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows()[0]?.setBounds({ x: 40, y: 60, width: 900, height: 600 }),
  );
  await app.close();
  const saved = JSON.parse(readFileSync(join(home, 'window-state.json'), 'utf8')) as Record<string, unknown>;
  expect(saved).toMatchObject({ width: 900, height: 600, maximized: false });
});
