/**
 * Encodings and hashes of text and numbers, as Flink's: TO_BASE64 / FROM_BASE64, MD5, SHA1, SHA224,
 * SHA256, SHA384, SHA512, SHA2(s, bits), HEX, BIN, URL_ENCODE / URL_DECODE, ASCII, CHR. Text is taken as
 * its UTF-8 bytes (Flink's strings are UTF-8); hashes are lower-case hex, HEX upper-case, as Flink
 * prints them. Input that does not decode (FROM_BASE64 of text that is not base64, URL_DECODE of a
 * broken %-escape) gives NULL: Flink 2's URL_DECODE does so, and a continuous query does not stop on
 * one bad value.
 */
import { createHash } from 'node:crypto';
import { fail } from './diagnostics.js';
import { callOf, checkArg, checkArity, constOf, fnDef, isNull, show, type FnDef } from './functions-core.js';
import { isIntegral, T } from './types.js';

const str = T.varchar(false);

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const toBase64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
function fromBase64(s: string): string | null {
  if (!BASE64.test(s)) return null;
  return Buffer.from(s, 'base64').toString('utf8');
}

const hashOf = (algorithm: string) => (s: string): string => createHash(algorithm).update(s, 'utf8').digest('hex');
const SHA2_BITS: Readonly<Record<number, string>> = { 224: 'sha224', 256: 'sha256', 384: 'sha384', 512: 'sha512' };
function sha2(s: string, bits: number): string | null {
  const algorithm = SHA2_BITS[bits];
  return algorithm === undefined ? null : createHash(algorithm).update(s, 'utf8').digest('hex');
}

/** Java's Long.toHexString / toBinaryString: a negative number as its 64-bit two's complement. */
function radix(n: number, base: 2 | 16): string {
  const v = BigInt(Math.trunc(n));
  return (v < 0n ? BigInt.asUintN(64, v) : v).toString(base);
}
const bin = (n: number): string => radix(n, 2);
const hexNumber = (n: number): string => radix(n, 16).toUpperCase();
const hexText = (s: string): string => Buffer.from(s, 'utf8').toString('hex').toUpperCase();

/** Java's URLEncoder.encode(s, UTF-8): letters, digits and . - * _ stay, a space is '+', the rest %XX. */
function urlEncode(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9.\-*_]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Java's URLDecoder.decode(s, UTF-8): '+' is a space, %XX a byte; a broken escape gives NULL. */
function urlDecode(s: string): string | null {
  const bytes: number[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '+') {
      bytes.push(32);
      i++;
    } else if (c === '%') {
      const h = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(h)) return null;
      bytes.push(parseInt(h, 16));
      i += 3;
    } else {
      let j = i;
      while (j < s.length && s[j] !== '+' && s[j] !== '%') j++;
      for (const b of Buffer.from(s.slice(i, j), 'utf8')) bytes.push(b);
      i = j;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Flink's ASCII: the code of the first character, 0 for ''. */
const ascii = (s: string): number => (s.length === 0 ? 0 : s.charCodeAt(0));
/** Flink's CHR: the character of code n mod 256; '' for a negative n. */
const chr = (n: number): string => (n < 0 ? '' : String.fromCharCode(Math.trunc(n) % 256));

/** SHA2(s, bits): a constant length must be one of 224, 256, 384, 512. */
const sha2Fn: FnDef = (() => {
  const base = fnDef('SHA2', ['string', 'integer'], str, callOf(sha2), { mayBeNull: true });
  return {
    ...base,
    check(args, site) {
      const bits = constOf(args[1]);
      if (typeof bits === 'number' && SHA2_BITS[bits] === undefined) fail('INVALID_LITERAL', `SHA2 takes a length of 224, 256, 384 or 512 bits, got ${bits}`, site.argPos[1] ?? site.pos);
      return base.check(args, site);
    },
  };
})();

/** HEX(n) of an integer, or HEX(s) of text (its UTF-8 bytes). */
const hexFn: FnDef = {
  name: 'HEX',
  check(args, site) {
    checkArity(args, 1, 1, site);
    const t = args[0]!.type;
    if (!isNull(t) && !isIntegral(t) && t.name !== 'VARCHAR') {
      fail('TYPE_MISMATCH', `HEX expects an integer (INT or BIGINT) or VARCHAR, got ${show(t)}`, site.argPos[0] ?? site.pos);
    }
    return { args, type: T.varchar(t.nullable) };
  },
  impl: (call) => {
    const text = call.args[0]!.type.name === 'VARCHAR';
    return (a, cg) => `${cg.fn(text ? hexText : hexNumber)}(${a[0]})`;
  },
};

export const ENCODING_FUNCTIONS: readonly FnDef[] = [
  fnDef('TO_BASE64', ['string'], str, callOf(toBase64)),
  fnDef('FROM_BASE64', ['string'], str, callOf(fromBase64), { mayBeNull: true }),
  fnDef('MD5', ['string'], str, callOf(hashOf('md5'))),
  fnDef('SHA1', ['string'], str, callOf(hashOf('sha1'))),
  fnDef('SHA224', ['string'], str, callOf(hashOf('sha224'))),
  fnDef('SHA256', ['string'], str, callOf(hashOf('sha256'))),
  fnDef('SHA384', ['string'], str, callOf(hashOf('sha384'))),
  fnDef('SHA512', ['string'], str, callOf(hashOf('sha512'))),
  sha2Fn,
  hexFn,
  fnDef('BIN', ['integer'], str, callOf(bin)),
  fnDef('URL_ENCODE', ['string'], str, callOf(urlEncode)),
  fnDef('URL_DECODE', ['string'], str, callOf(urlDecode), { mayBeNull: true }),
  fnDef('ASCII', ['string'], T.int(false), callOf(ascii)),
  fnDef('CHR', ['integer'], str, callOf(chr)),
];

