// The counting committee's key: any k of n members decrypt a total, k−1 learn nothing.
//
// Pedersen's distributed key generation with Feldman commitments, as in the Belenios specification's
// threshold mode (https://www.belenios.org/specification.pdf, "Threshold decryption"), over ristretto255;
// formats in docs/ballots.md. This is the tablet's copy of server/voting/threshold.py (the reference):
// same functions, same order of random draws, pinned by tests/vectors/ballots.json.
// 1. each member's tablet makes a transport key pair (x, X = x·G) and publishes X;
// 2. each member deals: a random polynomial f of degree k−1, commitments C_t = a_t·G, a proof of knowing
//    a_0, and f(j) for every member j encrypted to X_j (XChaCha20-Poly1305 under a key from e·X_j);
// 3. each member opens the shares dealt to it, checks each against its dealer's commitments, and proves it
//    knows s_j = Σ f_i(j) for its verification key h_j = Σ_i Σ_t j^t·C_i,t.
// The public key is Σ_i C_i,0. A member decrypts an aggregate with D = s_j·alpha and a Chaum-Pedersen
// proof; any k factors combine by Lagrange interpolation.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { ristretto255 } from '@noble/curves/ed25519.js';
import {
  ProofError, Q, base, bigintToLe, challenge, hx, leToBigint, mod, mul, point, randomScalar, scalar, smallLog,
} from './elgamal.js';

const Point = ristretto255.Point;
const ENC = new TextEncoder();

export const MIN_MEMBERS = 3, MAX_MEMBERS = 7;

/** Members needed to decrypt: a majority of the committee (2 of 3, 3 of 4 or 5, 4 of 6 or 7). */
export const threshold = (n) => Math.floor(n / 2) + 1;

const powQ = (b, e) => { // b^e mod q, e ≥ 0
  let r = 1n; b = mod(b);
  for (; e > 0n; e >>= 1n, b = b * b % Q) if (e & 1n) r = r * b % Q;
  return r;
};
const byNumber = (obj) => Object.keys(obj).map(Number).sort((a, b) => a - b);

// --- proofs of knowledge (Schnorr) ---------------------------------------------------------------------
export function proveKnowledge(context, secret, pub, rand = randomScalar) {
  const w = rand();
  const c = challenge('pok', context, hx(point(pub)), hx(base(w)));
  return [hx(c), hx(mod(w + secret * c))];
}

export function checkKnowledge(context, pub, proof) {
  if (!Array.isArray(proof) || proof.length !== 2) throw new ProofError('proof of the wrong shape');
  const [c, z] = [scalar(proof[0]), scalar(proof[1])];
  pub = point(pub);
  if (challenge('pok', context, hx(pub), hx(Point.BASE.multiplyUnsafe(z).subtract(pub.multiplyUnsafe(c)))) !== c) {
    throw new ProofError('proof of knowledge does not verify');
  }
}

// --- 1. transport keys -----------------------------------------------------------------------------------
export function transportKey(rand = randomScalar) {
  const x = rand();
  return { x, X: hx(base(x)) };
}

// --- 2. dealing ------------------------------------------------------------------------------------------
function shareKey(context, eph, recipient, shared) {
  return sha256(ENC.encode(`kyhop/v1/share|${context}|${hx(eph)}|${hx(recipient)}|${hx(shared)}`));
}

const shareAd = (context, dealer, recipient) => ENC.encode(`${context}|${dealer}|${recipient}`);
const randomNonce = () => crypto.getRandomValues(new Uint8Array(24));

/** Draws a_0…a_{k−1}; then per member in increasing order e and the nonce; then the proof's w. */
export function deal(context, dealer, k, transport, rand = randomScalar, nonce = randomNonce) {
  const coeffs = Array.from({ length: k }, () => rand());
  const shares = {};
  for (const j of byNumber(transport)) {
    const f = coeffs.reduce((acc, a, t) => acc + a * powQ(BigInt(j), BigInt(t)), 0n) % Q;
    const e = rand(), X = point(transport[j]);
    const eph = base(e), n = nonce();
    const key = shareKey(context, eph, X, mul(e, X));
    const ct = xchacha20poly1305(key, n, shareAd(context, dealer, j)).encrypt(bigintToLe(f));
    shares[String(j)] = { eph: hx(eph), nonce: bytesToHex(n), ct: bytesToHex(ct) };
  }
  const commitments = coeffs.map(base);
  return { commitments: commitments.map(hx), pok: proveKnowledge(context, coeffs[0], commitments[0], rand), shares };
}

const hexLen = (v, n) => typeof v === 'string' && v.length === 2 * n && /^[0-9a-f]*$/.test(v);
const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const sameKeys = (o, keys) => Object.keys(o).length === keys.length && keys.every((k) => Object.hasOwn(o, k));

