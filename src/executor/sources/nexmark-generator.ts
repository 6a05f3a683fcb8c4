/**
 * Deterministic Nexmark event generator, per /work/shared/nexmark/generator-spec.json (nexmark-flink's
 * generator, single generator: numEventGenerators = 1).
 *
 *   event number n ──► adjusted n' (out-of-order groups) ──► event id = firstEventId + n'
 *   kind   = id % 50:  0 → person,  1..3 → auction,  4..49 → bid              (proportions 1 : 3 : 46)
 *   time   = baseTime + floor(floor(n' * interEventDelayUs) / 1000) ms,  interEventDelayUs = 1e6 / rate
 *   fields = drawn from java.util.Random seeded by the event id (Beam's scheme), in nexmark-flink's draw
 *            order, so each event depends only on (id, seed): generating only bids walks the ids and skips
 *            the others for the price of a modulo, and the bids equal those of the full stream.
 *
 * With seed 0 (default) the per-event Random is exactly `new Random(eventId)`: every field (and with
 * `exactExtra` every character) matches a JVM generator seeded that way (checked over 1.5 M events
 * against nexmark-flink's draw order re-run on OpenJDK 17 with java.util.Random(eventId)). Another seed seeds each event's Random from a hash of (eventId, seed) instead, which is
 * also statistically better: `new Random(n)` for consecutive n has correlated first draws, so hot-id
 * shares drift by a few percent over stretches of thousands of events (as in Beam).
 * Deliberate choices (the spec is silent or the JVM is non-deterministic):
 *  - channel URLs come from a Random seeded by the channel number (Flink uses an unseeded Random);
 *  - `extra` content is a slice of a fixed pool unless `exactExtra` (its length is exact either way);
 *  - bidder = base id + 1000 once (Beam, nexmark-rs); `flinkBidderQuirk` adds FIRST_PERSON_ID twice as
 *    nexmark-flink does.
 * The watermark (date_time − 4 s) is the engine's WATERMARK clause; `watermark` here is the generator's
 * own bound: no later event has an earlier timestamp (it differs from the timestamp only when
 * outOfOrderGroupSize > 1).
 */
import { JavaRandom, fmix32, seedHashed } from './java-random.js';
import { ChannelCache, HOT_CHANNELS, CHANNELS_NUMBER, nextExtra, nextString } from './nexmark-strings.js';

export type NexmarkTable = 'person' | 'auction' | 'bid';

/** Event kind codes, as in the spec's event_type_codes (also the tags of `nextBatch(null, ...)`). */
export const PERSON = 0;
export const AUCTION = 1;
export const BID = 2;

export interface NexmarkColumn {
  readonly name: string;
  readonly type: 'BIGINT' | 'VARCHAR' | 'TIMESTAMP(3)';
}

const col = (name: string, type: NexmarkColumn['type']): NexmarkColumn => ({ name, type });

/** Column order of the generated rows (TIMESTAMP(3) values are epoch-ms numbers, BIGINT are numbers). */
export const NEXMARK_SCHEMAS: Readonly<Record<NexmarkTable, readonly NexmarkColumn[]>> = {
  person: [
    col('id', 'BIGINT'), col('name', 'VARCHAR'), col('email_address', 'VARCHAR'), col('credit_card', 'VARCHAR'),
    col('city', 'VARCHAR'), col('state', 'VARCHAR'), col('date_time', 'TIMESTAMP(3)'), col('extra', 'VARCHAR'),
  ],
  auction: [
    col('id', 'BIGINT'), col('item_name', 'VARCHAR'), col('description', 'VARCHAR'), col('initial_bid', 'BIGINT'),
    col('reserve', 'BIGINT'), col('date_time', 'TIMESTAMP(3)'), col('expires', 'TIMESTAMP(3)'),
    col('seller', 'BIGINT'), col('category', 'BIGINT'), col('extra', 'VARCHAR'),
  ],
  bid: [
    col('auction', 'BIGINT'), col('bidder', 'BIGINT'), col('price', 'BIGINT'), col('channel', 'VARCHAR'),
    col('url', 'VARCHAR'), col('date_time', 'TIMESTAMP(3)'), col('extra', 'VARCHAR'),
  ],
};

/** Column positions in bid rows, for hot loops that read generated rows. */
export const BID_COL = { auction: 0, bidder: 1, price: 2, channel: 3, url: 4, date_time: 5, extra: 6 } as const;

