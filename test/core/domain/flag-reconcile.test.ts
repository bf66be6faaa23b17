/**
 * The flag reconciliation, case by case. Each table is written by hand from the rules in
 * flag-reconcile.ts; the test generates every combination of its inputs and fails when a row is
 * missing, doubled or wrong, so no case can go unstated.
 */
import { describe, expect, it } from 'vitest';
import { conversationChange, reconcileMessage, type FlagCapabilities, type OwnerFlags, type Reconciled } from '../../../src/core/domain/flag-reconcile.js';

/**
 * Notation. Inputs: `-` absent, `k` (or `s`, `r`) present, `?` the server did not report the
 * message (a CONDSTORE round reports only what changed: the same as recorded).
 * Outputs: `.` nothing; `+x`/`-x` a flag to STORE or a tag to add/remove here; `read`/`unread`
 * the owner's read mark; record `.` unchanged, `none` no flags, else the flags recorded.
 */
type Row = { key: string; toServer: string; toOwner: string; record: string };

function parse(table: string): Row[] {
  return table
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [inputs, outputs] = line.split('|').map((half) => half.trim().split(/\s+/));
      const [toServer, toOwner, record] = outputs;
      return { key: inputs.join(' '), toServer, toOwner, record };
    });
}

/** The outcome written the way the tables write it. */
function notate(r: Reconciled, names: Record<string, string>): Omit<Row, 'key'> {
  const n = (f: string) => names[f] ?? f;
  const server = r.toServer ? [...r.toServer.add.map((f) => `+${n(f)}`), ...r.toServer.remove.map((f) => `-${n(f)}`)].join(',') : '.';
  const owner = r.toOwner
    ? [...r.toOwner.addTags.map((t) => `+${n(t)}`), ...r.toOwner.removeTags.map((t) => `-${n(t)}`), ...(r.toOwner.read ? ['read'] : []), ...(r.toOwner.unread ? ['unread'] : [])].join(',')
    : '.';
  const record = r.record === null ? '.' : r.record.length === 0 ? 'none' : r.record.map(n).join(',');
  return { toServer: server || '.', toOwner: owner || '.', record };
}

function check(table: string, combinations: string[][], run: (inputs: string[]) => Reconciled, names: Record<string, string>): void {
  const rows = parse(table);
  const keys = combinations.map((c) => c.join(' '));
  // Every combination stated exactly once, and nothing else.
  expect(rows.map((r) => r.key).sort()).toEqual([...keys].sort());
  for (const row of rows) {
    expect({ case: row.key, ...notate(run(row.key.split(' ')), names) }).toEqual({ case: row.key, toServer: row.toServer, toOwner: row.toOwner, record: row.record });
  }
}

function product(...axes: string[][]): string[][] {
  return axes.reduce<string[][]>((acc, axis) => acc.flatMap((c) => axis.map((v) => [...c, v])), [[]]);
}

const allowed: FlagCapabilities = { keywordsAllowed: true };
const refused: FlagCapabilities = { keywordsAllowed: false };

describe('a tag as a keyword: recorded × server × owner × keywords allowed', () => {
  // recorded server owner keywords | toServer toOwner record
  const table = `
    rec srv own kw  | server owner record
    -   -   -   yes | .      .     .
    -   -   k   yes | +k     .     k
    -   k   -   yes | .      +k    k
    -   k   k   yes | .      +k    k
    -   ?   -   yes | .      .     .
    -   ?   k   yes | +k     .     k
    k   -   -   yes | .      -k    none
    k   -   k   yes | .      -k    none
    k   k   -   yes | -k     .     none
    k   k   k   yes | .      .     .
    k   ?   -   yes | -k     .     none
    k   ?   k   yes | .      .     .
    -   -   -   no  | .      .     .
    -   -   k   no  | .      .     .
    -   k   -   no  | .      +k    k
    -   k   k   no  | .      +k    k
    -   ?   -   no  | .      .     .
    -   ?   k   no  | .      .     .
    k   -   -   no  | .      -k    none
    k   -   k   no  | .      -k    none
    k   k   -   no  | .      .     .
    k   k   k   no  | .      .     .
    k   ?   -   no  | .      .     .
    k   ?   k   no  | .      .     .
  `;
  it('states and meets every case', () => {
    const has = (v: string) => (v === 'k' ? ['urgent'] : []);
    check(table, product(['-', 'k'], ['-', 'k', '?'], ['-', 'k'], ['yes', 'no']), ([rec, srv, own, kw]) =>
      reconcileMessage({
        recorded: has(rec),
        // The server reports keywords in any case, among flags h2h does not follow.
        server: srv === '?' ? undefined : [...(srv === 'k' ? ['Urgent'] : []), '\\Recent'],
        owner: { tags: has(own), read: false },
        caps: kw === 'yes' ? allowed : refused,
      }), { urgent: 'k' });
  });
});

