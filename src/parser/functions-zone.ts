/**
 * CONVERT_TZ(text, from_zone, to_zone), as Flink's: a date-time text ('yyyy-MM-dd HH:mm:ss') read as a
 * wall-clock time in `from_zone` and written as the same instant's wall-clock time in `to_zone`:
 * CONVERT_TZ('1970-01-01 00:00:00', 'UTC', 'America/Los_Angeles') = '1969-12-31 16:00:00'.
 *
 * Zones as Java's TimeZone names them: region ids ('Europe/Berlin', from the ICU data Node ships),
 * 'UTC' / 'GMT', offsets 'GMT+08:00' / 'GMT-8' / '+08:00', and Java's three-letter ids ('PST', 'JST',
 * fixed 'EST', 'MST', 'HST'). Java reads a zone it does not know as GMT, silently; here that is an error
 * when the zone is a constant, and NULL when it comes from a row. Everything else is tumbleql's UTC.
 */
import { fail } from './diagnostics.js';
import { callOf, constOf, fnDef, type FnDef } from './functions-core.js';
import { parseTimestamp } from './functions-datetime.js';
import { T } from './types.js';

/** Java's ZoneId.SHORT_IDS (which TimeZone.getTimeZone also reads). */
const SHORT_IDS: Readonly<Record<string, string>> = {
  ACT: 'Australia/Darwin', AET: 'Australia/Sydney', AGT: 'America/Argentina/Buenos_Aires', ART: 'Africa/Cairo',
  AST: 'America/Anchorage', BET: 'America/Sao_Paulo', BST: 'Asia/Dhaka', CAT: 'Africa/Harare', CNT: 'America/St_Johns',
  CST: 'America/Chicago', CTT: 'Asia/Shanghai', EAT: 'Africa/Addis_Ababa', ECT: 'Europe/Paris', IET: 'America/Indiana/Indianapolis',
  IST: 'Asia/Kolkata', JST: 'Asia/Tokyo', MIT: 'Pacific/Apia', NET: 'Asia/Yerevan', NST: 'Pacific/Auckland',
  PLT: 'Asia/Karachi', PNT: 'America/Phoenix', PRT: 'America/Puerto_Rico', PST: 'America/Los_Angeles',
  SST: 'Pacific/Guadalcanal', VST: 'Asia/Ho_Chi_Minh', EST: '-05:00', MST: '-07:00', HST: '-10:00',
};

/** A zone: its offset from UTC in ms at an instant. */
type Zone = (instant: number) => number;

const zones = new Map<string, Zone | null>();

/** The zone named `id`, or null when Java would not know it. */
export function zoneOf(id: string): Zone | null {
  let z = zones.get(id);
  if (z === undefined) {
    z = makeZone(id);
    if (zones.size >= 256) zones.clear();
    zones.set(id, z);
  }
  return z;
}

function fixed(sign: string, h: string, m: string | undefined): Zone | null {
  const hours = Number(h);
  const minutes = m === undefined ? 0 : Number(m);
  if (hours > 23 || minutes > 59) return null;
  const ms = (sign === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000;
  return () => ms;
}

function makeZone(id: string): Zone | null {
  const upper = id.toUpperCase();
  if (upper === 'UTC' || upper === 'GMT' || upper === 'Z' || upper === 'UT') return () => 0;
  const offset = /^(?:GMT|UTC)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(id);
  if (offset) return fixed(offset[1]!, offset[2]!, offset[3]);
  const short = SHORT_IDS[id];
  if (short !== undefined) return short.startsWith('-') ? fixed('-', short.slice(1, 3), short.slice(4)) : makeZone(short);
  if (!id.includes('/')) return null;
  let f: Intl.DateTimeFormat;
  try {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: id, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
    });
  } catch {
    return null;
  }
  return (instant) => {
    const p: Record<string, string> = {};
    for (const part of f.formatToParts(new Date(instant))) p[part.type] = part.value;
    const year = p['era'] === 'BC' ? 1 - Number(p['year']) : Number(p['year']);
    const wall = Date.UTC(year, Number(p['month']) - 1, Number(p['day']), Number(p['hour']), Number(p['minute']), Number(p['second']));
    return wall - (instant - (((instant % 1000) + 1000) % 1000));
  };
}

/** The instant whose wall-clock time in `zone` is `wall` (ms, read as UTC fields). */
function instantOf(zone: Zone, wall: number): number {
  const guess = wall - zone(wall);
  return wall - zone(guess);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
function formatWall(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function convertTz(text: string, from: string, to: string): string | null {
  const wall = parseTimestamp(text);
  const a = zoneOf(from);
  const b = zoneOf(to);
  if (wall === null || a === null || b === null) return null;
  const instant = instantOf(a, wall);
  return formatWall(instant + b(instant));
}

const convertTzFn: FnDef = (() => {
  const base = fnDef('CONVERT_TZ', ['string', 'string', 'string'], T.varchar(false), callOf(convertTz), { mayBeNull: true });
  return {
    ...base,
    check(args, site) {
      for (const i of [1, 2]) {
        const z = constOf(args[i]);
        if (typeof z === 'string' && zoneOf(z) === null) {
          fail('INVALID_LITERAL', `unknown time zone '${z}': expected a region such as 'America/Los_Angeles', 'UTC', an offset such as 'GMT+08:00', or a short id such as 'PST'`, site.argPos[i] ?? site.pos);
        }
      }
      return base.check(args, site);
    },
  };
})();

export const ZONE_FUNCTIONS: readonly FnDef[] = [convertTzFn];