export interface NexmarkConfig {
  /** 0 (default) = `new Random(eventId)` per event, as Beam. */
  readonly seed?: number;
  /** Rate that spaces the event timestamps (events of all kinds per second). Default 10 000. */
  readonly eventsPerSecond?: number;
  /** Timestamp of event number 0, epoch ms. Default 2026-01-01T00:00:00Z. */
  readonly baseTime?: number;
  /** Events (of all kinds) to generate; default unbounded. */
  readonly maxEvents?: number;
  /** Event id of event number 0 (ids drive kinds and fields, not timestamps). Default 0. */
  readonly firstEventId?: number;
  /** Events are shuffled within groups of this size (timestamps with them). Default 1 = in order. */
  readonly outOfOrderGroupSize?: number;
  /** Build `extra` as nextExactString (slow) instead of pooled slices. Default false. */
  readonly exactExtra?: boolean;
  /** nexmark-flink adds FIRST_PERSON_ID to bid.bidder twice. Default false (spec rule: once). */
  readonly flinkBidderQuirk?: boolean;
}

export const DEFAULT_BASE_TIME = Date.UTC(2026, 0, 1);

// Spec constants (generator-spec.json).
const PERSON_PROPORTION = 1;
const AUCTION_PROPORTION = 3;
const TOTAL_PROPORTION = 50;
const FIRST_PERSON_ID = 1000;
const FIRST_AUCTION_ID = 1000;
const FIRST_CATEGORY_ID = 10;
const PERSON_ID_LEAD = 10;
const AUCTION_ID_LEAD = 10;
const NUM_CATEGORIES = 5;
const HOT_AUCTION_RATIO_CFG = 2; // P(hot auction) = 1 − 1/2
const HOT_BIDDERS_RATIO_CFG = 4; // P(hot bidder) = 1 − 1/4
const HOT_SELLERS_RATIO_CFG = 4; // P(hot seller) = 1 − 1/4
const HOT_RATIO = 100; // hot id = (lastId / 100) * 100
const NUM_IN_FLIGHT_AUCTIONS = 100;
const NUM_ACTIVE_PEOPLE = 1000;
const AVG_PERSON_BYTES = 200;
const AVG_AUCTION_BYTES = 500;
const AVG_BID_BYTES = 100;
/** Events until numInFlightAuctions more auctions exist: 100 * 50 / 3 (long division) = 1666. */
const AUCTION_HORIZON_EVENTS = Math.floor((NUM_IN_FLIGHT_AUCTIONS * TOTAL_PROPORTION) / AUCTION_PROPORTION);

const FIRST_NAMES = ['Peter', 'Paul', 'Luke', 'John', 'Saul', 'Vicky', 'Kate', 'Julie', 'Sarah', 'Deiter', 'Walter'];
const LAST_NAMES = ['Shultz', 'Abrams', 'Spencer', 'White', 'Bartels', 'Walton', 'Smith', 'Jones', 'Noris'];
const US_CITIES = ['Phoenix', 'Los Angeles', 'San Francisco', 'Boise', 'Portland', 'Bend', 'Redmond', 'Seattle', 'Kent', 'Cheyenne'];
const US_STATES = ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY'];

/** Event kind of an event id (spec event_type_rule). */
export function eventKind(eventId: number): number {
  const rem = eventId % TOTAL_PROPORTION;
  return rem < PERSON_PROPORTION ? PERSON : rem < PERSON_PROPORTION + AUCTION_PROPORTION ? AUCTION : BID;
}

/** Last person id (base 0) that exists when event `eventId` is generated (its own id for a person). */
export function lastBase0PersonId(eventId: number): number {
  // 1 person per epoch of 50: floor(id / 50) whatever the offset.
  return Math.floor(eventId / TOTAL_PROPORTION);
}

/** Last auction id (base 0) that exists when event `eventId` is generated (its own id for an auction). */
export function lastBase0AuctionId(eventId: number): number {
  let epoch = Math.floor(eventId / TOTAL_PROPORTION);
  let offset = eventId % TOTAL_PROPORTION;
  if (offset < PERSON_PROPORTION) {
    epoch--; // about to generate a person: the last auction of the previous epoch
    offset = AUCTION_PROPORTION - 1;
  } else if (offset >= PERSON_PROPORTION + AUCTION_PROPORTION) {
    offset = AUCTION_PROPORTION - 1; // a bid: the last auction of this epoch
  } else {
    offset -= PERSON_PROPORTION;
  }
  return epoch * AUCTION_PROPORTION + offset;
}

