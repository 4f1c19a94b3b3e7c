/**
 * The renderer end to end in Chromium, through the browser shell's server and the real
 * mailbox service, against the real Dovecot and Postfix (e2e/servers): set up accounts
 * with the wizard, browse, read, reply, move, delete, search, POP3 modes, and the hostile
 * HTML message. Screenshots of the main screens go to test-results/screenshots/.
 * Every wait is bounded; elements are found by role and name.
 */
// The page.evaluate bodies run in the browser.
/// <reference lib="dom" />
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { deliver, mailboxMessages, resetMailbox, serverEnv } from './servers/env';
import { startMailShell, type MailShell } from './support/mail-shell';

const SHOTS = 'test-results/screenshots';
const env = serverEnv();
// Users whose mailboxes other suites reset least (the servers are shared by every suite).
const IMAP_USER = 'carol' as const;
const POP_USER = 'pop1' as const;

test.describe.configure({ mode: 'serial', timeout: 120_000 });
// Every click and fill is bounded too, so a stuck step says which one it was.
test.use({ actionTimeout: 15_000 });

let shell: MailShell;
let page: Page;
// A loopback web server standing for a sender's image host: it records every request.
let images: Server;
const hits: string[] = [];
let imageBase = '';

test.beforeAll(async ({ browser }) => {
  await resetMailbox(IMAP_USER, { seed: true });
  await resetMailbox(POP_USER, { seed: true });
  images = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'image/gif' });
    res.end(Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'));
  });
  await new Promise<void>((r) => images.listen(0, '127.0.0.1', r));
  imageBase = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
  await deliver(IMAP_USER, hostileMessage(imageBase));
  shell = await startMailShell();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(shell.url);
});

test.afterAll(async () => {
  await page?.close();
  await shell?.close();
  if (images !== undefined) {
    images.closeAllConnections();
    await new Promise((r) => images.close(r));
  }
});

function hostileMessage(base: string): string {
  return [
    'From: Mallory <mallory@example.test>',
    `To: ${env.users[IMAP_USER].user}`,
    'Subject: Your invoice (HTML)',
    'Date: Mon, 09 Mar 2026 09:00:00 +0000',
    'Message-ID: <hostile-1@example.test>',
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<html><body><h1 id="greeting">Invoice attached</h1>',
    `<script>fetch("${base}/script-ran"); document.title = "pwned";</script>`,
    `<img src="x" onerror="fetch('${base}/onerror-ran')">`,
    `<img id="remote" src="${base}/pixel.gif" alt="tracking pixel">`,
    `<a href="${base}/real-target">https://bank.example/login</a>`,
    '</body></html>',
    '',
  ].join('\r\n');
}

const listbox = () => page.getByRole('listbox', { name: /^Messages in/ });
const message = (subject: RegExp | string) => listbox().getByRole('option', { name: subject });
const folderRow = (name: RegExp) => page.getByRole('treeitem', { name }).locator(':scope > .tree-row');

