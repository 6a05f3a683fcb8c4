import { describe, expect, it } from 'vitest';
import { complete } from '../../repl/completion.js';
import { History } from '../../repl/history.js';
import { LineEditor, type EditorEffect, type KeyInfo } from '../../repl/line-editor.js';
import { sqlHelpers } from '../../repl/sql-text.js';

function editor(entries: string[] = []): { ed: LineEditor; history: History } {
  const history = new History(null);
  for (const e of entries) history.add(e);
  const ed = new LineEditor({
    history,
    isComplete: sqlHelpers.isComplete,
    complete: (text, cursor) => complete(text, cursor, {
      sources: [{ name: 'bids', columns: [{ name: 'price' }, { name: 'auction' }] }],
      views: [],
      keywords: ['SELECT', 'FROM', 'SOURCES', 'SOURCE'],
      functions: [],
    }),
  });
  return { ed, history };
}

const ENTER: KeyInfo = { return: true };
function type(ed: LineEditor, text: string): EditorEffect[] {
  return ed.handle(text, {});
}

describe('line editor', () => {
  it('continues a statement over lines until it ends with ;', () => {
    const { ed, history } = editor();
    type(ed, 'SELECT *');
    expect(ed.handle('', ENTER)).toEqual([]);
    expect(ed.text).toBe('SELECT *\n');
    type(ed, 'FROM bids;');
    expect(ed.handle('', ENTER)).toEqual([{ kind: 'submit', text: 'SELECT *\nFROM bids;' }]);
    expect(ed.text).toBe('');
    expect(history.entries).toEqual(['SELECT *\nFROM bids;']);
  });

  it('runs meta commands without ;, and does not end a statement at a ; in a string', () => {
    const { ed } = editor();
    type(ed, '\\d bids');
    expect(ed.handle('', ENTER)).toEqual([{ kind: 'submit', text: '\\d bids' }]);
    type(ed, "SELECT ';");
    expect(ed.handle('', ENTER)).toEqual([]);
  });

  it('treats newlines in pasted text as Enter, running each finished statement', () => {
    const { ed } = editor();
    const effects = type(ed, 'SHOW VIEWS;\rSELECT 1\nFROM t;\rSELECT');
    expect(effects).toEqual([{ kind: 'submit', text: 'SHOW VIEWS;' }, { kind: 'submit', text: 'SELECT 1\nFROM t;' }]);
    expect(ed.text).toBe('SELECT');
  });

  it('edits at the cursor: arrows, home/end, backspace, Ctrl-U/K/W', () => {
    const { ed } = editor();
    type(ed, 'SELEC FROM');
    ed.handle('', { home: true });
    for (let i = 0; i < 5; i++) ed.handle('', { rightArrow: true });
    type(ed, 'T *');
    expect(ed.text).toBe('SELECT * FROM');
    ed.handle('', { end: true });
    ed.handle('w', { ctrl: true });
    expect(ed.text).toBe('SELECT * ');
    ed.handle('', { delete: true });
    expect(ed.text).toBe('SELECT *');
    ed.handle('', { leftArrow: true });
    ed.handle('k', { ctrl: true });
    expect(ed.text).toBe('SELECT ');
    ed.handle('u', { ctrl: true });
    expect(ed.text).toBe('');
  });

  it('walks history with up/down and restores the draft', () => {
    const { ed } = editor(['SHOW VIEWS;', 'SHOW SOURCES;']);
    type(ed, 'SEL');
    ed.handle('', { upArrow: true });
    expect(ed.text).toBe('SHOW SOURCES;');
    ed.handle('', { upArrow: true });
    expect(ed.text).toBe('SHOW VIEWS;');
    ed.handle('', { upArrow: true });
    expect(ed.text).toBe('SHOW VIEWS;');
    ed.handle('', { downArrow: true });
    ed.handle('', { downArrow: true });
    expect(ed.text).toBe('SEL');
  });

  it('moves between lines of a multi-line input before going to history', () => {
    const { ed } = editor(['OLD;']);
    type(ed, 'SELECT a\n');
    type(ed, 'FROM t');
    ed.handle('', { upArrow: true });
    expect(ed.text).toBe('SELECT a\nFROM t');
    expect(ed.cursor).toBe(6);
  });

  it('searches history backwards with Ctrl-R, again for older matches, Enter runs the match', () => {
    const { ed } = editor(['SELECT * FROM bids;', 'SHOW VIEWS;', 'SELECT count(*) FROM bids;']);
    ed.handle('r', { ctrl: true });
    type(ed, 'bids');
    expect(ed.view().search).toEqual({ query: 'bids', index: 2 });
    ed.handle('r', { ctrl: true });
    expect(ed.view().search?.index).toBe(0);
    expect(ed.handle('', ENTER)).toEqual([{ kind: 'submit', text: 'SELECT * FROM bids;' }]);
  });

  it('leaves search with Escape, restoring what was typed', () => {
    const { ed } = editor(['SHOW VIEWS;']);
    type(ed, 'draft');
    ed.handle('r', { ctrl: true });
    type(ed, 'VIEWS');
    ed.handle('', { escape: true });
    expect(ed.view().search).toBeNull();
    expect(ed.text).toBe('draft');
  });

  it('completes on Tab: a unique match is inserted, ambiguous ones listed after their common prefix', () => {
    const { ed } = editor();
    type(ed, 'SELECT pr');
    ed.handle('', { tab: true });
    expect(ed.text).toBe('SELECT pr');
    type(ed, ' FROM bids');
    ed.handle('', { home: true });
    for (let i = 0; i < 9; i++) ed.handle('', { rightArrow: true });
    ed.handle('', { tab: true });
    expect(ed.text).toBe('SELECT price FROM bids');
    const { ed: ed2 } = editor();
    type(ed2, 'SHOW SOU');
    ed2.handle('', { tab: true });
    expect(ed2.text).toBe('SHOW SOURCE');
    expect(ed2.view().candidates).toEqual(['SOURCES', 'SOURCE']);
  });

  it('reports Ctrl-C as an interrupt and Ctrl-D on an empty line as end of input', () => {
    const { ed } = editor();
    expect(ed.handle('c', { ctrl: true })).toEqual([{ kind: 'interrupt' }]);
    expect(ed.handle('d', { ctrl: true })).toEqual([{ kind: 'eof' }]);
    type(ed, 'ab');
    ed.handle('', { home: true });
    expect(ed.handle('d', { ctrl: true })).toEqual([]);
    expect(ed.text).toBe('b');
  });

  it('moves by word with Alt-B and Alt-F, as readline does', () => {
    const { ed } = editor();
    type(ed, 'SELECT price FROM bids.x');
    ed.handle('b', { meta: true });
    expect(ed.cursor).toBe('SELECT price FROM bids.'.length);
    ed.handle('b', { meta: true });
    ed.handle('b', { meta: true });
    expect(ed.cursor).toBe('SELECT price '.length);
    ed.handle('f', { meta: true });
    expect(ed.cursor).toBe('SELECT price FROM'.length);
    ed.handle('f', { meta: true });
    expect(ed.cursor).toBe('SELECT price FROM bids'.length);
    expect(ed.text).toBe('SELECT price FROM bids.x');
  });

  it('asks the app to clear the screen on Ctrl-L, keeping the input', () => {
    const { ed } = editor();
    type(ed, 'SELECT 1');
    expect(ed.handle('l', { ctrl: true })).toEqual([{ kind: 'clear' }]);
    expect(ed.text).toBe('SELECT 1');
  });

  it('lists what can start a statement on Tab at an empty prompt', () => {
    const { ed } = editor();
    ed.handle('', { tab: true });
    expect(ed.text).toBe('');
    expect(ed.view().candidates).toContain('SELECT');
    expect(ed.view().candidates).toContain('\\help');
  });
});