function nextBase0PersonId(eventId: number, r: JavaRandom): number {
  const numPeople = lastBase0PersonId(eventId) + 1;
  const active = Math.min(numPeople, NUM_ACTIVE_PEOPLE);
  return numPeople - active + r.nextIntBounded(active + PERSON_ID_LEAD);
}

function nextBase0AuctionId(eventId: number, r: JavaRandom): number {
  const max = lastBase0AuctionId(eventId);
  const min = Math.max(max - NUM_IN_FLIGHT_AUCTIONS, 0);
  return min + r.nextIntBounded(max - min + 1 + AUCTION_ID_LEAD);
}

/** 10^(6 i / 4096), i = 0..4096: the coarse factor of fastPrice. */
const POW10_TABLE = Float64Array.from({ length: 4097 }, (_, i) => Math.pow(10.0, (6 * i) / 4096));
const SIX_LN10_BY_4096 = (6 * Math.LN10) / 4096;

/**
 * PriceGenerator.nextPrice: round(10^(U*6) * 100), log-uniform cents in 100 .. 100 000 000.
 * Math.pow was a quarter of bid generation, so 10^(6u) = table[⌊4096u⌋] · e^z (z < 0.0034, 5-term
 * Taylor series): a few ulps from Math.pow, i.e. < 1e-6 cents. Only a value within 1e-5 of a .5 boundary
 * could round differently, and that case (≈ 2e-5 of bids) recomputes with Math.pow, so the result is
 * always exactly Math.round(Math.pow(10, u * 6) * 100) as in the JVM.
 */
function nextPrice(r: JavaRandom): number {
  const u = r.nextDouble();
  const w = u * 4096;
  const i = Math.floor(w);
  const z = (w - i) * SIX_LN10_BY_4096;
  const e = 1 + z * (1 + z * (0.5 + z * (1 / 6 + z * (1 / 24 + z * (1 / 120)))));
  const y = POW10_TABLE[i]! * e * 100.0;
  const f = y - Math.floor(y);
  if (f > 0.49999 && f < 0.50001) return Math.round(Math.pow(10.0, u * 6.0) * 100.0);
  return Math.round(y);
}

/** LongGenerator.nextLong(n): nextInt below Integer.MAX_VALUE, else |nextLong() % n| (skewed, as Java). */
function nextLongBounded(r: JavaRandom, n: number): number {
  if (n < 2147483647) return r.nextIntBounded(n);
  const v = r.nextLong() % BigInt(n);
  return Number(v < 0n ? -v : v);
}

function pad4(n: number): string {
  return n < 10 ? '000' + n : n < 100 ? '00' + n : n < 1000 ? '0' + n : '' + n;
}

/**
 * How a per-event (or per-channel) Random is seeded: seed 0 → `new Random(n)` exactly (Beam's scheme,
 * JVM-identical values); any other seed → a hash of (n, seed), which also removes the correlation that
 * `new Random(n)` has between consecutive n.
 */
export type Seeder = (r: JavaRandom, n: number) => void;

function makeSeeder(seed: number): Seeder {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  if (seed === 0) return (r, n) => r.setSeed(n);
  const k1 = fmix32((seed | 0) ^ Math.imul(Math.floor(seed / 4294967296) | 0, 0x9e3779b1) ^ 0x2545f491);
  const k2 = fmix32(k1 ^ 0x68e31da4);
  return (r, n) => seedHashed(r, n, k1, k2);
}

export class NexmarkGenerator {
  private readonly seeder: Seeder;
  readonly eventsPerSecond: number;
  private readonly interEventDelayUs: number;
  readonly baseTime: number;
  readonly maxEvents: number;
  readonly firstEventId: number;
  readonly outOfOrderGroupSize: number;
  private readonly exactExtra: boolean;
  private readonly bidderOffset: number;
  private readonly rng = new JavaRandom();
  private readonly channels: ChannelCache;
  /** Events consumed so far (the next event number). */
  private count = 0;

