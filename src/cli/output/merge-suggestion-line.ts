/** The merge h2h suggests (core/services/merge-suggestions.ts), as `h2h show` and `h2h import` say it: with the command that makes it. */
export function mergeSuggestionLine(s: { address: string; person: string }): string {
  return `${s.address} wrote in this conversation: h2h customers merge ${s.person} ${s.address} makes them one person`;
}
