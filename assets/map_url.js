/* /map: keep the address bar and the map view in step, without reloading or re-rendering the page.
 *
 * - write_url (a clientside callback on the map-state store) writes ?measure=&year=&scale=&county=
 *   with history.pushState for a change a person made, or history.replaceState when the state came
 *   from the address itself (first load, back/forward), so no history entry is added twice.
 * - On back/forward between two /map addresses, the new query is fed into the map-url-sync store
 *   (dash_clientside.set_props), which sets the controls. The event is stopped before Dash's
 *   dcc.Location sees it, because Dash Pages would otherwise re-render the whole page for a change
 *   of query string. Back/forward to or from another page is left to Dash as usual.
 * Nothing here fetches anything.
 */
(function () {
  "use strict";
  var MAP_GRAPH_ID = "county-map";
  var URL_SYNC_ID = "map-url-sync";

  function onMapPath() {
    return /\/map\/?$/.test(window.location.pathname);
  }

  function queryObject(search) {
    var out = {};
    new URLSearchParams(search).forEach(function (value, key) {
      if (!(key in out)) { out[key] = value; }
    });
    return out;
  }

  // Capture phase on window: runs before dcc.Location's own popstate listener.
  window.addEventListener("popstate", function (event) {
    if (!onMapPath() || !document.getElementById(MAP_GRAPH_ID)) { return; }
    var dc = window.dash_clientside;
    if (!dc || typeof dc.set_props !== "function") { return; }
    event.stopImmediatePropagation();
    dc.set_props(URL_SYNC_ID, {data: {query: queryObject(window.location.search), at: Date.now()}});
  }, true);

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.map = {
    write_url: function (state) {
      var noUpdate = window.dash_clientside.no_update;
      if (!state || typeof state.query !== "string" || !onMapPath()) { return noUpdate; }
      // Presenter mode's own parameters and the language ride along with the map's view.
      var current = new URLSearchParams(window.location.search);
      var params = new URLSearchParams(state.query);
      ["present", "view", "lang"].forEach(function (key) {
        if (current.has(key)) { params.set(key, current.get(key)); }
      });
      var query = params.toString() ? "?" + params.toString() : "";
      if (window.location.search === query) { return state.query; }
      var url = window.location.pathname + query + window.location.hash;
      if (state.replace) {
        window.history.replaceState(window.history.state, "", url);
      } else {
        window.history.pushState({mapView: true}, "", url);
      }
      return state.query;
    }
  };
})();