  constructor(cfg: NexmarkConfig = {}) {
    this.eventsPerSecond = cfg.eventsPerSecond ?? 10_000;
    if (!(this.eventsPerSecond > 0)) throw new RangeError(`eventsPerSecond must be > 0, got ${this.eventsPerSecond}`);
    const g = cfg.outOfOrderGroupSize ?? 1;
    if (!Number.isInteger(g) || g < 1) throw new RangeError(`outOfOrderGroupSize must be an integer >= 1, got ${g}`);
    this.outOfOrderGroupSize = g;
    // Flink: 1000000.0 / firstEventRate * numEventGenerators, with one generator.
    this.interEventDelayUs = (1_000_000.0 / this.eventsPerSecond) * 1;
    this.baseTime = cfg.baseTime ?? DEFAULT_BASE_TIME;
    this.maxEvents = cfg.maxEvents ?? Infinity;
    this.firstEventId = cfg.firstEventId ?? 0;
    this.exactExtra = cfg.exactExtra ?? false;
    this.bidderOffset = cfg.flinkBidderQuirk === true ? 2 * FIRST_PERSON_ID : FIRST_PERSON_ID;
    this.seeder = makeSeeder(cfg.seed ?? 0);
    this.channels = new ChannelCache(this.seeder);
  }

  /** Events (of all kinds) consumed so far. */
  get eventsGenerated(): number {
    return this.count;
  }

  done(): boolean {
    return this.count >= this.maxEvents;
  }

  /**
   * Makes event number `eventNumber` the next one generated (resume after a checkpoint). Each event
   * depends only on its number and the seed, so the rows that follow equal those of an uninterrupted run.
   */
  seek(eventNumber: number): void {
    if (!Number.isSafeInteger(eventNumber) || eventNumber < 0) throw new RangeError(`event number must be an integer >= 0, got ${eventNumber}`);
    this.count = eventNumber;
  }

  /** Event-time of event number n (after out-of-order adjustment), epoch ms. */
  timestampForEvent(n: number): number {
    // Java: baseTime + (long)(n * interEventDelayUs) / 1000L — both truncations (n >= 0).
    return this.baseTime + Math.floor(Math.floor(n * this.interEventDelayUs) / 1000);
  }

  /** Event number n shuffled within its out-of-order group: (n / g) * g + (n * 953) % g. */
  adjustedEventNumber(n: number): number {
    const g = this.outOfOrderGroupSize;
    return g === 1 ? n : Math.floor(n / g) * g + ((n * 953) % g);
  }

  /** No event after the ones already generated has an earlier timestamp than this (epoch ms). */
  get watermark(): number {
    const g = this.outOfOrderGroupSize;
    return this.timestampForEvent(Math.floor(this.count / g) * g);
  }

  /**
   * Generates from the next events and appends rows to `out`: only rows of `table`, or, with `table`
   * null, rows of every table in event order (their lengths differ: person 8, auction 10, bid 7), with
   * each row's kind code (PERSON/AUCTION/BID) pushed to `kinds` when given. Stops after `maxRows` rows
   * or at maxEvents. Returns the number of events consumed (including skipped ones).
   */
  nextBatch(table: NexmarkTable | null, maxRows: number, out: unknown[][], kinds?: number[]): number {
    const want = table === null ? -1 : table === 'person' ? PERSON : table === 'auction' ? AUCTION : BID;
    const start = this.count;
    const end = this.maxEvents;
    const g = this.outOfOrderGroupSize;
    const firstId = this.firstEventId;
    let n = start;
    let rows = 0;
    while (rows < maxRows && n < end) {
      const num = g === 1 ? n : this.adjustedEventNumber(n);
      const id = firstId + num;
      n++;
      const rem = id % TOTAL_PROPORTION;
      const kind = rem < PERSON_PROPORTION ? PERSON : rem < PERSON_PROPORTION + AUCTION_PROPORTION ? AUCTION : BID;
      if (want !== -1 && kind !== want) continue;
      const ts = this.timestampForEvent(num);
      out.push(kind === BID ? this.bid(id, ts) : kind === AUCTION ? this.auction(id, num, ts) : this.person(id, ts));
      if (kinds !== undefined) kinds.push(kind);
      rows++;
    }
    this.count = n;
    return n - start;
  }

  /** The row of one event, by its event number (random access; does not move the generator). */
  eventAt(eventNumber: number): { kind: number; row: unknown[] } {
    const num = this.adjustedEventNumber(eventNumber);
    const id = this.firstEventId + num;
    const kind = eventKind(id);
    const ts = this.timestampForEvent(num);
    const row = kind === BID ? this.bid(id, ts) : kind === AUCTION ? this.auction(id, num, ts) : this.person(id, ts);
    return { kind, row };
  }

