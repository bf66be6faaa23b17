/**
 * `h2h completion zsh`: a compsys function per command, generated from the command tree: `_h2h`
 * offers the commands with their descriptions and the global options, then hands the rest of the
 * line to the command's own function (`_h2h_list`), which describes its options with `_arguments`.
 * Works both autoloaded from $fpath (as `_h2h`) and sourced.
 */
import type { CompletionNode, CompletionOption } from './command-tree.js';

/** A zsh single-quoted word. */
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
/** Text inside an `_arguments` `[description]`, where brackets and backslashes are special. */
const bracketed = (text: string) => text.replace(/[\\[\]]/g, (c) => `\\${c}`);
const functionName = (path: string[]) => ['_h2h', ...path].join('_').replace(/[^A-Za-z0-9_]/g, '_');

function optionSpecs(option: CompletionOption): string[] {
  const value = option.takesValue ? (option.valueIsPath ? ':value:_files' : ':value: ') : '';
  return [option.short, option.long].filter((f): f is string => !!f).map((flag) => quote(`${flag}[${bracketed(option.description)}]${value}`));
}

function nodeFunction(node: CompletionNode, path: string[]): string[] {
  const name = functionName(path);
  const specs = node.options.flatMap(optionSpecs);
  if (node.children.length > 0) {
    const described = node.children.flatMap((c) => [c.name, ...c.aliases].map((n) => quote(`${n.replace(/:/g, '\\:')}:${c.description}`)));
    const dispatch = node.children.map((c) => `      ${[c.name, ...c.aliases].join('|')}) ${functionName([...path, c.name])} ;;`);
    return [
      `${name}() {`,
      '  local curcontext=$curcontext state line',
      '  typeset -A opt_args',
      `  _arguments -C ${[...specs, quote('1: :->command'), quote('*:: :->args')].join(' \\\n    ')}`,
      '  case $state in',
      '    command)',
      '      local -a commands',
      `      commands=(${described.join(' \\\n        ')})`,
      `      _describe -t commands ${quote(`${['h2h', ...path].join(' ')} command`)} commands ;;`,
      '    args)',
      '      case $words[1] in',
      ...dispatch,
      '      esac ;;',
      '  esac',
      '}',
    ];
  }
  const argument = node.argumentWords.length ? [quote(`*:argument:(${node.argumentWords.join(' ')})`)] : node.takesArguments ? [quote('*:argument:_files')] : [];
  return [`${name}() {`, `  _arguments ${[...specs, ...argument].join(' \\\n    ')}`, '}'];
}

function allFunctions(node: CompletionNode, path: string[]): string[] {
  return [...nodeFunction(node, path), ...node.children.flatMap((c) => allFunctions(c, [...path, c.name]))];
}

export function zshCompletion(root: CompletionNode): string {
  return `#compdef h2h
# h2h completion for zsh, generated from h2h's own command definitions.
# Load it from ~/.zshrc (after compinit):   source <(h2h completion zsh)
# or save it as _h2h in a folder of your $fpath:   h2h completion zsh > ~/.zfunc/_h2h
${allFunctions(root, []).join('\n')}
if [ "$funcstack[1]" = "_h2h" ]; then
  _h2h "$@"
else
  compdef _h2h h2h
fi
`;
}
