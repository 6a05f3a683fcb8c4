/**
 * The Nexmark generator's string fields (StringsGenerator, the channel/URL cache, the padding `extra`),
 * drawn from a java.util.Random so lengths and choices follow the per-event random stream exactly.
 *
 * Strings are the costly part of generation, so what the spec leaves free is pooled:
 *  - `extra`: the spec fixes only its length (nextExtra). By default the content is a slice of one fixed
 *    pool of nextExactString characters at a random offset (a V8 sliced string: O(1), no copy);
 *    `exact: true` builds nextExactString character by character as the JVM generators do.
 *  - channel URLs: Flink builds them from an unseeded Random and caches one per channel; here each
 *    channel's URL comes from a Random seeded by the channel number, built once and shared.
 */
import { JavaRandom } from './java-random.js';

const MIN_STRING_LENGTH = 3;

/** Scratch char codes (nextString: < 100; extra: < 500): one fromCharCode call instead of a chain of concats. */
const CODES = new Uint16Array(128);
const EXACT_CODES = new Uint16Array(512);

/** StringsGenerator.nextString(random, maxLength, special): 3..maxLength-1 chars, then Java trim(). */
export function nextString(r: JavaRandom, maxLength: number, special = ' '): string {
  const len = MIN_STRING_LENGTH + r.nextIntBounded(maxLength - MIN_STRING_LENGTH);
  const sp = special.charCodeAt(0);
  for (let i = 0; i < len; i++) {
    CODES[i] = r.nextIntBounded(13) === 0 ? sp : 97 + r.nextIntBounded(26);
  }
  // Java's trim() strips chars <= ' ' at both ends; only `special` can be one (when it is a space).
  let from = 0;
  let to = len;
  if (sp <= 32) {
    while (from < to && CODES[from] === sp) from++;
    while (to > from && CODES[to - 1] === sp) to--;
  }
  return String.fromCharCode.apply(null, CODES.subarray(from, to) as unknown as number[]);
}

/**
 * StringsGenerator.nextExactString: 6 chars per nextInt(), 'a' + (rnd % 26) with Java's signed remainder,
 * so characters range over 'H'..'z' (negative rnd gives codes below 'a').
 */
export function nextExactString(r: JavaRandom, length: number): string {
  const codes = length <= EXACT_CODES.length ? EXACT_CODES : new Uint16Array(length);
  let rnd = 0;
  let n = 0;
  for (let i = 0; i < length; i++) {
    if (n === 0) {
      rnd = r.nextInt();
      n = 6;
    }
    codes[i] = 97 + (rnd % 26);
    rnd = (rnd / 26) | 0; // Java int division truncates toward zero
    n--;
  }
  return String.fromCharCode.apply(null, codes.subarray(0, length) as unknown as number[]);
}

/** nextExtra's length: the padding that brings `currentSize` to `avgSize` on average (±20 %). */
export function nextExtraLength(r: JavaRandom, currentSize: number, avgSize: number): number {
  if (currentSize > avgSize) return 0;
  const d = avgSize - currentSize;
  const delta = Math.round(d * 0.2); // Java Math.round(double): floor(x + 0.5), same for x >= 0
  return d - delta + (delta === 0 ? 0 : r.nextIntBounded(2 * delta));
}

/** Pool for `extra` slices: 64 Ki offsets + the longest extra (auction: < 500 chars). */
const POOL_OFFSETS = 65536;
const POOL_LENGTH = POOL_OFFSETS + 512;
let pool: string | undefined;

function extraPool(): string {
  if (pool === undefined) {
    // Built once from a fixed seed with nextExactString, so the pooled characters have the same
    // distribution as the JVM's; the pool is the same for every generator seed (it is padding).
    const parts: string[] = [];
    const r = new JavaRandom(0x4e584d4b);
    for (let done = 0; done < POOL_LENGTH; done += 4096) parts.push(nextExactString(r, 4096));
    pool = parts.join('').slice(0, POOL_LENGTH);
  }
  return pool;
}

/** nextExtra(currentSize, avgSize): exact length; content exact or a pooled slice (see the header). */
export function nextExtra(r: JavaRandom, currentSize: number, avgSize: number, exact: boolean): string {
  const len = nextExtraLength(r, currentSize, avgSize);
  if (exact) return nextExactString(r, len);
  if (len === 0) return '';
  const off = r.nextIntBounded(POOL_OFFSETS); // a power of two: one LCG step, no rejection loop
  return extraPool().substring(off, off + len);
}

// ---- channels and URLs (nexmark-flink BidGenerator) ----

export const HOT_CHANNELS = ['Google', 'Facebook', 'Baidu', 'Apple'] as const;
export const CHANNELS_NUMBER = 10_000;
/** Seeds for the per-channel URL randoms; hot channel i uses URL_SEED - 1 - i. */
const URL_SEED = 0x55524c00;

/** "https://www.nexmark.com/<s>/<s>/<s>/item.htm?query=1", each <s> = nextString(5, '_'). */
function baseUrl(r: JavaRandom): string {
  return (
    'https://www.nexmark.com/' +
    nextString(r, 5, '_') + '/' +
    nextString(r, 5, '_') + '/' +
    nextString(r, 5, '_') + '/' +
    'item.htm?query=1'
  );
}

/** Java's Math.abs(Integer.reverse(i)), including abs(MIN_VALUE) = MIN_VALUE (channel 1). */
export function absReverse32(i: number): number {
  let x = i | 0;
  x = ((x >>> 1) & 0x55555555) | ((x & 0x55555555) << 1);
  x = ((x >>> 2) & 0x33333333) | ((x & 0x33333333) << 2);
  x = ((x >>> 4) & 0x0f0f0f0f) | ((x & 0x0f0f0f0f) << 4);
  x = ((x >>> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8);
  x = (x >>> 16) | (x << 16);
  x |= 0;
  return x < 0 ? -x | 0 : x;
}

/**
 * Channel names and URLs, built on first use and shared by every row that picks them (the spec's
 * cache). A URL depends only on its channel and the generator's seed, so a stream is reproducible.
 */
export class ChannelCache {
  private readonly names: (string | undefined)[] = new Array<string | undefined>(CHANNELS_NUMBER);
  private readonly urls: (string | undefined)[] = new Array<string | undefined>(CHANNELS_NUMBER);
  readonly hotUrls: readonly string[];
  private readonly r = new JavaRandom();

  /** `seed(r, n)` seeds `r` for channel n (the generator's seeding, so URLs vary with its seed). */
  constructor(private readonly seed: (r: JavaRandom, n: number) => void) {
    this.hotUrls = HOT_CHANNELS.map((_, i) => {
      seed(this.r, URL_SEED - 1 - i);
      return baseUrl(this.r);
    });
  }

  name(channel: number): string {
    return this.names[channel] ?? this.fill(channel, 0);
  }

  url(channel: number): string {
    return this.urls[channel] ?? this.fill(channel, 1);
  }

  private fill(channel: number, which: 0 | 1): string {
    this.seed(this.r, URL_SEED + channel);
    let url = baseUrl(this.r);
    // 90 % of channel URLs carry the channel id (Flink: new Random().nextInt(10) > 0).
    if (this.r.nextIntBounded(10) > 0) url += '&channel_id=' + absReverse32(channel);
    const name = 'channel-' + channel;
    this.names[channel] = name;
    this.urls[channel] = url;
    return which === 0 ? name : url;
  }
}
