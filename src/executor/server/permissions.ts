/**
 * The per-message check of a connection's principal (roles in src/security/roles.ts). Runs before every
 * handler, so a handler never does what the token may not; a refusal is `FORBIDDEN` with the request's id.
 */
import { isAdmin, mayQuery, mayReadLate, mayReadView, mayWriteSource, type Principal } from '../../security/index.js';
import type { ClientMessage } from './protocol.js';
import type { Session } from './session.js';

/** Null when `msg` is allowed; otherwise why not. */
export function refusal(s: Session, msg: ClientMessage): string | null {
  const p = s.principal;
  const who = `token '${p.name}' (${p.role})`;
  switch (msg.type) {
    case 'subscribe': {
      const view = s.hub.resolveView(msg.view) ?? msg.view;
      return mayReadView(p, view) ? null : `${who} may not read view '${msg.view}'`;
    }
    case 'query':
      if (!mayQuery(p)) return `${who} may not run ad-hoc queries`;
      return queriesOf(p) >= p.maxQueries ? `${who} already runs ${p.maxQueries} ad-hoc queries, its limit; cancel one first` : null;
    case 'execute':
      return isAdmin(p) ? null : `${who} may not run DDL; that needs an admin token`;
    case 'insert':
      return mayWriteSource(p, msg.source) ? null : `${who} may not write to source '${msg.source}'`;
    case 'late':
      return mayReadLate(p) ? null : `${who} may not read late rows`;
    case 'rejects':
    case 'checkpoint':
      return isAdmin(p) ? null : `${who} may not use '${msg.type}'; that needs an admin token`;
    case 'unsubscribe':
    case 'cancel':
    case 'ping':
    case 'stats':
      return null;
    default:
      return unreachable(msg);
  }
}

function unreachable(x: never): never {
  throw new Error(`unhandled message ${JSON.stringify(x)}`);
}

/** Ad-hoc queries running for `p` over all its connections. */
export function queriesOf(p: Principal): number {
  let n = 0;
  for (const s of liveSessions) if (s.principal === p) n += s.queries.size;
  return n;
}

/** Every open session, for per-token counts across connections. */
export const liveSessions = new Set<Session>();
