// node bench/tablet_crypto/node.mjs <case> <public key hex> <runs>: the same timing loop in Node, one case per
// process (so the cold figure is a real first call); prints one JSON object. The bare imports of elgamal.js
// resolve from client/node_modules.
import { measure } from './measure.mjs';

const [name, yHex, runs] = process.argv.slice(2);
const { cold, times } = measure(name, yHex, Number(runs));
console.log(JSON.stringify({ cold, times }));
