import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { threadTree, type ThreadNode, type ThreadableMessage } from '../../../src/core/domain/thread-tree.js';
import { linkedIdsOf, threadingHeaders } from '../../../src/core/domain/message-ids.js';
import { PostalMimeParser } from '../../../src/adapters/mime/postal-mime-parser.js';
import { corpus } from '../../helpers/corpus.js';

type Tree = { id?: string; dummy?: boolean; children: Tree[] };
type Forest = Tree[];

function shape(nodes: ThreadNode<ThreadableMessage>[]): Forest {
  return nodes.map((n): Tree => (n.message ? { id: n.id, children: shape(n.children) } : { dummy: true, children: shape(n.children) }));
}

const bare = (id: string) => `<${id}>`;
const unbare = (forest: Forest): Forest => forest.map((n): Tree => (n.id ? { id: n.id.slice(1, -1), children: unbare(n.children) } : { dummy: true, children: unbare(n.children) }));

describe('threadTree', () => {
  const data = JSON.parse(readFileSync(corpus('threading/cases/basic-cases-jwzthreading-akuchling.json'), 'utf8'));
  type TreeCase = { name: string; messages: { message_id: string; references: string[] }[]; expected_forest: Forest };
  const treeCases = (data.cases as (TreeCase | { name: string; raw_headers: string })[]).filter((c): c is TreeCase => 'messages' in c);
  it.each(treeCases.map((c) => [c.name, c] as const))(
    '%s (jwzthreading cases)',
    (_name, c) => {
      const messages = c.messages.map((m, i) => ({ ...threadingHeaders(bare(m.message_id), undefined, m.references.map(bare).join(' ')), date: i }));
      // Siblings come out in date order; the expected forests list them in input order, which is the same here.
      expect(unbare(shape(threadTree(messages)))).toEqual(c.expected_forest);
    },
  );

  it('reads the reference set from raw headers, duplicates removed (jwzthreading header case)', async () => {
    const c = data.cases.find((x: { name: string }) => x.name.startsWith('header parsing'));
    const parsed = await new PostalMimeParser().parse(Buffer.from(c.raw_headers.replace(/\n/g, '\r\n') + '\r\nbody\r\n'));
    const h = threadingHeaders(parsed.messageId!, parsed.inReplyTo, parsed.references);
    expect(new Set(linkedIdsOf(h))).toEqual(new Set(c.expected_reference_set.map(bare)));
  });

  it('terminates on reference loops and keeps both messages', () => {
    const a = { ...threadingHeaders('<a@x>', '<b@x>', '<b@x>'), date: 1 };
    const b = { ...threadingHeaders('<b@x>', '<a@x>', '<a@x>'), date: 2 };
    const tree = threadTree([a, b]);
    const ids = JSON.stringify(shape(tree));
    expect(ids).toContain('<a@x>');
    expect(ids).toContain('<b@x>');
  });

  it('places a reply that arrives before its parent under it', () => {
    const child = { ...threadingHeaders('<c@x>', '<p@x>', '<p@x>'), date: 2 };
    const parent = { ...threadingHeaders('<p@x>', undefined, undefined), date: 1 };
    expect(shape(threadTree([child, parent]))).toEqual([{ id: '<p@x>', children: [{ id: '<c@x>', children: [] }] }]);
  });

  it('bridges a missing middle message', () => {
    const root = { ...threadingHeaders('<r@x>', undefined, undefined), date: 1 };
    const grandchild = { ...threadingHeaders('<g@x>', '<m@x>', '<r@x> <m@x>'), date: 3 };
    expect(shape(threadTree([root, grandchild]))).toEqual([{ id: '<r@x>', children: [{ id: '<g@x>', children: [] }] }]);
  });

  it('reproduces the notmuch trees of the threading set (ghost roots, fake roots, parent priority)', async () => {
    const dir = corpus('threading/notmuch-threading');
    const parser = new PostalMimeParser();
    const messages: (ThreadableMessage & { file: string })[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.eml'))) {
      const parsed = await parser.parse(readFileSync(`${dir}/${file}`));
      messages.push({ ...threadingHeaders(parsed.messageId!, parsed.inReplyTo, parsed.references), date: parsed.date ?? 0, file });
    }
    const expected = JSON.parse(readFileSync(`${dir}/expected-threads.notmuch.json`, 'utf8'));
    type Expected = { id: string; children: Expected[] };
    const parents = new Map<string, string | null>();
    const walk = (nodes: Expected[], parent: string | null) => nodes.forEach((n) => (parents.set(n.id, parent), walk(n.children, n.id)));
    for (const t of expected.threads) walk(t.roots, null);
    const ours = new Map<string, string | null>();
    const walkOurs = (nodes: ThreadNode<ThreadableMessage>[], parent: string | null) =>
      nodes.forEach((n) => {
        if (n.message) ours.set(n.id, parent);
        walkOurs(n.children, n.message ? n.id : parent);
      });
    walkOurs(threadTree(messages), null);
    expect(ours.size).toBe(parents.size);
    for (const [id, parent] of parents) expect(ours.get(id), id).toBe(parent);
  });
});
