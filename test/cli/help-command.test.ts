import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { ExitCode } from '../../src/cli/exit-codes.js';

describe('h2h help <command>', () => {
  it("prints the command's own --help on stdout", async () => {
    const viaHelp = await runCli(['help', 'outbox']);
    expect(viaHelp.exitCode).toBe(ExitCode.OK);
    expect(viaHelp.stdout).toMatch(/^Usage: h2h outbox \[options\]/);
    expect(viaHelp.stdout).toContain('--mark-sent <id>');
    expect(viaHelp.stderr).toBe('');
    expect(viaHelp.stdout).toBe((await runCli(['outbox', '--help'])).stdout);
  });

  it('finds a command by its alias and keeps its examples', async () => {
    const r = await runCli(['help', 'ls']);
    expect(r.exitCode).toBe(ExitCode.OK);
    expect(r.stdout).toMatch(/^Usage: h2h list\|ls /);
    expect(r.stdout).toContain('Examples:\n  $ h2h list status:open is:unanswered --sort waiting');
  });

  it("alone prints the program's help, which points at help <command> and the docs", async () => {
    const r = await runCli(['help']);
    expect(r.exitCode).toBe(ExitCode.OK);
    expect(r.stdout).toMatch(/^Usage: h2h /);
    expect(r.stdout).toMatch(/^ {2}help \[command\.\.\.\] /m);
    expect(r.stdout).toMatch(/^ {2}completion <shell> /m);
    expect(r.stdout).toContain('h2h help <command>');
    expect(r.stdout).toContain('docs/commands/README.md');
  });

  it('answers an unknown command with one line and the usage exit code', async () => {
    const r = await runCli(['help', 'outbx']);
    expect(r.exitCode).toBe(ExitCode.USAGE);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('h2h: unknown command "outbx" (did you mean outbox?); see h2h --help\n');
  });

  it('answers a subcommand a command does not have with one line', async () => {
    const r = await runCli(['help', 'outbox', 'flush']);
    expect(r.exitCode).toBe(ExitCode.USAGE);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual(['h2h: outbox has no subcommand "flush"']);
  });

  it('works the same from the built h2h', async () => {
    const found = await spawnCli(['help', 'outbox']);
    expect(found.code).toBe(ExitCode.OK);
    expect(found.stdout).toMatch(/^Usage: h2h outbox \[options\]/);
    const unknown = await spawnCli(['help', 'outbx']);
    expect(unknown.code).toBe(ExitCode.USAGE);
    expect(unknown.stderr).toBe('h2h: unknown command "outbx" (did you mean outbox?); see h2h --help\n');
  });
});
