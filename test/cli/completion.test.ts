import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { TmuxSession } from '../helpers/tmux.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { AppContext } from '../../src/cli/app-context.js';
import { createProgram } from '../../src/cli/program.js';

const dir = mkdtempSync(join(tmpdir(), 'h2h-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every command name the program registers (loading every command module, as --help does). */
let commandNames: string[] = [];
beforeAll(async () => {
  const io = { stdout: { write: () => true }, stderr: { write: () => true } } as unknown as ConstructorParameters<typeof AppContext>[0];
  commandNames = (await createProgram(new AppContext(io), ['--help'])).commands.map((c) => c.name());
});

async function scriptFor(shell: string): Promise<string> {
  const r = await runCli(['completion', shell]);
  expect(r.exitCode).toBe(ExitCode.OK);
  expect(r.stderr).toBe('');
  const file = join(dir, `h2h.${shell}`);
  writeFileSync(file, r.stdout);
  return file;
}

const hasShell = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

describe('h2h completion bash', () => {
  /** What the completion function offers for the words typed so far, the last one being completed. */
  function complete(script: string, words: string[]): string[] {
    const array = words.map((w) => `'${w}'`).join(' ');
    const out = execFileSync('bash', ['-c', `source '${script}'; COMP_WORDS=(${array}); COMP_CWORD=${words.length - 1}; _h2h; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
    return out.split('\n').filter(Boolean).sort();
  }

  it('completes command names, also after a global option and its value', async () => {
    const script = await scriptFor('bash');
    expect(complete(script, ['h2h', 'ou'])).toEqual(['outbox']);
    expect(complete(script, ['h2h', '--config', '/x/config.json', 'li'])).toEqual(['list']);
    expect(complete(script, ['h2h', 'c'])).toEqual(commandNames.filter((n) => n.startsWith('c')).sort());
    expect(complete(script, ['h2h', 'c'])).toEqual(expect.arrayContaining(['close', 'completion', 'customers']));
  });

  it('works from the built h2h, as `source <(h2h completion bash)` loads it', async () => {
    const r = await spawnCli(['completion', 'bash']);
    expect(r.code).toBe(ExitCode.OK);
    const file = join(dir, 'spawned.bash');
    writeFileSync(file, r.stdout);
    expect(complete(file, ['h2h', 'ou'])).toEqual(['outbox']);
  });

  it('offers every registered command at the start of the line', async () => {
    const offered = complete(await scriptFor('bash'), ['h2h', '']);
    for (const name of commandNames) expect(offered).toContain(name);
  });

  it("completes a command's options, by its alias too, and the shells of completion", async () => {
    const script = await scriptFor('bash');
    expect(complete(script, ['h2h', 'ls', '--so'])).toEqual(['--sort']);
    expect(complete(script, ['h2h', 'outbox', '--re'])).toEqual(['--resend', '--retry']);
    expect(complete(script, ['h2h', 'completion', ''])).toEqual(expect.arrayContaining(['bash', 'zsh', 'fish']));
    expect(complete(script, ['h2h', 'help', 'outb'])).toEqual(['outbox']);
  });

  it('offers paths after an option that takes a file, and nothing after one that takes a value', async () => {
    const script = await scriptFor('bash');
    writeFileSync(join(dir, 'report-2026.mbox'), '');
    expect(complete(script, ['h2h', 'export', '--out', join(dir, 'report-')])).toEqual([join(dir, 'report-2026.mbox')]);
    expect(complete(script, ['h2h', 'list', '--limit', ''])).toEqual([]);
  });
});

describe('h2h completion zsh', () => {
  it('names every command', async () => {
    const r = await runCli(['completion', 'zsh']);
    expect(r.stdout).toMatch(/^#compdef h2h\n/);
    for (const name of commandNames) expect(r.stdout).toMatch(new RegExp(`'${name}:`));
  });

  it.runIf(hasShell('zsh'))('parses, and registers _h2h for h2h with compinit', async () => {
    const script = await scriptFor('zsh');
    expect(spawnSync('zsh', ['-n', script]).status).toBe(0);
    const out = execFileSync('zsh', ['-fc', `autoload -Uz compinit && compinit -u -d '${dir}/zcompdump'; source '${script}'; print -r -- $_comps[h2h]`], { encoding: 'utf8' });
    expect(out.trim()).toBe('_h2h');
  });

  it.runIf(hasShell('zsh') && hasShell('tmux'))('completes commands and options when Tab is pressed in an interactive zsh', async () => {
    const script = await scriptFor('zsh');
    mkdirSync(join(dir, 'zdot'), { recursive: true });
    writeFileSync(join(dir, 'zdot/.zshrc'), `PS1='%% '\nautoload -Uz compinit && compinit -u -d '${dir}/zcompdump-tty'\nsource '${script}'\n`);
    const zsh = TmuxSession.start(['zsh', '-i'], { columns: 100, rows: 20, env: { ZDOTDIR: join(dir, 'zdot'), HOME: dir } });
    try {
      await zsh.waitFor(/^%$/m); // tmux leaves out trailing spaces
      zsh.type('h2h ou');
      zsh.press('Tab');
      await zsh.waitFor(/^% h2h outbox$/m);
      zsh.press('C-u');
      zsh.type('h2h list --so');
      zsh.press('Tab');
      await zsh.waitFor(/^% h2h list --sort$/m);
    } finally {
      zsh.kill();
    }
  });
});

describe('h2h completion fish', () => {
  it('names every command', async () => {
    const r = await runCli(['completion', 'fish']);
    for (const name of commandNames) expect(r.stdout).toContain(` -a ${name} -d `);
  });

  it.runIf(hasShell('fish'))('parses, and completes commands and their options', async () => {
    const script = await scriptFor('fish');
    expect(spawnSync('fish', ['-n', script]).status).toBe(0);
    const complete = (line: string) =>
      execFileSync('fish', ['--no-config', '-c', `source '${script}'; complete -C '${line}'`], { encoding: 'utf8', env: { ...process.env, HOME: dir } })
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]);
    expect(complete('h2h ou')).toEqual(['outbox']);
    expect(complete('h2h list --so')).toEqual(['--sort']);
    expect(complete('h2h completion ')).toEqual(expect.arrayContaining(['bash', 'zsh', 'fish']));
  });
});

describe('h2h completion with a shell it does not know', () => {
  it('says so in one line, with the usage exit code', async () => {
    const r = await runCli(['completion', 'tcsh']);
    expect(r.exitCode).toBe(ExitCode.USAGE);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^h2h: .*'tcsh'.*bash, zsh, fish/);
  });
});
