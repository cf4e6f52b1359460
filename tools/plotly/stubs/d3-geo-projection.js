// Extra projections beyond d3-geo's own; the dashboard's maps use d3-geo's conic conformal only.
module.exports = {};
