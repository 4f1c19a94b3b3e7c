import { describe, expect, it } from 'vitest';
import { runCli } from './main';
import type { CliIO } from './command';

function bufferIO(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => void out.push(t), err: (t) => void err.push(t), env };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

describe('runCli', () => {
  it('lists the commands with --help and exits 0', async () => {
    const b = bufferIO();
    expect(await runCli(['--help'], b.io)).toBe(0);
    expect(b.out()).toMatch(/^Usage: mailwright <command>/);
    expect(b.out()).toContain('version');
    expect(b.err()).toBe('');
  });

  it('prints help with no arguments', async () => {
    const b = bufferIO();
    expect(await runCli([], b.io)).toBe(0);
    expect(b.out()).toContain('Commands:');
  });

  it('refuses an unknown command with exit 2 and exactly one line on stderr', async () => {
    const b = bufferIO();
    expect(await runCli(['nosuchcommand'], b.io)).toBe(2);
    expect(b.err()).toBe(
      'mailwright: nosuchcommand: no such command; run "mailwright --help" for the list\n',
    );
    expect(b.out()).toBe('');
  });

  it('refuses an unknown flag with exit 2 and a one-line usage error', async () => {
    const b = bufferIO();
    expect(await runCli(['version', '--bogus'], b.io)).toBe(2);
    const lines = b.err().split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^mailwright: version: .*--bogus.*usage: mailwright version/);
  });

  it('refuses extra positional arguments with exit 2', async () => {
    const b = bufferIO();
    expect(await runCli(['version', 'extra'], b.io)).toBe(2);
    expect(b.err()).toMatch(/^mailwright: version: wrong number of arguments/);
  });

  it('gives machine output with --json', async () => {
    const b = bufferIO();
    expect(await runCli(['version', '--json'], b.io)).toBe(0);
    const parsed = JSON.parse(b.out()) as { mailwright: string; node: string };
    expect(parsed.mailwright).toMatch(/^\d+\.\d+\.\d+/);
    expect(parsed.node).toBe(process.versions.node);
  });

  it('shows one command\'s usage with "help <command>" and <command> --help', async () => {
    const a = bufferIO();
    expect(await runCli(['help', 'version'], a.io)).toBe(0);
    expect(a.out()).toMatch(/^Usage: mailwright version/);
    const b = bufferIO();
    expect(await runCli(['version', '--help'], b.io)).toBe(0);
    expect(b.out()).toBe(a.out());
    const c = bufferIO();
    expect(await runCli(['help', 'nope'], c.io)).toBe(2);
  });
});
