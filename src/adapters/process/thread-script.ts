/**
 * Where a worker thread's module is, for `new Worker(url, { eval })`: next to the module starting it
 * (tsc's output, or the sources run through tsx), or, when that module was bundled into
 * dist/bundle/, the thread's own bundle there (an entry point of the build: one file to load, not
 * a hundred), else tsc's output beside the bundle. From sources, the thread registers tsx itself
 * before loading its module.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type ThreadScript = { url: URL | string; eval: boolean };

/**
 * `file`: the thread's built name (`intake-thread.js`); `here`: import.meta.url of the module
 * starting it; `builtDir`: that module's folder under dist/ (`adapters/mime`), where the bundle finds it.
 */
export function findThreadScript(file: string, here: string, builtDir: string): ThreadScript | null {
  if (here.endsWith('.ts')) {
    const source = new URL(`./${file.replace(/\.js$/, '.ts')}`, here).href;
    const tsx = import.meta.resolve?.('tsx/esm/api') ?? 'tsx/esm/api';
    return { url: `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`, eval: true };
  }
  const built = [new URL(`./${file}`, here), new URL(`./${builtDir}/${file}`, here), new URL(`../${builtDir}/${file}`, here)].find((url) => existsSync(fileURLToPath(url)));
  return built ? { url: built, eval: false } : null;
}
