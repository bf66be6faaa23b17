/**
 * People and machines over the shared corpus's 190 real messages, against labels set by hand
 * (test/fixtures/corpus-automation-labels.json): no person's mail is taken for a machine's (the
 * false-positive rate over person mail is 0), every machine the headers can tell is told with its
 * kind, and the one the headers cannot (an IETF announcement robot writing as a person would) is
 * listed here, so a change that catches it, or loses another, shows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PostalMimeParser } from '../../../src/adapters/mime/postal-mime-parser.js';
import { classifyAutomation } from '../../../src/core/domain/automated.js';
import { corpusDir } from '../../helpers/corpus.js';

const { labels } = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/corpus-automation-labels.json'), 'utf8')) as { labels: Record<string, string> };
const knownMisses = ['cpython-test_email/msg_36.txt'];

describe('people and machines in the shared corpus', () => {
  it('takes no person for a machine, and tells each machine the headers show with its kind', async () => {
    const parser = new PostalMimeParser();
    const found: Record<string, string> = {};
    for (const file of Object.keys(labels)) {
      const p = await parser.parse(readFileSync(join(corpusDir(), 'mime', file)));
      found[file] = classifyAutomation({ from: p.from?.email ?? null, subject: p.subject, headers: p.automationHeaders ?? {} })?.kind ?? 'person';
    }
    const people = Object.keys(labels).filter((f) => labels[f] === 'person');
    const falsePositives = people.filter((f) => found[f] !== 'person');
    expect(people.length).toBeGreaterThan(100);
    expect(falsePositives).toEqual([]);
    const wrong = Object.keys(labels).filter((f) => labels[f] !== 'person' && found[f] !== labels[f]);
    expect(wrong).toEqual(knownMisses);
  });
});
