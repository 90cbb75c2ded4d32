// The tablet's side of tests/vectors/ballots.json (made by tests/vectors/make_vectors.py from the Python
// reference): reproduce every value byte for byte from the same deterministic randomness, verify every
// Python proof, refuse every forgery; then, if KYHOP_JS_VECTORS_OUT is set, write a ceremony, ballots and
// partial decryptions made here with fresh randomness for tests/unit/test_ballot_vectors.py to check.
//   node --test client/tests/
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import * as eg from '../src/ballots/elgamal.js';
import * as th from '../src/ballots/threshold.js';

const V = JSON.parse(readFileSync(new URL('../../tests/vectors/ballots.json', import.meta.url), 'utf8'));
const ENC = new TextEncoder();

/** The deterministic streams of make_vectors.py. */
function stream(seed) {
  let i = 0, n = 0;
  return {
    scalar: () => eg.leToBigint(sha512(ENC.encode(`kyhop/v1/vector|${seed}|${i++}`))) % eg.Q,
    nonce: () => sha256(ENC.encode(`kyhop/v1/nonce|${seed}|${n++}`)).slice(0, 24),
  };
}

const C = V.ceremony;
const dealsOf = (obj) => Object.fromEntries(Object.entries(obj).map(([i, v]) => [i, v.deal ?? v]));
const refuses = (fn, message) => assert.throws(fn, (e) => e instanceof eg.ProofError && e.message === message);

test('q and the streams are the same', () => {
  assert.equal(String(eg.Q), V.q);
  assert.equal(eg.hx(stream('transport:1').scalar()), C.transport['1'].x);
});

test('the key ceremony is reproduced and checks out', () => {
  const transport = Object.fromEntries(Object.entries(C.transport).map(([j, t]) => {
    const { x, X } = th.transportKey(stream(t.stream).scalar);
    assert.equal(eg.hx(x), t.x);
    assert.equal(X, t.X);
    return [j, X];
  }));
  const members = Object.keys(C.transport).map(Number);
  assert.equal(th.threshold(C.n), C.k);
  for (const [i, v] of Object.entries(C.deals)) {
    const s = stream(v.stream);
    assert.deepEqual(th.deal(C.context, Number(i), C.k, transport, s.scalar, s.nonce), v.deal);
    th.checkDeal(C.context, C.k, members, v.deal);
  }
  const deals = dealsOf(C.deals);
  for (const [j, m] of Object.entries(C.members)) {
    const share = th.receive(C.context, Number(j), eg.scalar(C.transport[j].x), deals);
    assert.equal(eg.hx(share), m.share);
    assert.equal(th.verificationKey(deals, Number(j)), m.verification_key);
    assert.deepEqual(th.proveShare(C.context, share, stream(m.stream).scalar), m.proof);
    th.checkKnowledge(C.context, m.verification_key, m.proof);
  }
  assert.equal(th.publicKey(deals), C.public_key);
});

test('ballots and trackers are reproduced and verify', () => {
  for (const b of V.ballots) {
    const qs = eg.questionsFor(b.kind, b.option_ids.length, b.seats);
    assert.deepEqual(qs, b.questions, b.name);
    const plain = eg.plainFor(b.kind, b.choice, b.option_ids, b.seats);
    assert.deepEqual(plain, b.plain, b.name);
    assert.deepEqual(eg.encryptBallot(b.context, C.public_key, qs, plain, stream(b.stream).scalar), b.ballot, b.name);
    assert.equal(eg.tracker(b.context, b.ballot), b.tracker, b.name);
    eg.verifyBallot(b.context, C.public_key, qs, b.ballot);
  }
});

test('tallies: aggregate, partial decryptions and counts are reproduced', () => {
  for (const t of V.tallies) {
    const cts = t.ballots.map((name) => {
      const b = V.ballots.find((x) => x.name === name);
      return eg.verifyBallot(t.context, C.public_key, t.questions, b.ballot);
    });
    assert.deepEqual(eg.aggregate(t.questions, cts), t.aggregate, t.poll);
    for (const [j, p] of Object.entries(t.partials)) {
      const share = eg.scalar(C.members[j].share);
      assert.deepEqual(th.partialDecrypt(t.context, share, t.aggregate, stream(p.stream).scalar), p.partial);
      th.checkPartial(t.context, C.members[j].verification_key, t.aggregate, p.partial);
    }
    for (const [group, counts] of Object.entries(t.combined)) {
      const partials = Object.fromEntries(group.split(',').map((j) => [j, t.partials[j].partial]));
      assert.deepEqual(th.combine(t.aggregate, partials, t.ballots.length), counts, `${t.poll} ${group}`);
    }
  }
});

