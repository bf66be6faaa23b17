/** What h2h says on opening while the owner is away, or just back (issue 19): the notices, and where "while you were away" is. */
import type { AwayReport } from '../../core/services/away-service.js';
import { localTime } from './format-age.js';
import { safeLine } from './terminal-text.js';

export function awayNotice(report: AwayReport, now: number): string | undefined {
  const { state, away } = report;
  if (!state) return undefined;
  const people = `${state.noticed.length} ${state.noticed.length === 1 ? 'person' : 'people'}`;
  if (away && !report.sendsHere) return `away until ${localTime(state.until)}: your notices go from ${safeLine(state.machine ?? 'your other machine')} (h2h away --back ends it)`;
  if (away) return `away until ${localTime(state.until)}: ${people} got your notice so far (h2h away --back ends it)`;
  if (now - Date.parse(state.until) > 14 * 86_400_000) return undefined;
  return `back from away: the while-away view (@while-away) shows who wrote meanwhile; ${people} got your notice`;
}
