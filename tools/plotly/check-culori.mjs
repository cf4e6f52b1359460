// Checks that the slim culori entry (stubs/culori.js) parses and formats colours exactly as the full
// culori build plotly.js would otherwise bundle; run by tests/test_delivery.py (exit code 1 on a difference).
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const require = createRequire(join(root, 'package.json'));
const r = await build({ entryPoints: [join(here, 'stubs', 'culori.js')], bundle: true, format: 'cjs', write: false, platform: 'node', absWorkingDir: root });
const m = { exports: {} }; new Function('module', 'exports', 'require', r.outputFiles[0].text)(m, m.exports, require);
const slim = m.exports, full = require('culori');
const colours = ['#fff', '#123456', '#12345678', 'red', 'RebeccaPurple', 'transparent', 'rgb(1,2,3)', 'rgba(10, 20, 30, 0.5)', 'rgb(10 20 30 / 50%)',
  'hsl(120, 50%, 50%)', 'hsla(120deg 50% 50% / .3)', 'hwb(90 10% 10%)', 'lab(50% 40 59.5)', 'lch(52.2% 72.2 50)', 'oklch(70% 0.1 120)', 'oklab(0.5 0.1 -0.1)',
  'color(display-p3 1 0 0)', 'color(srgb 0.5 0.5 0.5)', 'color(rec2020 0.2 0.3 0.4)', 'nonsense', '', 'rgb(0px 1 2)', 'currentcolor', 'hsl(none 20% 30%)'];
let diffs = 0;
for (const c of colours) {
  for (const mode of ['rgb', 'hsl']) {
    let a, b;
    try { a = JSON.stringify(full.converter(mode)(c)); } catch (e) { a = 'throw ' + e.message; }
    try { b = JSON.stringify(slim.converter(mode)(c)); } catch (e) { b = 'throw ' + e.message; }
    if (a !== b) { diffs++; console.log('DIFF', mode, c, a, b); }
  }
  let p; try { p = full.converter('rgb')(c); } catch (e) { p = undefined; }
  if (p) for (const f of ['formatHex', 'formatRgb', 'wcagLuminance']) if (String(full[f](p)) !== String(slim[f](p))) { diffs++; console.log('DIFF', f, c); }
  if (p && String(full.wcagContrast(p, '#000')) !== String(slim.wcagContrast(p, '#000'))) { diffs++; console.log('DIFF contrast', c); }
}
console.log('colours', colours.length, 'diffs', diffs);
process.exit(diffs === 0 && colours.length > 20 ? 0 : 1);