/** What the server can check of a deal: its shape, its commitments and the proof for a_0. */
export function checkDeal(context, k, members, d) {
  if (!isObj(d) || !sameKeys(d, ['commitments', 'pok', 'shares']) || !Array.isArray(d.commitments) ||
      d.commitments.length !== k || !isObj(d.shares) || !sameKeys(d.shares, members.map(String))) {
    throw new ProofError('deal of the wrong shape');
  }
  const cs = d.commitments.map(point);
  checkKnowledge(context, cs[0], d.pok);
  for (const sh of Object.values(d.shares)) {
    if (!isObj(sh) || !sameKeys(sh, ['eph', 'nonce', 'ct']) || !hexLen(sh.nonce, 24) || !hexLen(sh.ct, 48)) {
      throw new ProofError('encrypted share of the wrong shape');
    }
    point(sh.eph);
  }
}

function feldman(commitments, j) {
  return commitments.reduce((acc, c, t) => acc.add(point(c).multiplyUnsafe(powQ(BigInt(j), BigInt(t)))), Point.ZERO);
}

// --- 3. receiving --------------------------------------------------------------------------------------
/** The member's share s_j (a bigint), after checking every share dealt to it; ProofError names a bad dealer. */
export function receive(context, me, x, deals) {
  let s = 0n;
  for (const dealer of byNumber(deals)) {
    const d = deals[dealer];
    let f;
    try {
      const sh = d.shares[String(me)];
      const eph = point(sh.eph);
      const key = shareKey(context, eph, base(x), mul(x, eph));
      f = leToBigint(xchacha20poly1305(key, hexToBytes(sh.nonce), shareAd(context, dealer, me)).decrypt(hexToBytes(sh.ct)));
    } catch {
      throw new ProofError(`the share from member ${dealer} cannot be opened`);
    }
    if (f >= Q || !base(f).equals(feldman(d.commitments, me))) {
      throw new ProofError(`the share from member ${dealer} does not match its commitments`);
    }
    s = (s + f) % Q;
  }
  return s;
}

export function verificationKey(deals, j) {
  return hx(Object.values(deals).reduce((acc, d) => acc.add(feldman(d.commitments, j)), Point.ZERO));
}

export function publicKey(deals) {
  return hx(Object.values(deals).reduce((acc, d) => acc.add(point(d.commitments[0])), Point.ZERO));
}

export const proveShare = (context, share, rand = randomScalar) => proveKnowledge(context, share, base(share), rand);

// --- decrypting a total (Chaum-Pedersen: log_G h_j = log_alpha D) ----------------------------------------
export function partialDecrypt(context, share, agg, rand = randomScalar) {
  const vk = hx(base(share));
  const factors = [], proofs = [];
  for (const row of agg) {
    const frow = [], prow = [];
    for (const [aHex] of row) {
      const a = point(aHex);
      const d = mul(share, a), w = rand();
      const c = challenge('decrypt', context, vk, hx(a), hx(d), hx(base(w)), hx(mul(w, a)));
      frow.push(hx(d));
      prow.push([hx(c), hx(mod(w + share * c))]);
    }
    factors.push(frow);
    proofs.push(prow);
  }
  return { factors, proofs };
}

const sameShape = (rows, agg) => Array.isArray(rows) && rows.length === agg.length &&
  rows.every((r, i) => Array.isArray(r) && r.length === agg[i].length);

export function checkPartial(context, vk, agg, part) {
  if (!isObj(part) || !sameKeys(part, ['factors', 'proofs']) || !sameShape(part.factors, agg) ||
      !sameShape(part.proofs, agg)) throw new ProofError('partial decryption of the wrong shape');
  vk = point(vk);
  agg.forEach((row, q) => row.forEach(([aHex], i) => {
    const [a, d, proof] = [point(aHex), point(part.factors[q][i]), part.proofs[q][i]];
    if (!Array.isArray(proof) || proof.length !== 2) throw new ProofError('proof of the wrong shape');
    const [c, z] = [scalar(proof[0]), scalar(proof[1])];
    const A = Point.BASE.multiplyUnsafe(z).subtract(vk.multiplyUnsafe(c));
    const B = a.multiplyUnsafe(z).subtract(d.multiplyUnsafe(c));
    if (challenge('decrypt', context, hx(vk), hx(a), hx(d), hx(A), hx(B)) !== c) {
      throw new ProofError('proof of partial decryption does not verify');
    }
  }));
}

/** The coefficient of member j's factor when the members in `members` combine (at x = 0). */
export function lagrange(j, members) {
  let num = 1n, den = 1n;
  for (const m of members) {
    if (m !== j) { num = num * BigInt(m) % Q; den = mod(den * BigInt(m - j)); }
  }
  return num * powQ(den, Q - 2n) % Q; // q is prime: den^(q−2) is its inverse
}

/** The counts: beta − Σ λ_j·D_j = count·G, for each choice, from (already checked) factors of k members. */
export function combine(agg, partials, limit) {
  const members = byNumber(partials);
  return agg.map((row, q) => row.map(([, bHex], i) => {
    const acc = members.reduce(
      (s, j) => s.add(point(partials[j].factors[q][i]).multiplyUnsafe(lagrange(j, members))), Point.ZERO);
    return smallLog(point(bHex).subtract(acc), limit);
  }));
}
