// Country-name lookup is only for choropleth locationmode "country names"; the dashboard's maps
// locate counties by their GeoJSON feature id, so the lookup is left out of the bundle.
module.exports = { COUNTRIES: [], createLookup: function () { return { lookupAlpha3: function () { return undefined; } }; } };
