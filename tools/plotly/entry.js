'use strict';
// The dashboard's plotly.js: the core of plotly.js (lib/core, src/core.js) with only the trace
// types and components its charts use, so the browser downloads a third of the full bundle.
// Traces: scatter (lines), bar, choropleth (the county maps). Components: annotations, shapes,
// colour scales and bars, legend, hover (fx) and the mode bar. Keep in step with src/core.js of
// the pinned plotly.js version when it changes (tools/plotly/build.mjs checks the version).
var Registry = require('plotly.js/src/registry');
var plotApi = require('plotly.js/src/plot_api');
var Fx = require('plotly.js/src/components/fx');
var Plots = require('plotly.js/src/plots/plots');

require('plotly.js/build/plotcss');
exports.version = require('plotly.js/src/version').version;
var register = (exports.register = Registry.register);

Object.keys(plotApi).forEach(function (name) {
    if (name.charAt(0) !== '_') exports[name] = plotApi[name];
    register({ moduleType: 'apiMethod', name: name, fn: plotApi[name] });
});

register(require('plotly.js/src/traces/scatter'));
register([
    require('plotly.js/src/components/annotations'),
    require('plotly.js/src/components/shapes'),
    require('plotly.js/src/components/colorscale'),
    require('plotly.js/src/components/colorbar'),
    require('plotly.js/src/components/legend'), // after shapes: legend defaults read them
    require('plotly.js/src/components/fx'), // after legend: unified hover defaults read it
    require('plotly.js/src/components/modebar')
]);
register([require('plotly.js/src/locale-en'), require('plotly.js/src/locale-en-us')]);
// Spanish pages (config.locale = 'es': components/graph_config.py), with the number marks Babel writes
// in the page's text ("1.204", "21,7"), so a chart's ticks and its summary agree.
var es = require('plotly.js/lib/locales/es');
register(Object.assign({}, es, { format: Object.assign({}, es.format, { thousands: '.' }) }));
register([require('plotly.js/src/traces/bar'), require('plotly.js/src/traces/choropleth')]);

exports.Icons = require('plotly.js/src/fonts/ploticon');
exports.Plots = { resize: Plots.resize, graphJson: Plots.graphJson, sendDataToCloud: Plots.sendDataToCloud };
exports.Fx = { hover: Fx.hover, unhover: Fx.unhover, loneHover: Fx.loneHover, loneUnhover: Fx.loneUnhover };
exports.Snapshot = require('plotly.js/src/snapshot');
exports.PlotSchema = require('plotly.js/src/plot_api/plot_schema');
