/**
 * Drafts in the shared state, case by case: a draft written over is replaced, two written over the
 * same version are both kept and said, one sent on a machine while another kept writing is kept,
 * and the join is the same whichever way round (the replica property test in shared-state.test.ts
 * runs drafts at random too).
 */
import { describe, expect, it } from 'vitest';
import { draftHeads, draftOf, joinDraftVersions, type DraftVersion } from '../../../../src/core/domain/shared-state/shared-drafts.js';
import { formatHlc } from '../../../../src/core/domain/shared-state/hlc.js';

const at = (wall: number, node = 'laptop') => formatHlc({ wall: Date.parse('2026-12-07T09:00:00Z') + wall * 1000, counter: 0, node });
const text = (t: string, minute = 0) => ({ text: t, updatedAt: `2026-12-07T09:0${minute}:00.000Z` });

describe('drafts in the shared state', () => {
  it('a version written over replaces the one before, which keeps only its stamp', () => {
    const v1: DraftVersion = { at: at(1), after: [], draft: text('Hei Päivi,') };
    const v2: DraftVersion = { at: at(2), after: [v1.at], draft: text('Hei Päivi, the shoes left today.') };
    const joined = joinDraftVersions([v1], [v2])!;
    expect(joined).toEqual([{ at: v1.at, after: [] }, v2]);
    expect(draftOf(joined)).toEqual({ draft: v2.draft, heads: [v2.at] });
    // A late copy of the old version does not come back.
    expect(joinDraftVersions(joined, [v1])).toEqual(joined);
  });

  it('two machines writing over the same version: both texts in the draft, and said', () => {
    const v1: DraftVersion = { at: at(1), after: [], draft: text('Hei Päivi,') };
    const laptop: DraftVersion = { at: at(5), after: [v1.at], draft: text('Hei Päivi, refunded.', 5) };
    const desktop: DraftVersion = { at: at(3, 'desktop'), after: [v1.at], draft: text('Hei Päivi, exchanged.', 3) };
    const joined = joinDraftVersions(joinDraftVersions([v1], [laptop]), [desktop])!;
    expect(joinDraftVersions(joinDraftVersions([v1], [desktop]), [laptop])).toEqual(joined);
    const now = draftOf(joined);
    expect(now.heads.sort()).toEqual([laptop.at, desktop.at].sort());
    expect(now.draft!.text).toBe('Hei Päivi, refunded.\n\n--- also written on another machine (2026-12-07 09:03 UTC): ---\nHei Päivi, exchanged.');
    expect(now.conflict).toMatch(/written on two machines at once: both versions are in the draft/);
    // The owner's next save, over both heads, ends the conflict.
    const merged: DraftVersion = { at: at(9), after: now.heads, draft: text('Hei Päivi, refunded and exchanged.', 9) };
    expect(draftOf(joinDraftVersions(joined, [merged])!)).toEqual({ draft: merged.draft, heads: [merged.at] });
  });

  it('sent on one machine while the other kept writing: the writing is kept, and said', () => {
    const v1: DraftVersion = { at: at(1), after: [], draft: text('Hei Päivi,') };
    const sent: DraftVersion = { at: at(4), after: [v1.at], draft: null };
    const more: DraftVersion = { at: at(6, 'desktop'), after: [v1.at], draft: text('Hei Päivi, one more thing', 6) };
    const now = draftOf(joinDraftVersions(joinDraftVersions([v1], [sent]), [more])!);
    expect(now.draft!.text).toBe('Hei Päivi, one more thing');
    expect(now.conflict).toMatch(/sent or thrown away on another machine while it was written here/);
    // Sent with nothing written meanwhile: no draft.
    expect(draftOf(joinDraftVersions([v1], [sent])!)).toEqual({ draft: null, heads: [sent.at] });
    expect(draftHeads([v1, sent])).toEqual([sent]);
  });
});
