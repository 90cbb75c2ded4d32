// The three ballots bench/tablet_crypto.py times, and the timing loop. Shared by the page (entry.js, bundled
// by Vite) and by Node (node.mjs), so both run exactly the same code on exactly the same ballots.
import { encryptBallot, plainFor, questionsFor } from '../../client/src/ballots/elgamal.js';

const ids = (n) => Array.from({ length: n }, (_, i) => i + 1);

// name -> [questions, plain], made the way the tablet makes them (views/voting.js: questionsFor + plainFor)
export const CASES = {
  // one-answer secret ballot: [[3,1,1]], 'for' -> [[1,0,0]]
  secret_1_answer: () => [questionsFor('secret'), plainFor('secret', 'for', [], 0)],
  // confidence rating of 10 office-holders: 10 x [3,1,1], one rating each
  confidence_10: () => {
    const o = ids(10);
    const choice = Object.fromEntries(o.map((id, i) => [String(id), ['high', 'medium', 'low'][i % 3]]));
    return [questionsFor('confidence', 10), plainFor('confidence', choice, o, 0)];
  },
  // election, 10 candidates, 3 seats, 3 kept: [[10,0,3]]
  election_10_3: () => [questionsFor('election', 10, 3), plainFor('election', [2, 5, 9], ids(10), 3)],
};

export const CONTEXT = 'poll:1:1'; // what server/voting/counting.py poll_context() gives poll 1 under key 1

/** One cold call (the first in this page/process: JIT, noble's base-point tables), then `runs` timed calls.
 * Times in ms by performance.now(); returns the last ballot too so the caller can check it is a real one. */
export function measure(name, yHex, runs) {
  const [questions, plain] = CASES[name]();
  let t = performance.now();
  let ballot = encryptBallot(CONTEXT, yHex, questions, plain);
  const cold = performance.now() - t;
  const times = [];
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    ballot = encryptBallot(CONTEXT, yHex, questions, plain);
    times.push(performance.now() - t);
  }
  return { cold, times, questions, ballot };
}