async function setUp(
  user: typeof IMAP_USER | typeof POP_USER,
  protocol: 'imap' | 'pop3',
  shot?: string,
): Promise<void> {
  await page.getByRole('button', { name: 'Add account' }).first().click();
  const wizard = page.getByRole('dialog', { name: 'Add an account' });
  await wizard.getByLabel('Your name').fill(`Test ${user}`);
  await wizard.getByLabel('Email address').fill(env.users[user].user);
  await wizard.getByLabel('Password').fill(env.users[user].password);
  // The test servers' certificates come from the test CA: trust it, so the probes succeed.
  await wizard.getByText('Advanced').click();
  await wizard.getByLabel('Extra trusted certificate authority (PEM)').fill(env.caPem);
  if (shot !== undefined) await page.screenshot({ path: `${SHOTS}/${shot}-1-address-light.png` });
  await wizard.getByRole('button', { name: 'Continue' }).click();
  await expect(wizard.getByRole('button', { name: 'Save and test' })).toBeVisible({ timeout: 30_000 });
  // Autoconfiguration says where each candidate came from (SRV records here).
  const found = wizard.getByRole('list', { name: /Where the imap settings came from/i });
  await expect(found).toContainText('SRV');
  await expect(found.locator('li.ok').first()).toBeVisible();
  if (shot !== undefined) {
    await page.screenshot({ path: `${SHOTS}/${shot}-2-settings-light.png` });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: `${SHOTS}/${shot}-2-settings-dark.png` });
    await page.emulateMedia({ colorScheme: 'light' });
  }
  if (protocol === 'pop3') {
    await wizard.getByRole('radio', { name: /^POP3/ }).check();
    await wizard.getByLabel('POP3 host').fill(env.mail.hostname);
    await wizard.getByLabel('POP3 port').fill(String(env.mail.pop3s));
    await wizard.getByRole('radio', { name: /Download and keep/ }).check();
    await expect(wizard.getByText(/Mail stays on the server too/)).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/setup-pop3-mode-light.png` });
  }
  await wizard.getByRole('button', { name: 'Save and test' }).click();
  await expect(wizard.getByText('Everything works. The account is saved.')).toBeVisible({ timeout: 60_000 });
  if (shot !== undefined) await page.screenshot({ path: `${SHOTS}/${shot}-3-tested-light.png` });
  await wizard.getByRole('button', { name: 'Done' }).click();
  await expect(wizard).toBeHidden();
}

/** Opens a message and checks the reader shows that one (other suites may add mail meanwhile). */
async function open(row: Locator, subject?: string): Promise<void> {
  await row.click();
  const reader = page.getByRole('article');
  await expect(reader).toBeVisible({ timeout: 15_000 });
  if (subject !== undefined) await expect(reader.getByRole('heading', { level: 1 })).toHaveText(subject);
}

test('set up an IMAP account with the wizard; the folders appear, nested and non-ASCII', async () => {
  await expect(page.getByRole('heading', { name: 'No accounts yet' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/empty-state-light.png` });
  await setUp(IMAP_USER, 'imap', 'setup');
  const tree = page.getByRole('tree', { name: `Folders of ${env.users[IMAP_USER].user}` });
  await expect(tree.getByRole('treeitem', { name: /^INBOX/ })).toBeVisible({ timeout: 30_000 });
  await expect(tree.getByRole('treeitem', { name: /^Projects/ })).toBeVisible({ timeout: 30_000 });
  await expect(tree.getByRole('treeitem', { name: /^Überweisungen/ })).toBeVisible();
  await expect(message(/Lunch on Thursday\?/).first()).toBeVisible({ timeout: 30_000 });
  // Oldest first: the seeded messages stay at the top while other suites add mail.
  await page.getByRole('button', { name: /^Sort descending/ }).click();
  await expect(page.getByRole('button', { name: /^Sort ascending/ })).toBeVisible();
  await expect(listbox().getByRole('option').first()).toHaveAttribute('aria-label', /Lunch on Thursday\?/, {
    timeout: 15_000,
  });
  await page.screenshot({ path: `${SHOTS}/three-panes-light.png` });
});

test('browse: a nested folder and a non-ASCII one, collapse and expand', async () => {
  await folderRow(/^Projects/).click();
  await expect(page.getByRole('heading', { name: 'Projects' })).toBeVisible();
  await expect(listbox().getByRole('option')).toHaveCount(3, { timeout: 30_000 });
  await folderRow(/^Überweisungen/).click();
  await expect(page.getByRole('heading', { name: 'Überweisungen' })).toBeVisible();
  // Keyboard: Left closes "Work", Right opens it again.
  const work = page.getByRole('treeitem', { name: /^Work/ });
  await work.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(work).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('treeitem', { name: /^Projects/ })).toHaveCount(0);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('treeitem', { name: /^Projects/ })).toBeVisible();
  await folderRow(/^INBOX/).click();
  await expect(message(/Lunch on Thursday\?/).first()).toBeVisible({ timeout: 30_000 });
});

