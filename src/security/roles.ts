/**
 * Who a request comes from and what it may do (DESIGN §8). A token maps to a principal:
 *
 *   admin       everything: DDL (execute), ad-hoc queries, inserts, subscriptions, late rows, rejects
 *   producer    insert into its `sources` (all when omitted); nothing else but ping/stats
 *   subscriber  subscribe to its `views` (all when omitted), optionally bound to a row filter `where`
 *               (a user's token only ever receives that user's rows); ad-hoc queries only when it has
 *               neither a views list nor a where (they could read any source)
 *
 * Checked per websocket message and per HTTP route. Tokens are compared as SHA-256 digests with
 * timingSafeEqual against every configured token, so the time taken does not depend on which one matched.
 * `files: true` lets an admin token's SQL name file sources (still only under the file roots).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export type Role = 'admin' | 'producer' | 'subscriber';
export type FilterValue = string | number | boolean;

export interface TokenConfig {
  readonly name: string;
  readonly token: string;
  readonly role: Role;
  readonly sources?: readonly string[];
  readonly views?: readonly string[];
  readonly where?: Readonly<Record<string, FilterValue>>;
  readonly files?: boolean;
  readonly maxQueries?: number;
}

export interface Principal {
  readonly name: string;
  readonly role: Role;
  /** Lower-cased names; null = all. */
  readonly sources: ReadonlySet<string> | null;
  readonly views: ReadonlySet<string> | null;
  readonly where: Readonly<Record<string, FilterValue>> | null;
  readonly files: boolean;
  /** Ad-hoc queries this principal may have running at once, over all its connections. */
  readonly maxQueries: number;
}

/** What a connection without configured tokens is: the local user, with every right except naming files over the network. */
export const ANONYMOUS_ADMIN: Principal = { name: 'anonymous', role: 'admin', sources: null, views: null, where: null, files: false, maxQueries: 10 };

export const DEFAULT_MAX_QUERIES = 10;

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

function lowerSet(names: readonly string[] | undefined): ReadonlySet<string> | null {
  return names === undefined ? null : new Set(names.map((n) => n.toLowerCase()));
}

export function principalOf(t: TokenConfig): Principal {
  return {
    name: t.name,
    role: t.role,
    sources: lowerSet(t.sources),
    views: lowerSet(t.views),
    where: t.where && Object.keys(t.where).length > 0 ? t.where : null,
    files: t.role === 'admin' && t.files === true,
    maxQueries: t.maxQueries ?? (t.role === 'producer' ? 0 : DEFAULT_MAX_QUERIES),
  };
}

export interface Authenticator {
  /** True when some token is required. */
  readonly required: boolean;
  /** The principal for a presented token (null: none presented); undefined when it is refused. */
  authenticate(presented: string | null): Principal | undefined;
}

/**
 * `single` is the legacy `server.token` (an admin); `tokens` the role list. With neither, every
 * connection is the anonymous admin (the server refuses to listen beyond loopback in that case, binding.ts).
 */
export function makeAuthenticator(single: string | undefined, tokens: readonly TokenConfig[]): Authenticator {
  const entries = tokens.map((t) => ({ digest: digest(t.token), principal: principalOf(t) }));
  if (single !== undefined && single !== '') entries.push({ digest: digest(single), principal: { ...ANONYMOUS_ADMIN, name: 'token' } });
  if (entries.length === 0) return { required: false, authenticate: () => ANONYMOUS_ADMIN };
  return {
    required: true,
    authenticate(presented) {
      // Hash even when nothing was presented and compare against every entry, so timing says nothing.
      const given = digest(presented ?? '');
      let found: Principal | undefined;
      for (const e of entries) if (timingSafeEqual(given, e.digest) && found === undefined) found = e.principal;
      return presented === null ? undefined : found;
    },
  };
}

export function mayReadView(p: Principal, view: string): boolean {
  if (p.role === 'producer') return false;
  return p.views === null || p.views.has(view.toLowerCase());
}

export function mayWriteSource(p: Principal, source: string): boolean {
  if (p.role === 'subscriber') return false;
  return p.sources === null || p.sources.has(source.toLowerCase());
}

/** Ad-hoc SELECTs read sources directly, so only principals that may read everything run them. */
export function mayQuery(p: Principal): boolean {
  return p.role === 'admin' || (p.role === 'subscriber' && p.views === null && p.where === null);
}

/** Late rows are rows of a view's inputs; a principal bound to a filter or a view list must not see them. */
export function mayReadLate(p: Principal): boolean {
  return mayQuery(p);
}

export function isAdmin(p: Principal): boolean {
  return p.role === 'admin';
}
