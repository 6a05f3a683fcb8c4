/**
 * The interactive REPL (ink). Layout, top to bottom:
 *   scrollback (<Static>: echoed inputs, messages, tables, errors — printed once, scrolls away)
 *   the running query, if any (redrawn as rows arrive) and its status line
 *   the prompt (highlighted input, completion candidates, Ctrl-R search)
 * Keys go to the LineEditor; what it asks for (run an input, interrupt, quit) is done here with the
 * Session, which owns the backend and the running query.
 */
import { Box, Static, Text, useApp, useInput, useStdout } from 'ink';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { ReplBackend } from './backend.js';
import { complete } from './completion.js';
import { Editor } from './components/Editor.js';
import { LiveView } from './components/LiveView.js';
import { LogItem } from './components/LogItem.js';
import { StatusLine } from './components/StatusLine.js';
import type { History } from './history.js';
import { useEngineStatus } from './hooks/useEngineStatus.js';
import { useStatus } from './hooks/useStatus.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { useThrottledTick } from './hooks/useThrottled.js';
import { LineEditor, type EditorEffect, type KeyInfo } from './line-editor.js';
import type { LiveQuery } from './live-query.js';
import { finalTable, message, type OutputItem } from './output.js';
import { Session } from './session.js';
import type { SqlHelpers } from './sql-text.js';

export interface AppProps {
  readonly backend: ReplBackend;
  readonly helpers: SqlHelpers;
  readonly history: History;
  readonly banner?: string;
  /** Show the engine's status line (all sources and views) while no query runs: the demo does. */
  readonly idleStatus?: boolean;
  /** Called once when the user quits, with the exit code. */
  readonly onExit: (code: number) => void;
}

interface Entry {
  readonly id: number;
  readonly item: OutputItem;
}

/** How often the live table may redraw. */
const LIVE_RENDER_MS = 100;

export function App({ backend, helpers, history, banner, idleStatus = false, onExit }: AppProps): React.JSX.Element {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const size = useTerminalSize();
  const [log, setLog] = useState<Entry[]>(() => (banner ? [{ id: 0, item: message(banner) }] : []));
  const nextId = useRef(1);
  const [live, setLive] = useState<LiveQuery | null>(null);
  const [liveTick, bumpLive] = useThrottledTick(LIVE_RENDER_MS);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [hint, setHint] = useState<string | null>(null);
  const armedToQuit = useRef(false);
  const quitting = useRef(false);
  const width = size.columns;

  const append = useCallback((item: OutputItem) => {
    setLog((l) => [...l, { id: nextId.current++, item }]);
  }, []);

  const quit = useCallback((code: number, session: Session) => {
    if (quitting.current) return;
    quitting.current = true;
    void session.close().finally(() => {
      onExit(code);
      exit();
    });
  }, [exit, onExit]);

  const session = useMemo(() => {
    const s: Session = new Session(backend, {
      output: append,
      liveChanged: (q) => {
        setLive(q);
        bumpLive();
      },
      liveEnded: (q, reason) => append(finalTable(q, s.settings, reason)),
      exit: (code) => quit(code, s),
    });
    return s;
  }, [backend, append, bumpLive, quit]);

  useEffect(() => {
    void session.refreshCatalog();
  }, [session]);

  const editor = useMemo(() => new LineEditor({
    history,
    isComplete: helpers.isComplete,
    complete: (text, cursor) => complete(text, cursor, {
      sources: session.catalog.sources,
      views: session.catalog.views.filter((v) => !v.adhoc),
      keywords: helpers.keywords,
      functions: helpers.functions,
    }),
  }), [history, helpers, session]);

  const onEffect = (effect: EditorEffect): void => {
    switch (effect.kind) {
      case 'submit':
        void session.submit(effect.text, true);
        return;
      case 'eof':
        quit(0, session);
        return;
      case 'clear':
        // Erase the screen and its scrollback, cursor home; ink redraws the live part under it. The
        // scrollback items already printed stay printed (they are the terminal's, not ink's, to keep).
        stdout.write('\x1b[2J\x1b[3J\x1b[H');
        return;
      case 'interrupt':
        // Ctrl-C: cancel the running query; else clear the input; on an empty prompt, twice quits.
        if (session.live) {
          void session.cancel('cancelled');
        } else if (editor.text !== '' || editor.view().search) {
          editor.clear();
        } else if (armedToQuit.current) {
          quit(0, session);
          return;
        } else {
          armedToQuit.current = true;
          setHint('(press Ctrl-C again to quit, or Ctrl-D)');
          return;
        }
        armedToQuit.current = false;
        setHint(null);
    }
  };

  useInput((input, key) => {
    if (quitting.current) return;
    const effects = editor.handle(input, key as KeyInfo);
    if (!effects.some((e) => e.kind === 'interrupt')) {
      armedToQuit.current = false;
      if (hint !== null) setHint(null);
    }
    for (const e of effects) onEffect(e);
    rerender();
  });

  const status = useStatus(backend, live, liveTick);
  const engineStatus = useEngineStatus(backend, idleStatus && live === null);
  const view = editor.view();
  const search = view.search;
  const found = search && search.index >= 0 ? history.entries[search.index] : undefined;
  // Leave room for the prompt, candidates, title, header, rule, footer and status line.
  const editorHeight = view.text.split('\n').length + (view.candidates.length > 0 ? 5 : 0) + (hint ? 1 : 0);
  const tableRows = Math.max(3, size.rows - editorHeight - 8);

  return (
    <Box flexDirection="column">
      <Static items={log}>
        {(entry) => (
          <Box key={entry.id}>
            <LogItem item={entry.item} width={width} />
          </Box>
        )}
      </Static>
      {live ? (
        <LiveView query={live} version={live.version} settings={session.settings} status={status} width={width} height={tableRows} />
      ) : null}
      {live === null && engineStatus !== null ? (
        <Box marginTop={1}><StatusLine info={engineStatus} width={width} /></Box>
      ) : null}
      <Editor view={view} lex={helpers.lex} width={width} {...(found !== undefined ? { found } : {})} />
      {hint ? <Text dimColor>{hint}</Text> : null}
    </Box>
  );
}
