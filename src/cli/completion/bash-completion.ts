/**
 * `h2h completion bash`: a bash completion function generated from the command tree. It walks the
 * words typed so far to find the command (skipping option values, so `h2h --config x li` completes
 * `list`), then offers that command's subcommands, options or fixed argument words; after an option
 * that takes a file it offers paths, and `-o default` lets bash offer files for free arguments.
 */
import { flagsOf, globalOptions, nodesWithPaths, type CompletionNode } from './command-tree.js';

/** Command and flag names are plain words (letters, digits, `-`), safe unquoted in bash. */
const key = (path: string[]) => (path.length ? `/${path.join('/')}` : '');

export function bashCompletion(root: CompletionNode): string {
  const nodes = [{ node: root, path: [] as string[] }, ...nodesWithPaths(root)];
  const walkCases = nodes.flatMap(({ node, path }) =>
    node.children.map((child) => `      "${key(path)}/${child.name}"${child.aliases.map((a) => `|"${key(path)}/${a}"`).join('')}) path="${key([...path, child.name])}" ;;`),
  );
  const globalValueFlags = flagsOf(root, 'value');
  // An option's value is skipped while walking; an option taking a path completes files.
  const valuePatterns = nodes.flatMap(({ node, path }) => flagsOf(node, 'value').map((f) => `"${key(path)} ${f}"`));
  const pathPatterns = nodes.flatMap(({ node, path }) =>
    node.options.filter((o) => o.valueIsPath).flatMap((o) => [o.long, o.short].filter(Boolean).map((f) => `"${key(path)} ${f}"`)),
  );
  const wordCases = nodes.map(({ node, path }) => {
    const words = [...node.children.flatMap((c) => [c.name, ...c.aliases]), ...node.argumentWords, ...flagsOf(node), ...(path.length ? flagsOf(globalOptions(root)) : [])];
    return `    "${key(path)}") words="${[...new Set(words)].join(' ')}" ;;`;
  });
  const globals = globalValueFlags.map((f) => `*" ${f}"`);
  return `# h2h completion for bash, generated from h2h's own command definitions.
# Load it from ~/.bashrc:   source <(h2h completion bash)
# or install it for bash-completion:   h2h completion bash > ~/.local/share/bash-completion/completions/h2h
_h2h() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} path="" words="" i w
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=\${COMP_WORDS[i]}
    case "$path $w" in
      ${alternatives([...valuePatterns, ...globals])}) ((i++)); continue ;;
    esac
    case "$w" in -*) continue ;; esac
    case "$path/$w" in
${walkCases.join('\n')}
      *) break ;;
    esac
  done
  case "$path $prev" in
    ${alternatives([...pathPatterns, ...globalPathPatterns(root)])}) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    ${alternatives([...valuePatterns, ...globals])}) COMPREPLY=(); return ;;
  esac
  case "$path" in
${wordCases.join('\n')}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _h2h h2h
`;
}

/** Case patterns joined; `""` (which "$path $w" never is) when there are none, so the script still parses. */
function alternatives(patterns: string[]): string {
  return patterns.join('|') || '""';
}

/** The program's path options (`--config <file>`) may come after a command too. */
function globalPathPatterns(root: CompletionNode): string[] {
  return root.options.filter((o) => o.valueIsPath).flatMap((o) => [o.long, o.short].filter(Boolean).map((f) => `*" ${f}"`));
}
