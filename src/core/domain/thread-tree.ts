/**
 * JWZ threading (https://www.jwz.org/doc/threading.html) of the messages of one conversation or a
 * whole mailbox into reply trees, for display. Handles replies seen before their parents, missing
 * middle messages (kept as empty "dummy" nodes while they join several replies), and reference
 * cycles (a link that would close a loop is not made). Parent choice follows notmuch: a well-formed
 * In-Reply-To wins over the last References entry. Two messages may share a Message-ID (broken mailers
 * reuse ids): the later one gets a node of its own in the same place, and replies hang under the first.
 */
import { parentIdOf, type ThreadingHeaders } from './message-ids.js';

export type ThreadableMessage = ThreadingHeaders & { date: number };

export type ThreadNode<M> = {
  /** The Message-ID; for a dummy node, the id of the missing message that joins its children. */
  id: string;
  message?: M;
  children: ThreadNode<M>[];
};

type Container<M> = { id: string; message?: M; parent?: Container<M>; children: Set<Container<M>> };

export function threadTree<M extends ThreadableMessage>(messages: Iterable<M>): ThreadNode<M>[] {
  const table = new Map<string, Container<M>>();
  const get = (id: string): Container<M> => {
    let c = table.get(id);
    if (!c) table.set(id, (c = { id, children: new Set() }));
    return c;
  };
  const isAncestor = (candidate: Container<M>, of: Container<M>): boolean => {
    for (let p: Container<M> | undefined = of; p; p = p.parent) if (p === candidate) return true;
    return false;
  };
  const link = (parent: Container<M>, child: Container<M>): void => {
    if (child.parent) child.parent.children.delete(child);
    child.parent = parent;
    parent.children.add(child);
  };

  for (const m of messages) {
    let self = get(m.messageId);
    if (self.message) table.set(`${m.messageId}\u0000${table.size}`, (self = { id: m.messageId, children: new Set() }));
    self.message = m;
    // Link the References chain where it does not contradict links already made.
    const chain = m.references;
    for (let i = 1; i < chain.length; i++) {
      const parent = get(chain[i - 1]);
      const child = get(chain[i]);
      if (!child.parent && parent !== child && !isAncestor(child, parent)) link(parent, child);
    }
    // The message's own headers are authoritative for its parent, unless that makes a loop.
    const parentId = parentIdOf(m);
    if (parentId) {
      const parent = get(parentId);
      if (parent !== self && !isAncestor(self, parent)) link(parent, self);
    }
  }

  const roots = [...table.values()].filter((c) => !c.parent);
  return sortNodes(roots.flatMap((r) => prune(r, true)));
}

/** Drops empty containers: a dummy survives only as a root joining several replies (JWZ step 4). */
function prune<M extends ThreadableMessage>(c: Container<M>, isRoot: boolean): ThreadNode<M>[] {
  const children = [...c.children].flatMap((child) => prune(child, false));
  if (c.message) return [{ id: c.id, message: c.message, children }];
  if (children.length === 0) return [];
  if (isRoot && children.length > 1) return [{ id: c.id, children }];
  return children;
}

function dateOf<M extends ThreadableMessage>(n: ThreadNode<M>): number {
  if (n.message) return n.message.date;
  return Math.min(...n.children.map(dateOf));
}

function sortNodes<M extends ThreadableMessage>(nodes: ThreadNode<M>[]): ThreadNode<M>[] {
  for (const n of nodes) sortNodes(n.children);
  return nodes.sort((a, b) => dateOf(a) - dateOf(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Depth-first order with depth: how a conversation's messages are listed under each other. */
export function flattenTree<M>(nodes: ThreadNode<M>[], depth = 0, out: { node: ThreadNode<M>; depth: number }[] = []) {
  for (const node of nodes) {
    out.push({ node, depth });
    flattenTree(node.children, depth + 1, out);
  }
  return out;
}