  private seedFor(eventId: number): JavaRandom {
    this.seeder(this.rng, eventId);
    return this.rng;
  }

  /** nexmark-flink BidGenerator.nextBid, draws in its order. */
  private bid(eventId: number, ts: number): unknown[] {
    const r = this.seedFor(eventId);
    let auction: number;
    if (r.nextIntBounded(HOT_AUCTION_RATIO_CFG) > 0) {
      auction = Math.floor(lastBase0AuctionId(eventId) / HOT_RATIO) * HOT_RATIO;
    } else {
      auction = nextBase0AuctionId(eventId, r);
    }
    auction += FIRST_AUCTION_ID;
    let bidder: number;
    if (r.nextIntBounded(HOT_BIDDERS_RATIO_CFG) > 0) {
      // +1 so the hot bidder is not the hot seller of the same batch of people.
      bidder = Math.floor(lastBase0PersonId(eventId) / HOT_RATIO) * HOT_RATIO + 1;
    } else {
      bidder = nextBase0PersonId(eventId, r);
    }
    bidder += this.bidderOffset;
    const price = nextPrice(r);
    let channel: string;
    let url: string;
    if (r.nextIntBounded(2) > 0) {
      const i = r.nextIntBounded(HOT_CHANNELS.length);
      channel = HOT_CHANNELS[i]!;
      url = this.channels.hotUrls[i]!;
    } else {
      const c = r.nextIntBounded(CHANNELS_NUMBER);
      channel = this.channels.name(c);
      url = this.channels.url(c);
    }
    const extra = nextExtra(r, 8 + 8 + 8 + 8, AVG_BID_BYTES, this.exactExtra);
    return [auction, bidder, price, channel, url, ts, extra];
  }

  /** nexmark-flink AuctionGenerator.nextAuction (non-extended mode), draws in its order. */
  private auction(eventId: number, eventNumber: number, ts: number): unknown[] {
    const r = this.seedFor(eventId);
    const id = lastBase0AuctionId(eventId) + FIRST_AUCTION_ID;
    let seller: number;
    if (r.nextIntBounded(HOT_SELLERS_RATIO_CFG) > 0) {
      seller = Math.floor(lastBase0PersonId(eventId) / HOT_RATIO) * HOT_RATIO;
    } else {
      seller = nextBase0PersonId(eventId, r);
    }
    seller += FIRST_PERSON_ID;
    const category = FIRST_CATEGORY_ID + r.nextIntBounded(NUM_CATEGORIES);
    const initialBid = nextPrice(r);
    // Mean auction length = time to generate the next ~numInFlightAuctions auctions.
    const horizonMs = this.timestampForEvent(eventNumber + AUCTION_HORIZON_EVENTS) - ts;
    const expires = ts + 1 + nextLongBounded(r, Math.max(horizonMs * 2, 1));
    const itemName = nextString(r, 20);
    const description = nextString(r, 100);
    const reserve = initialBid + nextPrice(r);
    const size = 8 + itemName.length + description.length + 8 + 8 + 8 + 8 + 8;
    const extra = nextExtra(r, size, AVG_AUCTION_BYTES, this.exactExtra);
    return [id, itemName, description, initialBid, reserve, ts, expires, seller, category, extra];
  }

  /** nexmark-flink PersonGenerator.nextPerson, draws in its order. */
  private person(eventId: number, ts: number): unknown[] {
    const r = this.seedFor(eventId);
    const id = lastBase0PersonId(eventId) + FIRST_PERSON_ID;
    const name = FIRST_NAMES[r.nextIntBounded(FIRST_NAMES.length)]! + ' ' + LAST_NAMES[r.nextIntBounded(LAST_NAMES.length)]!;
    const email = nextString(r, 7) + '@' + nextString(r, 5) + '.com';
    let card = pad4(r.nextIntBounded(10000));
    for (let i = 1; i < 4; i++) card += ' ' + pad4(r.nextIntBounded(10000));
    const city = US_CITIES[r.nextIntBounded(US_CITIES.length)]!;
    const state = US_STATES[r.nextIntBounded(US_STATES.length)]!;
    const size = 8 + name.length + email.length + card.length + city.length + state.length;
    const extra = nextExtra(r, size, AVG_PERSON_BYTES, this.exactExtra);
    return [id, name, email, card, city, state, ts, extra];
  }
}
