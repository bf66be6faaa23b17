/**
 * The layering rules of the style guide (§1), checked on the import statements of every file under
 * src/ so they cannot regress: adapters own their settings and never reach into the composition
 * root or a front end; the core knows no adapter, front end or I/O library; no import cycle among
 * src modules. Static, `export … from`, dynamic `import()` and type-only imports all count: a type
 * import is a dependency too (adapters importing `app/config` for a type was the cycle this guards).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const srcDir = resolve(__dirname, '../../src');

type Module = { file: string; specifiers: string[] };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * The module specifiers a file imports. TypeScript 7 has no JS API to ask, so: comments removed
 * (examples in them are not imports), then statements that begin a line with import/export and reach
 * `from '…'` without `(` or `=` (which no import statement holds, and every function or const does),
 * side-effect imports, and `import('…')`.
 */
const stripComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');

export function importsOf(text: string): string[] {
  const code = stripComments(text);
  const found = [
    ...code.matchAll(/^\s*(?:import|export)\s[^;()=]*?\bfrom\s*['"]([^'"]+)['"]/gm),
    ...code.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ];
  return found.map((m) => m[1] as string);
}

/** The specifiers a file imports values from (not `import type`, nor `{ type A, type B }` alone). */
export function valueImportsOf(text: string): string[] {
  const code = stripComments(text);
  const typeOnly = (clause: string) => /^type\s/.test(clause) || /^\{[^}]*\}$/.test(clause) && clause.slice(1, -1).split(',').map((n) => n.trim()).filter(Boolean).every((n) => /^type\s/.test(n));
  const statics = [...code.matchAll(/^\s*import\s([^;()=]*?)\s*\bfrom\s*['"]([^'"]+)['"]/gm)].filter((m) => !typeOnly((m[1] as string).trim())).map((m) => m[2] as string);
  const reexports = [...code.matchAll(/^\s*export\s(?!type\s)[^;()=]*?\bfrom\s*['"]([^'"]+)['"]/gm)].map((m) => m[1] as string);
  const sideEffects = [...code.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)].map((m) => m[1] as string);
  return [...statics, ...reexports, ...sideEffects, ...[...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] as string)];
}

const modules: (Module & { values: string[] })[] = sourceFiles(srcDir).map((file) => {
  const text = readFileSync(file, 'utf8');
  return { file: relative(srcDir, file).split(sep).join('/'), specifiers: importsOf(text), values: valueImportsOf(text) };
});

/** The src-relative path a relative specifier names (`./x.js` is x.ts or x.tsx), or undefined for a package. */
function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = join(dirname(join(srcDir, from)), specifier).replace(/\.js$/, '');
  for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (existsSync(candidate)) return relative(srcDir, candidate).split(sep).join('/');
  }
  return relative(srcDir, base).split(sep).join('/');
}

const layerOf = (path: string) => path.split('/')[0];

/** Every import of a file in layer `from` that reaches one of `forbidden`, as `file -> target`. */
function crossings(from: string, forbidden: string[]): string[] {
  return modules
    .filter((m) => layerOf(m.file) === from)
    .flatMap((m) => m.specifiers.map((s) => ({ target: resolveLocal(m.file, s), s, file: m.file })))
    .filter((i) => i.target !== undefined && forbidden.includes(layerOf(i.target)))
    .map((i) => `${i.file} -> ${i.s}`);
}

/** Import cycles among src modules, each as the chain of files that closes it (depth-first search). */
function importCycles(): string[][] {
  const graph = new Map(modules.map((m) => [m.file, m.specifiers.map((s) => resolveLocal(m.file, s)).filter((t): t is string => t !== undefined)]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('import rules (style guide §1)', () => {
  it('reads every form of import, and none from comments or code', () => {
    // A broken scan would pass every rule below vacuously.
    const text = [
      "import type { A } from './a.js';",
      'import {',
      '  B,',
      "  type C } from '../b.js';",
      "export { D } from './d.js';",
      "export * from './e.js';",
      "import './side.js';",
      "const f = await import('imapflow');",
      "// import { G } from './commented.js';",
      "/* import('./also-commented.js') */",
      "export const h = Array.from('not-an-import');",
      "const url = 'https://example.com/x.js';",
      "import { I, type J } from './i.js';",
    ].join('\n');
    expect(importsOf(text).sort()).toEqual(['../b.js', './a.js', './d.js', './e.js', './i.js', './side.js', 'imapflow'].sort());
    expect(valueImportsOf(text).sort()).toEqual(['../b.js', './d.js', './e.js', './i.js', './side.js', 'imapflow'].sort());
    expect(modules.length).toBeGreaterThan(100);
    expect(modules.find((m) => m.file === 'app/core-services.ts')?.specifiers).toContain('../core/services/conversation-service.js');
  });

  it('adapters never import the composition root or a front end (they own their settings types)', () => {
    expect(crossings('adapters', ['app', 'cli', 'tui'])).toEqual([]);
  });

  it('the core imports no adapter, composition root or front end', () => {
    expect(crossings('core', ['adapters', 'app', 'cli', 'tui'])).toEqual([]);
  });

  it('the core imports none of the UI, protocol or storage libraries', () => {
    const libraries = ['ink', 'react', 'commander', 'imapflow', 'nodemailer', 'lowdb', 'better-sqlite3'];
    const found = modules
      .filter((m) => layerOf(m.file) === 'core')
      .flatMap((m) => m.specifiers.filter((s) => libraries.some((l) => s === l || s.startsWith(`${l}/`))).map((s) => `${m.file} -> ${s}`));
    expect(found).toEqual([]);
  });

  it('the front ends take services from the composition root: they import core/services for types only', () => {
    // A service built in a command (new ExportService(...) in cli/commands/export.ts) bypasses
    // create-services.ts, where every service gets its adapters and settings.
    const built = modules
      .filter((m) => ['cli', 'tui'].includes(layerOf(m.file)))
      .flatMap((m) => m.values.filter((s) => resolveLocal(m.file, s)?.startsWith('core/services/')).map((s) => `${m.file} -> ${s}`));
    expect(built).toEqual([]);
  });

  it('adapters and the core name no CLI flag or command in their texts (the CLI adds those hints)', () => {
    const commands = readdirSync(join(srcDir, 'cli/commands')).map((f) => f.replace(/\.tsx?$/, ''));
    const cli = new RegExp(`(^|[\\s('"\`])--[a-z]|\\bh2h (${commands.join('|')})\\b`);
    const found = sourceFiles(srcDir)
      .map((file) => relative(srcDir, file).split(sep).join('/'))
      .filter((file) => ['adapters', 'core'].includes(layerOf(file)))
      .flatMap((file) => stripComments(readFileSync(join(srcDir, file), 'utf8')).split('\n').filter((line) => cli.test(line)).map((line) => `${file}: ${line.trim()}`));
    expect(found).toEqual([]);
  });

  it('no import cycle among src modules', () => {
    expect(importCycles().map((c) => c.join(' -> '))).toEqual([]);
  });
});
