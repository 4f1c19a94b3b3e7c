// Builds the seed Maildir that start.sh imports into users' mailboxes, at argv[2].
// Fixtures are stored with LF in git; the seeded bytes are CRLF, as they travel on the wire.
// The ~3 MB attachment is generated here (deterministically) so it never sits in git.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) throw new Error('usage: build-seed.mjs OUT_DIR');

const toCrlf = (buf) => Buffer.from(buf.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');

// 3 MiB of reproducible, incompressible bytes (xorshift32 from a fixed seed), then base64
// in 76-column lines.
function bigAttachmentMessage() {
  const words = new Uint32Array((3 * 1024 * 1024) / 4);
  let x = 0x6d61696c; // "mail"
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  const data = Buffer.from(words.buffer);
  const b64 = data.toString('base64').replace(/.{76}/g, '$&\n');
  const text = [
    'From: Bob Example <bob@example.test>',
    'To: Alice Example <alice@example.test>',
    'Subject: The 3 MB attachment',
    'Date: Fri, 06 Mar 2026 16:45:00 +0000',
    'Message-ID: <seed-05-big@example.test>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="seed-boundary-05"',
    '',
    'This is a multi-part message in MIME format.',
    '',
    '--seed-boundary-05',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'The attachment holds 3 MiB of reproducible bytes.',
    '',
    '--seed-boundary-05',
    'Content-Type: application/octet-stream; name="big.bin"',
    'Content-Disposition: attachment; filename="big.bin"',
    'Content-Transfer-Encoding: base64',
    '',
    b64.trimEnd(),
    '--seed-boundary-05--',
    '',
  ].join('\n');
  return Buffer.from(text, 'latin1');
}

function fixtures(folder) {
  const dir = join(here, folder);
  return readdirSync(dir)
    .filter((n) => n.endsWith('.eml'))
    .map((n) => ({ name: n.replace(/\.eml$/, ''), raw: readFileSync(join(dir, n)) }));
}

rmSync(out, { recursive: true, force: true });
// Work has no messages but must exist as a real mailbox: if the import only created it as
// the parent of Work/Projects, Dovecot would list it as \Noselect.
const folders = {
  Work: [],
  INBOX: [...fixtures('INBOX'), { name: '05-big-attachment', raw: bigAttachmentMessage() }],
  'Work/Projects': fixtures('Work/Projects'),
};
for (const [folder, msgs] of Object.entries(folders)) {
  // Maildir++ "fs" layout: INBOX is the root, other folders are sub-directories.
  const base = folder === 'INBOX' ? out : join(out, folder);
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(base, sub), { recursive: true });
  msgs.sort((a, b) => a.name.localeCompare(b.name));
  msgs.forEach((m, i) => {
    // Dovecot gives new files UIDs in file-name order, so the name fixes the UID order.
    const file = `${1767225600 + i}.seed-${m.name}.mailwright:2,`;
    writeFileSync(join(base, 'cur', file), toCrlf(m.raw));
  });
}
