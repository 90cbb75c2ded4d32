// The page's entry: exposes the timing loop to Playwright (page.evaluate(... window.tabletCrypto.measure ...)).
import { CASES, measure } from './measure.mjs';

window.tabletCrypto = { measure, cases: Object.keys(CASES) };
