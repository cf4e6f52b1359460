/* The embed page (components/embeds.py): draws its one figure from the JSON the server wrote into
 * the page, with the app's plotly.js bundle, filling the frame it is shown in. Nothing is fetched
 * but the map's county shapes, from this site. Loaded only by /embed/* (assets_ignore in app.py).
 */
(function () {
  "use strict";
  function read(id) { return JSON.parse(document.getElementById(id).textContent); }

  function draw() {
    var el = document.getElementById("embed-graph");
    if (!el || !window.Plotly) { return; }
    var figure = read("embed-figure");
    var layout = figure.layout || {};
    delete layout.height;  // the frame decides the size
    delete layout.width;
    layout.autosize = true;
    // No mode bar: its buttons would sit inside the figure's text alternative (role="img").
    var config = Object.assign(read("embed-config"), { displayModeBar: false, responsive: true });
    window.Plotly.newPlot(el, figure.data || [], layout, config).then(function () {
      el.setAttribute("data-drawn", "true");
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