test('every forgery is refused with the same message as in Python', () => {
  for (const n of V.negative) {
    const run = {
      ballot: () => eg.verifyBallot(n.context, C.public_key, n.questions, n.ballot),
      partial: () => th.checkPartial(n.context, n.verification_key, n.aggregate, n.partial),
      receive: () => th.receive(n.context, n.me, eg.scalar(n.x), n.deals),
      deal: () => th.checkDeal(n.context, n.k, n.members, n.deal),
    }[n.type];
    refuses(run, n.error);
  }
  // The ciphertext of 2 has a true overall proof: only the individual proofs stop it.
  const two = V.negative.find((n) => n.name === 'ciphertext-of-two').ballot.answers[0];
  const [sa, sb] = two.choices.reduce(([a, b], [x, y]) => [a.add(eg.point(x)), b.add(eg.point(y))],
    [eg.point('00'.repeat(32)), eg.point('00'.repeat(32))]);
  eg.verifyIn(V.negative[0].context, C.public_key, sa, sb, [1], two.overall);
});

test('a re-spelt ballot (uppercase hex) is refused', () => {
  for (const n of V.noncanonical) {
    assert.throws(() => eg.verifyBallot(n.context, C.public_key, n.questions, n.ballot), eg.ProofError, n.name);
  }
});

test('choices that do not fit are refused before encrypting', () => {
  assert.throws(() => eg.plainFor('secret', 'maybe', [], null));
  assert.throws(() => eg.plainFor('election', [101, 102, 103], [101, 102, 103, 104], 2));
  assert.throws(() => eg.plainFor('election', [101, 101], [101, 102, 103, 104], 2));
  assert.throws(() => eg.plainFor('election', [105], [101, 102, 103, 104], 2));
  assert.throws(() => eg.plainFor('confidence', { 201: 'high' }, [201, 202], null));
  assert.throws(() => eg.plainFor('confidence', { 201: 'high', 202: 'top' }, [201, 202], null));
  assert.throws(() => eg.encryptBallot('poll:1:1', C.public_key, [[3, 1, 1]], [[1, 1, 0]]), eg.ProofError);
});

test('a fresh ceremony, ballots and decryption, for Python to check', () => {
  const context = 'ceremony:9:21', poll = 'poll:91:9', n = 3, k = th.threshold(n);
  const keys = Object.fromEntries([1, 2, 3].map((j) => [j, th.transportKey()]));
  const transport = Object.fromEntries(Object.entries(keys).map(([j, t]) => [j, t.X]));
  const deals = Object.fromEntries([1, 2, 3].map((i) => [i, th.deal(context, i, k, transport)]));
  const shares = Object.fromEntries([1, 2, 3].map((j) => [j, th.receive(context, j, keys[j].x, deals)]));
  const y = th.publicKey(deals);
  const optionIds = [301, 302, 303, 304, 305], seats = 3;
  const choices = [[301, 305], [], [302, 303, 305], [305]];
  const questions = eg.questionsFor('election', optionIds.length, seats);
  const ballots = choices.map((c) => eg.encryptBallot(poll, y, questions, eg.plainFor('election', c, optionIds, seats)));
  const agg = eg.aggregate(questions, ballots.map((b) => eg.verifyBallot(poll, y, questions, b)));
  const partials = Object.fromEntries([1, 3].map((j) => [j, th.partialDecrypt(poll, shares[j], agg)]));
  const counts = th.combine(agg, partials, ballots.length);
  assert.deepEqual(counts, [[1, 1, 1, 0, 3]]);
  const out = {
    ceremony: {
      context, n, k, public_key: y, deals,
      transport: Object.fromEntries(Object.entries(keys).map(([j, t]) => [j, { x: eg.hx(t.x), X: t.X }])),
      members: Object.fromEntries([1, 2, 3].map((j) => [j, {
        share: eg.hx(shares[j]), verification_key: th.verificationKey(deals, j),
        proof: th.proveShare(context, shares[j]),
      }])),
    },
    poll: {
      context: poll, questions, ballots, trackers: ballots.map((b) => eg.tracker(poll, b)), aggregate: agg,
      partials, counts,
    },
  };
  if (process.env.KYHOP_JS_VECTORS_OUT) writeFileSync(process.env.KYHOP_JS_VECTORS_OUT, JSON.stringify(out, null, 1));
});

test('bytes helpers', () => {
  assert.equal(bytesToHex(eg.bigintToLe(258n, 4)), '02010000');
  assert.equal(eg.leToBigint(eg.bigintToLe(eg.Q - 1n)), eg.Q - 1n);
});
