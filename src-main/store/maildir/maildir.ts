import { mkdir, open, readdir, readFile, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { MailwrightError } from '../../model/errors';
import { formatName, parseName, uniqueName, type MaildirFlag } from './names';

/**
 * One Maildir folder (tmp/ new/ cur/). Messages are written to tmp/, fsynced, renamed
 * into new/ or cur/, and the directory is fsynced, so a message that `add` returned for
 * survives a crash or power cut. mutt and Dovecot can open the same folder.
 */

export interface MaildirEntry {
  /** The unique id (file name before ':'), stable across flag changes. */
  id: string;
  /** Absolute path of the file now. */
  path: string;
  /** 'new' until a reader has seen it, then 'cur'. */
  sub: 'new' | 'cur';
  flags: MaildirFlag[];
}

/** A message written to tmp/ but not yet synced or visible; see `Maildir.stage`. */
export interface StagedMessage {
  id: string;
  tmpPath: string;
  finalPath: string;
  sub: 'new' | 'cur';
  flags: MaildirFlag[];
  handle: FileHandle;
}

export interface AddOptions {
  /** Flags to store; a message with flags goes straight to cur/. */
  flags?: readonly MaildirFlag[];
  /** Put the message in cur/ even without flags (it has been seen by a client). */
  seen?: boolean;
  /**
   * A unique name made beforehand with `uniqueName()`: lets a caller record the name in
   * its own journal before the write, so a crash between the two can be told apart.
   */
  id?: string;
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function notFound(id: string): MailwrightError {
  return new MailwrightError(
    'not-found',
    `Message ${id} is not in this Maildir; refresh the list and try again.`,
  );
}

export class Maildir {
  private constructor(readonly dir: string) {}

  /** Opens a Maildir, creating tmp/ new/ cur/ when `create` is set (the default). */
  static async open(dir: string, { create = true }: { create?: boolean } = {}): Promise<Maildir> {
    if (create) {
      for (const sub of ['tmp', 'new', 'cur']) await mkdir(join(dir, sub), { recursive: true, mode: 0o700 });
    }
    for (const sub of ['tmp', 'new', 'cur']) {
      const s = await stat(join(dir, sub)).catch(() => undefined);
      if (s === undefined || !s.isDirectory()) {
        throw new MailwrightError(
          'not-found',
          `${dir} is not a Maildir (no ${sub}/ folder); check the path.`,
        );
      }
    }
    return new Maildir(dir);
  }

  /** Stores a message durably and returns its entry. */
  async add(bytes: Uint8Array, options: AddOptions = {}): Promise<MaildirEntry> {
    const [entry] = await this.commit([await this.stage(bytes, options)]);
    return entry as MaildirEntry;
  }

  /**
   * Writes a message into tmp/ without syncing it yet. Nothing is visible to readers until
   * `commit`; a crash before that leaves only a tmp/ file, which the Maildir convention says
   * readers ignore (and cleaners remove after 36 hours).
   */
  async stage(bytes: Uint8Array, options: AddOptions = {}): Promise<StagedMessage> {
    const id = options.id ?? uniqueName();
    if (id.includes('/') || id.includes(':') || id.startsWith('.') || id === '') {
      throw new MailwrightError(
        'internal',
        `"${id}" cannot be a Maildir file name; this is a bug in Mailwright.`,
      );
    }
    const tmpPath = join(this.dir, 'tmp', id);
    const flags = [...(options.flags ?? [])].sort();
    const toCur = flags.length > 0 || options.seen === true;
    const sub = toCur ? 'cur' : 'new';
    const finalPath = join(this.dir, sub, toCur ? formatName(id, flags) : id);
    // 'wx': a tmp name that exists already means a clash; never overwrite.
    const handle = await open(tmpPath, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
    } catch (e) {
      await handle.close().catch(() => undefined);
      await unlink(tmpPath).catch(() => undefined);
      throw e;
    }
    return { id, tmpPath, finalPath, sub, flags: flags as MaildirFlag[], handle };
  }

  /**
   * Makes staged messages durable and visible: fsync every file (concurrently, so the file
   * system can merge them into few journal commits), rename each into new/ or cur/, then
   * fsync those directories once. When this resolves, every message survives a power cut.
   */
  async commit(staged: readonly StagedMessage[]): Promise<MaildirEntry[]> {
    try {
      await Promise.all(staged.map((s) => s.handle.sync()));
    } finally {
      await Promise.all(staged.map((s) => s.handle.close().catch(() => undefined)));
    }
    // Renamed together: the directory fsync below is what makes all of them durable.
    await Promise.all(staged.map((s) => rename(s.tmpPath, s.finalPath)));
    for (const sub of new Set(staged.map((s) => s.sub))) await fsyncPath(join(this.dir, sub));
    return staged.map((s) => ({ id: s.id, path: s.finalPath, sub: s.sub, flags: s.flags }));
  }

  /** Gives up staged messages: closes their files and removes them from tmp/. */
  async discard(staged: readonly StagedMessage[]): Promise<void> {
    await Promise.all(
      staged.map(async (s) => {
        await s.handle.close().catch(() => undefined);
        await unlink(s.tmpPath).catch(() => undefined);
      }),
    );
  }

  /** Every message in new/ and cur/ (tmp/ holds only unfinished writes). */
  async list(): Promise<MaildirEntry[]> {
    const out: MaildirEntry[] = [];
    for (const sub of ['new', 'cur'] as const) {
      const names = await readdir(join(this.dir, sub));
      for (const name of names) {
        if (name.startsWith('.')) continue;
        const parsed = parseName(name);
        out.push({ id: parsed.id, path: join(this.dir, sub, name), sub, flags: parsed.flags });
      }
    }
    return out;
  }

  /** Finds a message by id, wherever its flags have put it. */
  async find(id: string): Promise<MaildirEntry | undefined> {
    if (id.includes('/') || id.includes(':')) return undefined;
    for (const sub of ['new', 'cur'] as const) {
      const names = await readdir(join(this.dir, sub));
      const name = names.find((n) => n === id || n.startsWith(`${id}:`));
      if (name !== undefined) {
        return { id, path: join(this.dir, sub, name), sub, flags: parseName(name).flags };
      }
    }
    return undefined;
  }

  async read(id: string): Promise<Buffer> {
    // A flag change or a move from new/ to cur/ renames the file between find() and the
    // read; the message is still there under its new name, so look again (a few times).
    for (let attempt = 0; ; attempt++) {
      const entry = await this.find(id);
      if (entry === undefined) throw notFound(id);
      try {
        return await readFile(entry.path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 3) throw e;
      }
    }
  }

  /** Replaces the flags; the message moves to cur/ (it has now been seen by a client). */
  async setFlags(id: string, flags: readonly MaildirFlag[]): Promise<MaildirEntry> {
    const entry = await this.find(id);
    if (entry === undefined) throw notFound(id);
    const current = entry.path.slice(entry.path.lastIndexOf('/') + 1);
    const { otherFlags } = parseName(current);
    const name = formatName(id, flags, otherFlags);
    const target = join(this.dir, 'cur', name);
    if (target !== entry.path) {
      await rename(entry.path, target);
      await fsyncPath(join(this.dir, 'cur'));
      if (entry.sub === 'new') await fsyncPath(join(this.dir, 'new'));
    }
    return { id, path: target, sub: 'cur', flags: parseName(name).flags };
  }

  /**
   * Moves a message to another Maildir on the same file system, keeping its name.
   * rename(2) is atomic, so the message is in exactly one of the two at any time.
   */
  async moveTo(id: string, other: Maildir): Promise<MaildirEntry> {
    const entry = await this.find(id);
    if (entry === undefined) throw notFound(id);
    const name = entry.path.slice(entry.path.lastIndexOf('/') + 1);
    const target = join(other.dir, entry.sub, name);
    await rename(entry.path, target);
    await fsyncPath(join(other.dir, entry.sub));
    await fsyncPath(join(this.dir, entry.sub));
    return { ...entry, path: target };
  }

  async delete(id: string): Promise<void> {
    const entry = await this.find(id);
    if (entry === undefined) throw notFound(id);
    await unlink(entry.path);
    await fsyncPath(join(this.dir, entry.sub));
  }
}
