/**
 * Received attachments handed to other programs, for the TUI: opened with the owner's opener
 * (`$H2H_OPENER`, else the owner's mailcap entry for the type, else `xdg-open`, `open` on macOS),
 * or piped into a shell command. A file to open
 * is written into a private folder of its own (0700, files 0600, names made safe) that goes when
 * the TUI closes (`close`): the customer's photo never lands where other users can read it, nor
 * stays behind. Programs get the owner's environment without h2h's secrets (child-env.ts).
 */
import { spawn } from 'node:child_process';
import { constants, rmSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { safeAttachmentName } from '../export/attachment-files.js';
import { childEnv } from './child-env.js';
import { mailcapCommand, mailcapFiles } from './mailcap.js';

type Env = Record<string, string | undefined>;

/** What a piped command printed, kept to this much (the status line shows its first line). */
const maxOutput = 64 * 1024;
/** A piped command still running after this long is stopped (mail is hostile input; so are commands that wait). */
const pipeTimeoutMs = 60_000;

export type PipeResult = { code: number | null; signal: NodeJS.Signals | null; output: string };

export class AttachmentViewer {
  private folder: Promise<string> | null = null;
  /** The folder once made: removed synchronously too, on the way out of a process that exits. */
  private made: string | null = null;
  private opened = 0;

  constructor(
    private readonly env: Env = process.env,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /** The program that opens a file: the owner's (`$H2H_OPENER`), or the desktop's. */
  opener(): string {
    return this.env.H2H_OPENER?.trim() || (this.platform === 'darwin' ? 'open' : 'xdg-open');
  }

  /**
   * How a file of `type` is opened: `$H2H_OPENER` when set, else the owner's mailcap entry for the
   * type, else the desktop's opener. `command` runs in the shell with the file as "$1".
   */
  openerFor(type: string): { command: string; label: string; program: string | null } {
    const own = this.env.H2H_OPENER?.trim();
    if (own) return { command: `${own} "$1"`, label: own, program: own.split(/\s+/)[0] };
    const fromMailcap = mailcapCommand(type, mailcapFiles(this.env, this.env.HOME || homedir()));
    if (fromMailcap) return { command: fromMailcap, label: `mailcap (${fromMailcap.split(/\s+/)[0]})`, program: null };
    const desktop = this.opener();
    return { command: `${desktop} "$1"`, label: desktop, program: desktop };
  }

  /**
   * Writes the attachment into the private folder and starts the opener on it, not waiting for it
   * (a viewer stays open as long as the owner likes). Rejects when the opener cannot be started.
   */
  async open(name: string, content: Uint8Array, type = 'application/octet-stream'): Promise<string> {
    const opener = this.openerFor(type);
    // A mailcap command is the owner's own line: the shell says if it is wrong.
    if (opener.program) await this.mustExist(opener.program);
    const folder = await (this.folder ??= mkdtemp(join(this.env.XDG_RUNTIME_DIR || tmpdir(), 'h2h-attachments-')));
    this.made = folder;
    // One sub-name per file: two attachments called "photo.jpg" both open.
    const file = join(folder, `${++this.opened}-${safeAttachmentName(name)}`);
    const handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
    await new Promise<void>((resolve, reject) => {
      // The file is the shell's "$1", never part of the command text.
      const child = spawn('/bin/sh', ['-c', opener.command, 'sh', file], { env: childEnv(this.env), stdio: 'ignore', detached: true });
      child.once('error', (error) => reject(new Error(`could not start ${opener.label}: ${error.message}`)));
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
    });
    return file;
  }

  /** Whether the opener's program is there (the shell would only say so in its exit code, after h2h stopped waiting). */
  private mustExist(program: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = spawn('/bin/sh', ['-c', 'command -v "$1" >/dev/null', 'sh', program], { env: childEnv(this.env), stdio: 'ignore' });
      check.once('error', reject);
      check.once('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`cannot open attachments: ${program} was not found (${this.env.H2H_OPENER ? 'H2H_OPENER names it' : 'install xdg-utils, or set H2H_OPENER to a program that opens a file'})`)),
      );
    });
  }

  /** Runs `command` in the shell with the attachment on its standard input; resolves with what it printed (both streams, the first 64 KB). */
  pipe(command: string, content: Uint8Array): Promise<PipeResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', command], { env: childEnv(this.env), stdio: ['pipe', 'pipe', 'pipe'], timeout: pipeTimeoutMs });
      let output = '';
      const keep = (chunk: Buffer) => {
        if (output.length < maxOutput) output += chunk.toString('utf8').slice(0, maxOutput - output.length);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      child.once('error', reject);
      // A command that does not read all of its input (head -1) closes the pipe early: not an error.
      child.stdin.on('error', () => {});
      child.stdin.end(content);
      child.once('close', (code, signal) => resolve({ code, signal, output }));
    });
  }

  /** Removes the folder and every file opened from it. */
  async close(): Promise<void> {
    const folder = this.folder;
    this.folder = null;
    this.made = null;
    if (folder) await rm(await folder, { recursive: true, force: true });
  }

  /** The same, at once (a process 'exit' handler cannot wait). */
  closeNow(): void {
    if (this.made) rmSync(this.made, { recursive: true, force: true });
    this.made = null;
    this.folder = null;
  }
}