describe('\\Seen: recorded × server × owner read × keywords allowed', () => {
  // \Seen goes to the server also where keywords are not allowed; it is never taken off it.
  const table = `
    rec srv own kw  | server owner  record
    -   -   -   yes | .      .      .
    -   -   r   yes | +s     .      s
    -   s   -   yes | .      read   s
    -   s   r   yes | .      read   s
    -   ?   -   yes | .      .      .
    -   ?   r   yes | +s     .      s
    s   -   -   yes | .      unread none
    s   -   r   yes | .      unread none
    s   s   -   yes | .      .      .
    s   s   r   yes | .      .      .
    s   ?   -   yes | .      .      .
    s   ?   r   yes | .      .      .
    -   -   -   no  | .      .      .
    -   -   r   no  | +s     .      s
    -   s   -   no  | .      read   s
    -   s   r   no  | .      read   s
    -   ?   -   no  | .      .      .
    -   ?   r   no  | +s     .      s
    s   -   -   no  | .      unread none
    s   -   r   no  | .      unread none
    s   s   -   no  | .      .      .
    s   s   r   no  | .      .      .
    s   ?   -   no  | .      .      .
    s   ?   r   no  | .      .      .
  `;
  it('states and meets every case', () => {
    check(table, product(['-', 's'], ['-', 's', '?'], ['-', 'r'], ['yes', 'no']), ([rec, srv, own, kw]) =>
      reconcileMessage({
        recorded: rec === 's' ? ['\\Seen'] : [],
        server: srv === '?' ? undefined : srv === 's' ? ['\\SEEN', '\\Answered'] : ['\\Answered'],
        owner: { tags: [], read: own === 'r' },
        caps: kw === 'yes' ? allowed : refused,
      }), { '\\Seen': 's' });
  });
});

describe('flags the server refuses: what the owner wants × what the server refuses', () => {
  // Keywords allowed, nothing changed on the server. A refused flag is never recorded: the tag
  // stays here and its absence on the server is not read back as a removal; the others still land.
  const table = `
    wants            refuses | server      owner record
    +s               -       | +s          .     s
    +s               s       | +s          .     .
    +k               -       | +k          .     k
    +k               k       | +k          .     .
    +s,+k            -       | +s,+k       .     s,k
    +s,+k            k       | +s,+k       .     s
    +s,+k            s       | +s,+k       .     k
    +s,+k            s,k     | +s,+k       .     .
    -k               -       | -k          .     none
    -k               k       | -k          .     .
    +s,-k            -       | +s,-k       .     s
    +s,-k            k       | +s,-k       .     s,k
    +s,-k            s       | +s,-k       .     none
    +s,-k            s,k     | +s,-k       .     .
  `;
  it('states and meets every case', () => {
    const combos = [['+s'], ['+k'], ['+s,+k'], ['-k'], ['+s,-k']].flatMap(([w]) => {
      const flags = w.split(',').map((f) => f.slice(1));
      const subsets = flags.length === 1 ? ['-', flags[0]] : ['-', 'k', 's', 's,k'];
      return subsets.map((r) => [w, r]);
    });
    const full = (f: string) => (f === 's' ? '\\Seen' : 'urgent');
    check(table, combos, ([wants, refuses]) => {
      const w = wants.split(',');
      const owner: OwnerFlags = { tags: w.includes('+k') ? ['urgent'] : [], read: w.includes('+s') };
      const recorded = w.includes('-k') ? ['urgent'] : [];
      return reconcileMessage({ recorded, server: undefined, owner, caps: allowed, refuses: refuses === '-' ? [] : refuses.split(',').map(full) });
    }, { '\\Seen': 's', urgent: 'k' });
  });
});

