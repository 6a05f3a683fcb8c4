/**
 * What a submitted input is: a meta command (`\d bids`, one line, no `;` needed, as in psql), a request to
 * quit, or SQL (one or more `;`-separated statements). Meta commands are a discriminated union so the
 * session's switch is exhaustive: adding a command breaks the build where it is not handled.
 */

export type MetaCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'sources' }
  | { readonly kind: 'views' }
  | { readonly kind: 'describe'; readonly name: string | null }
  | { readonly kind: 'explain'; readonly sql: string }
  | { readonly kind: 'subscribe'; readonly view: string; readonly from: 'latest' | 'earliest' | number }
  | { readonly kind: 'late'; readonly view: string | null }
  | { readonly kind: 'rejects'; readonly source: string | null }
  | { readonly kind: 'checkpoint' }
  | { readonly kind: 'timing' }
  | { readonly kind: 'include'; readonly path: string }
  | { readonly kind: 'expanded' }
  | { readonly kind: 'changes' }
  | { readonly kind: 'startup'; readonly mode: 'earliest' | 'latest' | null }
  | { readonly kind: 'quit' };

export type Input =
  | { readonly kind: 'empty' }
  | { readonly kind: 'meta'; readonly command: MetaCommand }
  | { readonly kind: 'bad_meta'; readonly message: string }
  | { readonly kind: 'sql'; readonly text: string };

export interface MetaCommandHelp {
  readonly name: string;
  readonly args: string;
  readonly description: string;
}

/** The help table and the completion list both come from here. */
export const META_COMMANDS: readonly MetaCommandHelp[] = [
  { name: 'help', args: '', description: 'show this help (also \\?)' },
  { name: 'sources', args: '', description: 'list sources' },
  { name: 'views', args: '', description: 'list views' },
  { name: 'd', args: '[name]', description: 'describe a source or view (all of them without a name)' },
  { name: 'explain', args: '<query>', description: 'show the plan of a query' },
  { name: 'subscribe', args: '<view> [earliest|<seq>]', description: 'watch a view\'s rows live' },
  { name: 'late', args: '[view]', description: 'rows that arrived after their window fired' },
  { name: 'rejects', args: '[source]', description: 'input rows rejected by a source' },
  { name: 'checkpoint', args: '', description: 'write a checkpoint now' },
  { name: 'timing', args: '', description: 'toggle statement timing' },
  { name: 'i', args: '<file.sql>', description: 'run the statements in a file' },
  { name: 'x', args: '', description: 'toggle vertical (expanded) display' },
  { name: 'changes', args: '', description: 'toggle: updating table / its +I/-U/+U/-D changes' },
  { name: 'startup', args: '[earliest|latest]', description: 'where new queries read their sources from (scan.startup.mode)' },
  { name: 'q', args: '', description: 'quit (also Ctrl-D, or Ctrl-C twice on an empty prompt)' },
];

/** True when the input is a meta command: its first non-blank character is a backslash. */
export function isMetaInput(text: string): boolean {
  return /^\s*\\/.test(text);
}

/** `exit`/`quit` on their own, as psql accepts them, so a newcomer is never stuck. */
export function isQuitWord(text: string): boolean {
  return /^\s*(exit|quit)\s*;?\s*$/i.test(text);
}

function unquoteName(arg: string): string {
  const t = arg.trim().replace(/;+$/, '').trim();
  return /^".*"$|^`.*`$/.test(t) ? t.slice(1, -1) : t;
}

export function parseInput(text: string): Input {
  if (text.trim() === '') return { kind: 'empty' };
  if (isQuitWord(text)) return { kind: 'meta', command: { kind: 'quit' } };
  if (!isMetaInput(text)) return { kind: 'sql', text };
  const m = /^\s*\\(\S+?)(?:\s+([\s\S]*))?$/.exec(text.replace(/\s+$/, ''));
  const name = (m?.[1] ?? '').replace(/;+$/, '');
  const rawArg = (m?.[2] ?? '').trim();
  const arg = rawArg === '' ? null : unquoteName(rawArg);
  const meta = (command: MetaCommand): Input => ({ kind: 'meta', command });
  const needs = (what: string): Input => ({ kind: 'bad_meta', message: `\\${name} needs ${what}; try \\help` });
  switch (name.toLowerCase()) {
    case 'help': case '?': case 'h': return meta({ kind: 'help' });
    case 'sources': case 'ds': return meta({ kind: 'sources' });
    case 'views': case 'dv': return meta({ kind: 'views' });
    case 'd': case 'describe': return meta({ kind: 'describe', name: arg });
    case 'explain': return rawArg === '' ? needs('a query') : meta({ kind: 'explain', sql: rawArg });
    case 'subscribe': {
      if (arg === null) return needs('a view name');
      const [view = '', from] = arg.split(/\s+/);
      if (from === undefined) return meta({ kind: 'subscribe', view: unquoteName(view), from: 'latest' });
      if (from === 'earliest' || from === 'latest') return meta({ kind: 'subscribe', view: unquoteName(view), from });
      if (/^\d+$/.test(from)) return meta({ kind: 'subscribe', view: unquoteName(view), from: Number(from) });
      return { kind: 'bad_meta', message: `\\subscribe ${view} ${from}: expected earliest, latest or a sequence number` };
    }
    case 'late': return meta({ kind: 'late', view: arg });
    case 'rejects': case 'rejected': return meta({ kind: 'rejects', source: arg });
    case 'checkpoint': return meta({ kind: 'checkpoint' });
    case 'timing': return meta({ kind: 'timing' });
    case 'i': case 'include': return arg === null ? needs('a file name') : meta({ kind: 'include', path: rawArg.replace(/;+$/, '') });
    case 'x': return meta({ kind: 'expanded' });
    case 'changes': return meta({ kind: 'changes' });
    case 'startup': {
      const mode = arg?.toLowerCase() ?? null;
      if (mode === null || mode === 'earliest' || mode === 'latest') return meta({ kind: 'startup', mode });
      return { kind: 'bad_meta', message: `\\startup ${arg}: expected earliest or latest` };
    }
    case 'q': case 'quit': case 'exit': return meta({ kind: 'quit' });
    default:
      return { kind: 'bad_meta', message: `unknown command \\${name}; try \\help` };
  }
}
