/* /upload: the size gate between dcc.Upload and the server (clientside callback upload.gate).
 *
 * dcc.Upload reads the chosen file in the browser as a base64 data URL. A file over the limit
 * (the upload-limit store, set by the server from components.upload_read.MAX_BYTES) is never sent:
 * the server is told only its name and size, so the person gets a clear message instead of a
 * refused request. Otherwise the file moves into the upload-file store (memory: this tab only) and
 * the Upload component is emptied, so the browser keeps one copy. Nothing here fetches anything.
 */
(function () {
  "use strict";
  var ns = (window.dash_clientside = window.dash_clientside || {});
  ns.upload = {
    gate: function (contents, filename, limit) {
      var noUpdate = window.dash_clientside.no_update;
      if (typeof contents !== "string" || !contents) {
        return [noUpdate, noUpdate];
      }
      var name = typeof filename === "string" ? filename : "";
      var comma = contents.indexOf(",");
      var payload = comma < 0 ? 0 : contents.length - comma - 1;
      var bytes = Math.floor((payload * 3) / 4);
      var stamp = Date.now();
      if (typeof limit === "number" && bytes > limit) {
        return [{ filename: name, too_big: bytes, received: stamp }, null];
      }
      return [{ filename: name, contents: contents, received: stamp }, null];
    },
  };
})();