describe('flags outside the reconciliation', () => {
  type Case = { name: string; recorded: string[]; server: string[] | undefined; owner: OwnerFlags; expect: Reconciled };
  const cases: Case[] = [
    { name: 'a non-ASCII tag stays local', recorded: [], server: undefined, owner: { tags: ['café'], read: false }, expect: { toOwner: null, toServer: null, record: null } },
    { name: 'a tag with IMAP specials stays local', recorded: [], server: undefined, owner: { tags: ['a(b)'], read: false }, expect: { toOwner: null, toServer: null, record: null } },
    { name: 'a local-only tag beside a keyword tag: only the keyword goes', recorded: [], server: undefined, owner: { tags: ['café', 'vip'], read: false }, expect: { toOwner: null, toServer: { add: ['vip'], remove: [] }, record: ['vip'] } },
    { name: 'a client-private keyword on the server is not a tag', recorded: [], server: ['$Junk', '$label1', '$Forwarded'], owner: { tags: [], read: false }, expect: { toOwner: null, toServer: null, record: null } },
    { name: 'a tag named like a client-private keyword is not sent', recorded: [], server: undefined, owner: { tags: ['$junk'], read: false }, expect: { toOwner: null, toServer: null, record: null } },
    { name: 'a client-private keyword vanishing is not a removal', recorded: [], server: [], owner: { tags: ['$junk'], read: false }, expect: { toOwner: null, toServer: null, record: null } },
    { name: 'other system flags are ignored', recorded: [], server: ['\\Answered', '\\Flagged', '\\Draft'], owner: { tags: [], read: false }, expect: { toOwner: null, toServer: null, record: null } },
    { name: 'a keyword in capitals is the lower-case tag', recorded: [], server: ['VIP'], owner: { tags: [], read: false }, expect: { toOwner: { addTags: ['vip'], removeTags: [] }, toServer: null, record: ['vip'] } },
    { name: 'a closed conversation puts its status keyword on its messages', recorded: [], server: undefined, owner: { tags: [], read: false, status: 'closed' }, expect: { toOwner: null, toServer: { add: ['$h2h-closed'], remove: [] }, record: ['$h2h-closed'] } },
    { name: 'open has no status keyword: the old one goes', recorded: ['$h2h-waiting'], server: undefined, owner: { tags: [], read: false, status: 'open' }, expect: { toOwner: null, toServer: { add: [], remove: ['$h2h-waiting'] }, record: [] } },
    { name: 'a new status replaces the old keyword', recorded: ['$h2h-waiting'], server: undefined, owner: { tags: ['vip'], read: false, status: 'snoozed' }, expect: { toOwner: null, toServer: { add: ['vip', '$h2h-snoozed'], remove: ['$h2h-waiting'] }, record: ['$h2h-snoozed', 'vip'] } },
    { name: 'a status keyword another client took off is no tag and is put back', recorded: ['$h2h-closed'], server: [], owner: { tags: [], read: false, status: 'closed' }, expect: { toOwner: { addTags: [], removeTags: [] }, toServer: { add: ['$h2h-closed'], remove: [] }, record: null } },
    { name: 'a status keyword another client put on is no tag and is taken off', recorded: [], server: ['$H2H-Closed'], owner: { tags: [], read: false, status: 'open' }, expect: { toOwner: { addTags: [], removeTags: [] }, toServer: { add: [], remove: ['$h2h-closed'] }, record: null } },
    {
      name: 'another client tags and reads while the owner tagged something else',
      recorded: [],
      server: ['\\Seen', 'urgent'],
      owner: { tags: ['vip'], read: false },
      expect: { toOwner: { addTags: ['urgent'], removeTags: [], read: true }, toServer: { add: ['vip'], remove: [] }, record: ['\\Seen', 'urgent', 'vip'] },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(reconcileMessage({ recorded: c.recorded, server: c.server, owner: c.owner, caps: allowed })).toEqual(c.expect);
    });
  }
});

describe('one conversation, several messages changed on the server', () => {
  it('a tag added on one message and removed on another stays: adding wins', () => {
    const change = conversationChange([
      { seq: 3, change: { addTags: ['urgent'], removeTags: [] } },
      { seq: 5, change: { addTags: [], removeTags: ['urgent', 'vip'] } },
    ]);
    expect(change).toEqual({ addTags: ['urgent'], removeTags: ['vip'] });
  });

  it('read up to the newest message read elsewhere; unread when any was unread elsewhere', () => {
    expect(conversationChange([
      { seq: 7, change: { addTags: [], removeTags: [], read: true } },
      { seq: 4, change: { addTags: [], removeTags: [], read: true } },
      { seq: 2, change: { addTags: [], removeTags: [], unread: true } },
    ])).toEqual({ addTags: [], removeTags: [], readSeq: 7, unread: true });
  });

  it('no messages: no change', () => {
    expect(conversationChange([])).toEqual({ addTags: [], removeTags: [] });
  });
});
