// Verifiable encrypted ballots: exponential ElGamal over ristretto255 with zero-knowledge proofs.
//
// The protocol is the Belenios specification's (https://www.belenios.org/specification.pdf, "Ballots"):
// each choice is a ciphertext of 0 or 1 with an "individual" disjunctive Chaum-Pedersen proof, each
// question an "overall" proof that the sum of its ciphertexts lies in min..max, Fiat-Shamir challenges
// bound to the poll. Byte formats and hash inputs: docs/ballots.md. This is the tablet's copy of
// server/voting/elgamal.py (the reference): same functions, same order of random draws, pinned by
// tests/vectors/ballots.json. Group arithmetic is @noble/curves'; here only exponents are bigints mod q.
import { ristretto255 } from '@noble/curves/ed25519.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

const Point = ristretto255.Point;
export const Q = 2n ** 252n + 27742317777372353535851937790883648493n; // the order of ristretto255
const ENC = new TextEncoder();

/** A ballot, a proof or a key that does not check out; the message says which part. */
export class ProofError extends Error {
  constructor(message) { super(message); this.name = 'ProofError'; }
}

export const mod = (v) => ((v % Q) + Q) % Q;

// --- encoding: points and scalars are 64 lowercase hex characters (scalars little-endian, canonical) ----
// Lowercase only: the tracker hashes these strings, so one value must have one spelling.
const HEX64 = /^[0-9a-f]{64}$/;

export function leToBigint(bytes) {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
  return v;
}

