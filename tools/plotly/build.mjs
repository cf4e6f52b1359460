// Builds the dashboard's browser bundles from the pinned npm packages (package.json, package-lock.json):
//   npm ci && npm run build:plotly
// - assets/plotly-custom.min.js: plotly.js with only the traces and components the charts use
//   (tools/plotly/entry.js); Dash uses this `Plotly` instead of fetching its full 4.8 MB bundle;
// - assets/regenerator-runtime.min.js: the one part of Dash's 110 KB polyfill bundle that current
//   browsers lack (the global `regeneratorRuntime` Dash's own bundles call), so app.py drops the rest.
// Each output is committed; tools/plotly/bundle.json records versions, sizes and SHA-256, and a test
// rebuilds into a temporary folder to check that the committed bytes are exactly what this makes.
// With an output folder as argument (the test), writes there and leaves bundle.json alone.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, version as esbuildVersion } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const outDir = process.argv[2] || join(root, 'assets');
mkdirSync(outDir, { recursive: true });
const version = (pkg) => JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'))).version;
const copyright = (file) => readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith('Copyright'));

const bundles = [
    {
        file: 'plotly-custom.min.js',
        package: 'plotly.js',
        entry: join(here, 'entry.js'),
        globalName: 'Plotly',
        traces: ['scatter', 'bar', 'choropleth'],
        licence: join(here, 'LICENSE-plotly.js.txt'),
        about: 'custom bundle for this dashboard: scatter, bar and choropleth traces only',
        alias: {
            'country-iso-search': join(here, 'stubs', 'country-iso-search.js'),
            'd3-geo-projection': join(here, 'stubs', 'd3-geo-projection.js'),
        },
        // exactly `culori` (its subpaths, which the replacement imports, resolve as usual)
        replace: { culori: join(here, 'stubs', 'culori.js') },
    },
    {
        file: 'regenerator-runtime.min.js',
        package: 'regenerator-runtime',
        entry: join(root, 'node_modules', 'regenerator-runtime', 'runtime.js'),
        licence: join(root, 'node_modules', 'regenerator-runtime', 'LICENSE'),
        about: "the generator runtime Dash's bundles call (global regeneratorRuntime)",
        alias: {},
        replace: {},
    },
];

/** An esbuild plugin that resolves each import named exactly as a key of `table` to its file. */
function replaceExactly(table) {
    return {
        name: 'replace-exactly',
        setup(build) {
            for (const [name, file] of Object.entries(table)) {
                const filter = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
                build.onResolve({ filter }, () => ({ path: file }));
            }
        },
    };
}

const manifest = { esbuild: esbuildVersion, bundles: [] };
for (const b of bundles) {
    const v = version(b.package);
    const banner = `/*! ${b.package} v${v} (MIT License, ${copyright(b.licence)}), ${b.about};
 * built by tools/plotly/build.mjs with esbuild v${esbuildVersion}. Licence notices of bundled packages follow at the end. */`;
    const result = await build({
        entryPoints: [b.entry],
        bundle: true,
        minify: true,
        format: 'iife',
        globalName: b.globalName,
        target: 'es2016',
        define: { global: 'window', 'define.amd': 'false' },
        loader: { '.css': 'empty' }, // map-tile CSS only tile maps (not used here) would need
        alias: b.alias,
        plugins: [replaceExactly(b.replace)],
        banner: { js: banner },
        legalComments: 'eof',
        outfile: join(outDir, b.file),
        write: false,
        logLevel: 'warning',
    });
    const js = result.outputFiles.find((f) => f.path.endsWith('.js')).contents;
    writeFileSync(join(outDir, b.file), js);
    manifest.bundles.push({
        file: `assets/${b.file}`,
        package: b.package,
        version: v,
        ...(b.traces ? { traces: b.traces } : {}),
        bytes: js.length,
        sha256: createHash('sha256').update(js).digest('hex'),
    });
}
if (!process.argv[2]) writeFileSync(join(here, 'bundle.json'), JSON.stringify(manifest, null, 2) + '\n');
console.log(JSON.stringify(manifest));