test('open a message: headers and text; it becomes read', async () => {
  const row = message(/Grüße/);
  await expect(row).toHaveAttribute('aria-label', /^Unread/);
  await open(row, 'Grüße');
  const reader = page.getByRole('article');
  await expect(reader.getByRole('heading', { name: 'Grüße' })).toBeVisible();
  await expect(reader).toContainText('smørrebrød');
  await expect(row).not.toHaveAttribute('aria-label', /^Unread/);
  await page.screenshot({ path: `${SHOTS}/reader-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${SHOTS}/reader-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
});

test('HTML with a script and a remote image: the script never runs; the image loads only after Load', async () => {
  await open(message(/Your invoice \(HTML\)/), 'Your invoice (HTML)');
  const frame = page.frameLocator('iframe[title="Message content"]');
  await expect(frame.locator('#greeting')).toHaveText('Invoice attached');
  const bar = page.getByRole('region', { name: 'Remote content' });
  await expect(bar).toContainText('Remote content blocked');
  await page.screenshot({ path: `${SHOTS}/remote-blocked-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  // The frame's own sheet follows the theme (applied through the CSSOM).
  await expect(frame.locator('body')).toHaveCSS('color', 'rgb(230, 233, 238)');
  await page.screenshot({ path: `${SHOTS}/remote-blocked-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
  // The sandbox has no allow-scripts; nothing ran, nothing was fetched.
  await expect(page.locator('iframe[title="Message content"]')).toHaveAttribute(
    'sandbox',
    'allow-same-origin',
  );
  expect(await page.title()).toBe('Mailwright');
  expect(hits).toEqual([]);
  await expect(frame.locator('#remote')).not.toHaveAttribute('src', /.+/);

  // A link shows its real target and opens only after a second click.
  await frame.getByRole('link', { name: 'https://bank.example/login' }).click();
  const linkBar = page.getByRole('region', { name: 'Open link' });
  await expect(linkBar).toContainText(`${imageBase}/real-target`);
  expect(hits).toEqual([]);
  await linkBar.getByRole('button', { name: 'Cancel' }).click();

  await bar.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(frame.locator('#remote')).toHaveAttribute('src', /^data:image\/gif;base64,/, {
    timeout: 15_000,
  });
  expect(hits).toEqual(['/pixel.gif']);
  await expect(bar).toBeHidden();
});

test('search finds a message by a word of its body', async () => {
  await page.getByRole('searchbox', { name: 'Search mail' }).fill('smørrebrød');
  await expect(page.getByRole('heading', { name: 'Search: smørrebrød' })).toBeVisible();
  await expect(listbox().getByRole('option')).toHaveCount(1, { timeout: 15_000 });
  await expect(message(/Grüße/)).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search mail' }).fill('');
  await expect(message(/Lunch on Thursday\?/).first()).toBeVisible({ timeout: 15_000 });
});

test('reply: quoted, threaded, sent through Postfix, arrives through Dovecot and shows up', async () => {
  await open(message(/^(Unread, )?Bob Example, Lunch on Thursday\?/), 'Lunch on Thursday?');
  await page.getByRole('article').getByRole('button', { name: 'Reply', exact: true }).click();
  const composer = page.getByRole('dialog', { name: /Re: Lunch on Thursday\?/ });
  await expect(composer.getByRole('combobox', { name: 'To' })).toHaveValue(/bob@example\.test/);
  await expect(composer.getByRole('textbox', { name: 'Message' })).toHaveValue(/> Are you free for lunch/);
  // Send the reply to this account itself, so it comes back in through Dovecot.
  await composer.getByRole('combobox', { name: 'To' }).fill(env.users[IMAP_USER].user);
  const body = composer.getByRole('textbox', { name: 'Message' });
  await body.press('Control+Home');
  await body.pressSequentially('Thursday suits me. ');
  await page.screenshot({ path: `${SHOTS}/composer-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${SHOTS}/composer-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
  await composer.getByRole('button', { name: 'Send' }).click();
  await expect(composer).toBeHidden({ timeout: 60_000 });
  const outcome = page.getByRole('status').filter({ hasText: /Message (sent|queued|handed over)/ });
  await expect(outcome).toBeVisible();
  // A passing refusal (a busy machine) queues the reply for a minute; Sync sends queued mail at once.
  if (/queued/.test((await outcome.textContent()) ?? '')) {
    await page.getByRole('button', { name: `Sync ${env.users[IMAP_USER].user}` }).click();
  }

  // It arrived: Dovecot holds it, with the threading headers.
  await expect
    .poll(
      async () =>
        (await mailboxMessages(IMAP_USER))
          .map((b) => b.toString('utf8'))
          .find((t) => t.includes('Thursday suits me')) ?? '',
      { timeout: 60_000 },
    )
    .toMatch(/In-Reply-To: <[^>]+>/);
  // And it shows up in the list once the account syncs.
  await page.getByRole('button', { name: `Sync ${env.users[IMAP_USER].user}` }).click();
  await page.getByRole('searchbox', { name: 'Search mail' }).fill('suits');
  await expect(message(/Re: Lunch on Thursday\?/).first()).toBeVisible({ timeout: 60_000 });
  await page.getByRole('searchbox', { name: 'Search mail' }).fill('');
  // Sent mail appears in Sent.
  await folderRow(/^Sent/).click();
  await expect(message(/Re: Lunch on Thursday\?/).first()).toBeVisible({ timeout: 60_000 });
  await folderRow(/^INBOX/).click();
  await expect(message(/Lunch on Thursday\?/).first()).toBeVisible({ timeout: 30_000 });
});

test('move a message to Archive, delete another', async () => {
  await open(message(/Lines that start with a dot/), 'Lines that start with a dot');
  await page.getByRole('combobox', { name: 'Move to folder' }).selectOption('Archive');
  await expect(message(/Lines that start with a dot/)).toHaveCount(0, { timeout: 30_000 });
  await folderRow(/^Archive/).click();
  // A sync after the move (the ↻ button) must adopt the copy the move placed in Archive:
  // exactly one row, also once the sync has found the message on the server.
  await page.getByRole('button', { name: `Sync ${env.users[IMAP_USER].user}` }).click();
  await expect(message(/Lines that start with a dot/)).toBeVisible({ timeout: 60_000 });
  await expect(message(/Lines that start with a dot/)).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/archive-after-move-light.png` });

  await folderRow(/^INBOX/).click();
  await open(message(/\(empty body\)/), '(empty body)');
  await listbox().press('Delete');
  await expect(message(/\(empty body\)/)).toHaveCount(0, { timeout: 30_000 });
  await expect
    .poll(async () => (await mailboxMessages(IMAP_USER)).some((b) => b.includes('Subject: (empty body)')), {
      timeout: 60_000,
    })
    .toBe(false);
});

test('the protocol inspector shows the conversation with the servers', async () => {
  await open(message(/Grüße/));
  await page.getByRole('button', { name: 'Inspector', exact: true }).click();
  const log = page.getByRole('log', { name: 'Protocol lines' });
  await expect(log).toContainText('IMAP', { timeout: 15_000 });
  await expect(log).not.toContainText(env.users[IMAP_USER].password);
  await page.screenshot({ path: `${SHOTS}/inspector-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${SHOTS}/inspector-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('button', { name: 'Close inspector' }).click();
});

test('POP3 in keep mode, fetch, switch to delete, fetch: server empty, mail still readable', async () => {
  await setUp(POP_USER, 'pop3');
  const address = env.users[POP_USER].user;
  const tree = page.getByRole('tree', { name: `Folders of ${address}` });
  await tree
    .getByRole('treeitem', { name: /^INBOX/ })
    .locator(':scope > .tree-row')
    .click();
  await expect(message(/Lunch on Thursday\?/).first()).toBeVisible({ timeout: 60_000 });
  expect((await mailboxMessages(POP_USER)).length).toBeGreaterThan(0);

  await page.getByRole('button', { name: `Settings for ${address}` }).click();
  const settings = page.getByRole('dialog', { name: `Settings for ${address}` });
  await page.screenshot({ path: `${SHOTS}/settings-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${SHOTS}/settings-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
  await settings.getByRole('radio', { name: /Download and delete/ }).check();
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(settings).toBeHidden({ timeout: 15_000 });
  await page.getByRole('button', { name: `Sync ${address}` }).click();
  await expect.poll(async () => (await mailboxMessages(POP_USER)).length, { timeout: 60_000 }).toBe(0);
  await open(message(/Grüße/), 'Grüße');
  await expect(page.getByRole('article')).toContainText('smørrebrød');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${SHOTS}/three-panes-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
});

test('a wrong password: the test says what failed, with the server’s words, and Cancel leaves no account', async () => {
  await page.getByRole('button', { name: 'Add account' }).first().click();
  const wizard = page.getByRole('dialog', { name: 'Add an account' });
  await wizard.getByLabel('Email address').fill(env.users.bob.user);
  await wizard.getByLabel('Password').fill('not-the-password');
  await wizard.getByText('Advanced').click();
  await wizard.getByLabel('Extra trusted certificate authority (PEM)').fill(env.caPem);
  await wizard.getByRole('button', { name: 'Continue' }).click();
  await expect(wizard.getByRole('button', { name: 'Save and test' })).toBeVisible({ timeout: 30_000 });
  await wizard.getByRole('button', { name: 'Save and test' }).click();
  const checks = wizard.getByRole('region', { name: 'Connection test' });
  await expect(checks).toContainText('Fix the settings above and test again.', { timeout: 60_000 });
  await expect(checks).toContainText('The server said:');
  await expect(wizard.getByRole('button', { name: 'Test again' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/setup-failed-light.png` });
  await wizard.getByRole('button', { name: 'Cancel' }).click();
  await expect(wizard).toBeHidden();
  await expect(page.getByRole('tree', { name: `Folders of ${env.users.bob.user}` })).toHaveCount(0);
});