export function bigintToLe(v, n = 32) {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

/** A point from its hex (or a Point, passed through); ProofError if it is not one. */
export function point(h) {
  if (h instanceof Point) return h;
  if (typeof h !== 'string' || !HEX64.test(h)) throw new ProofError('not a ristretto255 point');
  try { return Point.fromHex(h); } catch { throw new ProofError('not a ristretto255 point'); }
}

export function scalar(h) {
  const v = typeof h === 'string' && HEX64.test(h) ? leToBigint(hexToBytes(h)) : Q;
  if (v >= Q) throw new ProofError('not a canonical scalar');
  return v;
}

/** Hex of a scalar (bigint, reduced mod q) or of a point. */
export const hx = (v) => (typeof v === 'bigint' ? bytesToHex(bigintToLe(mod(v))) : v.toHex());

export function randomScalar() {
  // 64 random bytes reduced mod q−1: the bias is below 2^-250.
  return leToBigint(crypto.getRandomValues(new Uint8Array(64))) % (Q - 1n) + 1n;
}

// --- the group ------------------------------------------------------------------------------------------
// multiply() refuses 0, so a zero exponent is the identity here (as in the Python side). Secret exponents
// go through the constant-time multiply(); verifiers, whose exponents are public, use multiplyUnsafe().
export const base = (k) => { k = mod(k); return k === 0n ? Point.ZERO : Point.BASE.multiply(k); };
export const mul = (k, p) => { k = mod(k); return k === 0n ? Point.ZERO : point(p).multiply(k); };
const mulPub = (k, p) => point(p).multiplyUnsafe(mod(k));
const basePub = (k) => Point.BASE.multiplyUnsafe(mod(k));

/** Fiat-Shamir: SHA-512 of "kyhop/v1/<tag>|part|part…" (UTF-8), read little-endian, mod q. */
export function challenge(tag, ...parts) {
  return leToBigint(sha512(ENC.encode('kyhop/v1/' + tag + '|' + parts.join('|')))) % Q;
}

// --- ElGamal and the disjunctive proof -------------------------------------------------------------------
export function encrypt(y, m, r) {
  return [base(r), base(BigInt(m)).add(mul(r, y))];
}

/** Proof that (alpha, beta) encrypts values[index] under y with randomness r, without saying which value:
 * every other branch is simulated (challenge and response drawn first), the real one answers the rest of
 * the Fiat-Shamir challenge. Draws w, then (c_j, z_j) of each simulated branch in index order. */
export function proveIn(context, y, alpha, beta, r, values, index, rand = randomScalar) {
  [y, alpha, beta] = [point(y), point(alpha), point(beta)];
  const cs = values.map(() => 0n), zs = values.map(() => 0n), commits = [];
  const w = rand();
  values.forEach((m, j) => {
    if (j === index) { commits.push(base(w), mul(w, y)); return; }
    cs[j] = rand(); zs[j] = rand();
    commits.push(...commitments(y, alpha, beta, m, cs[j], zs[j]));
  });
  const c = challenge('prove', context, hx(y), hx(alpha), hx(beta), ...commits.map(hx));
  cs[index] = mod(c - cs.reduce((a, b) => a + b, 0n));
  zs[index] = mod(w + r * cs[index]);
  return cs.map((cj, j) => [hx(cj), hx(zs[j])]);
}

/** A = z·G − c·alpha, B = z·y − c·(beta − m·G): what the prover committed to, recomputed. */
function commitments(y, alpha, beta, m, c, z) {
  return [basePub(z).subtract(mulPub(c, alpha)),
    mulPub(z, y).subtract(mulPub(c, beta.subtract(basePub(BigInt(m)))))];
}

export function verifyIn(context, y, alpha, beta, values, proof) {
  if (!Array.isArray(proof) || proof.length !== values.length ||
      !proof.every((p) => Array.isArray(p) && p.length === 2)) throw new ProofError('proof of the wrong shape');
  [y, alpha, beta] = [point(y), point(alpha), point(beta)];
  const cs = proof.map(([c]) => scalar(c)), zs = proof.map(([, z]) => scalar(z));
  const commits = values.flatMap((m, j) => commitments(y, alpha, beta, m, cs[j], zs[j]));
  if (mod(cs.reduce((a, b) => a + b, 0n)) !== challenge('prove', context, hx(y), hx(alpha), hx(beta), ...commits.map(hx))) {
    throw new ProofError('proof does not verify');
  }
}

// --- ballots ---------------------------------------------------------------------------------------------
// A ballot answers questions; a question is [number of choices, min kept, max kept]. Each choice is a
// ciphertext of 0 or 1; the overall proof shows the question's sum is within min..max.
const range = (lo, hi) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
const sumOf = (xs) => xs.reduce((a, b) => a + b, 0);

export const ANSWERS = ['for', 'against', 'abstain']; // the order of a secret ballot's choices
export const RATINGS = ['high', 'medium', 'low'];     // the order of a confidence rating's choices

/** The questions of a poll (docs/ballots.md "A ballot"). */
export function questionsFor(kind, nOptions, seats) {
  if (kind === 'secret') return [[3, 1, 1]];
  if (kind === 'election') return [[nOptions, 0, seats]];
  if (kind === 'confidence') return Array.from({ length: nOptions }, () => [3, 1, 1]);
  throw new Error(`no encrypted ballot for a poll of kind ${kind}`);
}

/** The 0/1 lists of a choice made on screen: 'for'|'against'|'abstain'; the kept candidates' ids; or
 * {officeHolderId: 'high'|'medium'|'low'} for every office-holder. Throws if the choice does not fit. */
export function plainFor(kind, choice, optionIds, seats) {
  const oneHot = (list, v) => list.map((x) => (x === v ? 1 : 0));
  const bad = () => { throw new Error('the choice does not fit the poll'); };
  if (kind === 'secret') return ANSWERS.includes(choice) ? [oneHot(ANSWERS, choice)] : bad();
  if (kind === 'election') {
    if (!Array.isArray(choice) || new Set(choice).size !== choice.length || choice.length > seats ||
        !choice.every((c) => optionIds.includes(c))) bad();
    return [optionIds.map((o) => (choice.includes(o) ? 1 : 0))];
  }
  if (kind === 'confidence') {
    const keys = choice && typeof choice === 'object' ? Object.keys(choice) : [];
    if (keys.length !== optionIds.length || !optionIds.every((o) => RATINGS.includes(choice[String(o)]))) bad();
    return optionIds.map((o) => oneHot(RATINGS, choice[String(o)]));
  }
  return bad();
}

/** The ballot JSON sent by the tablet. Draws, per question: one r per choice, then each individual proof,
 * then the overall proof. */
export function encryptBallot(context, yHex, questions, plain, rand = randomScalar) {
  const y = point(yHex);
  if (questions.length !== plain.length) throw new ProofError('the choice does not fit the question');
  const answers = questions.map(([n, lo, hi], q) => {
    const bits = plain[q];
    if (bits.length !== n || !bits.every((b) => b === 0 || b === 1) || sumOf(bits) < lo || sumOf(bits) > hi) {
      throw new ProofError('the choice does not fit the question');
    }
    const rs = bits.map(() => rand());
    const cts = bits.map((b, i) => encrypt(y, b, rs[i]));
    const individual = cts.map(([a, b], i) => proveIn(context, y, a, b, rs[i], [0, 1], bits[i], rand));
    const [sa, sb] = sumCts(cts);
    const overall = proveIn(context, y, sa, sb, mod(rs.reduce((a, b) => a + b, 0n)), range(lo, hi),
      sumOf(bits) - lo, rand);
    return { choices: cts.map(([a, b]) => [hx(a), hx(b)]), individual, overall };
  });
  return { answers };
}

function sumCts(cts) {
  return cts.reduce(([sa, sb], [a, b]) => [sa.add(point(a)), sb.add(point(b))], [Point.ZERO, Point.ZERO]);
}

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const hasKeys = (o, keys) => isObj(o) && Object.keys(o).length === keys.length && keys.every((k) => Object.hasOwn(o, k));

/** Checks every proof of the ballot (throws ProofError); returns its ciphertexts (hex) for the aggregate. */
export function verifyBallot(context, yHex, questions, ballot) {
  const y = point(yHex);
  const answers = isObj(ballot) ? ballot.answers : undefined;
  if (!Array.isArray(answers) || answers.length !== questions.length || !hasKeys(ballot, ['answers'])) {
    throw new ProofError('ballot of the wrong shape');
  }
  return questions.map(([n, lo, hi], q) => {
    const ans = answers[q];
    if (!hasKeys(ans, ['choices', 'individual', 'overall']) || !Array.isArray(ans.choices) ||
        ans.choices.length !== n || !Array.isArray(ans.individual) || ans.individual.length !== n) {
      throw new ProofError('answer of the wrong shape');
    }
    const cts = ans.choices.map(ciphertext);
    cts.forEach(([a, b], i) => verifyIn(context, y, a, b, [0, 1], ans.individual[i]));
    const [sa, sb] = sumCts(cts);
    verifyIn(context, y, sa, sb, range(lo, hi), ans.overall);
    return ans.choices.map(([a, b]) => [a, b]);
  });
}

function ciphertext(c) {
  if (!Array.isArray(c) || c.length !== 2) throw new ProofError('ciphertext of the wrong shape');
  const [a, b] = [point(c[0]), point(c[1])];
  if (a.is0()) throw new ProofError('degenerate ciphertext');
  return [a, b];
}

export function* ballotStrings(ballot) {
  for (const ans of ballot.answers) {
    for (const [a, b] of ans.choices) yield* [a, b];
    for (const proof of ans.individual) for (const [c, z] of proof) yield* [c, z];
    for (const [c, z] of ans.overall) yield* [c, z];
  }
}

/** The ballot tracker: SHA-256 of the whole encrypted ballot. It names the ballot on the board and says
 * nothing about the choice (the ciphertexts are random). */
export function tracker(context, ballot) {
  return bytesToHex(sha256(ENC.encode('kyhop/v1/ballot|' + context + '|' + [...ballotStrings(ballot)].join('|'))));
}

/** The homomorphic sum of every ballot (as returned by verifyBallot), choice by choice: an encryption of
 * the count of each choice. */
export function aggregate(questions, ballots) {
  const sums = questions.map(([n]) => Array.from({ length: n }, () => [Point.ZERO, Point.ZERO]));
  for (const cts of ballots) {
    cts.forEach((row, q) => row.forEach(([a, b], i) => {
      sums[q][i] = [sums[q][i][0].add(point(a)), sums[q][i][1].add(point(b))];
    }));
  }
  return sums.map((row) => row.map(([a, b]) => [hx(a), hx(b)]));
}

/** m with m·G == p, for 0 ≤ m ≤ limit (a count of ballots): found by stepping, it is small. */
export function smallLog(p, limit) {
  p = point(p);
  let acc = Point.ZERO;
  for (let m = 0; m <= limit; m++, acc = acc.add(Point.BASE)) if (acc.equals(p)) return m;
  throw new ProofError('the decrypted total is out of range');
}
