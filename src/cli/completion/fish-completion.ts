/**
 * `h2h completion fish`: `complete` lines generated from the command tree. Each command's options
 * and words are offered once the command (or an alias) is on the line; files only where a command
 * takes free arguments or an option takes a path.
 */
import { globalOptions, type CompletionNode, type CompletionOption } from './command-tree.js';

/** A fish single-quoted word. */
const quote = (text: string) => `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;

const seen = (node: CompletionNode) => `__fish_seen_subcommand_from ${[node.name, ...node.aliases].join(' ')}`;

/** The condition that the line is inside `chain` (the nodes from the program down, program excluded). */
function inside(chain: CompletionNode[]): string {
  return chain.length ? chain.map(seen).join('; and ') : '';
}

function optionLine(option: CompletionOption, condition: string): string {
  const flags = [option.long ? `-l ${option.long.slice(2)}` : '', option.short ? `-s ${option.short.slice(1)}` : ''].filter(Boolean).join(' ');
  const value = option.takesValue ? (option.valueIsPath ? ' -r -F' : ' -x') : '';
  return `complete -c h2h${condition ? ` -n ${quote(condition)}` : ''} ${flags}${value} -d ${quote(option.description)}`;
}

function nodeLines(node: CompletionNode, chain: CompletionNode[]): string[] {
  const here = inside(chain);
  const childNames = node.children.flatMap((c) => [c.name, ...c.aliases]);
  const beforeChild = chain.length === 0 ? '__fish_use_subcommand' : `${here}; and not __fish_seen_subcommand_from ${childNames.join(' ')}`;
  const lines = node.children.flatMap((c) => [c.name, ...c.aliases].map((n) => `complete -c h2h -n ${quote(beforeChild)} -a ${n} -d ${quote(c.description)}`));
  // The program's own options are offered everywhere (--help and --version before a command), a command's once it is on the line.
  const everywhere = chain.length === 0 ? globalOptions(node) : [];
  lines.push(...node.options.map((o) => optionLine(o, everywhere.includes(o) ? '' : chain.length ? here : '__fish_use_subcommand')));
  if (node.argumentWords.length) lines.push(`complete -c h2h -n ${quote(here)} -a ${quote(node.argumentWords.join(' '))}`);
  else if (node.takesArguments && chain.length) lines.push(`complete -c h2h -n ${quote(here)} -F`);
  return [...lines, ...node.children.flatMap((c) => nodeLines(c, [...chain, c]))];
}

export function fishCompletion(root: CompletionNode): string {
  return `# h2h completion for fish, generated from h2h's own command definitions.
# Install it:   h2h completion fish > ~/.config/fish/completions/h2h.fish
complete -c h2h -f
${nodeLines(root, []).join('\n')}
`;
}
