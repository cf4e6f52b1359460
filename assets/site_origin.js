/* /data: the code snippets read the tables from this site's own address. The server writes them
 * with a neutral address (its layouts never depend on the Host header, so every visitor's copy of
 * a page is the same and can be kept); here the address the browser actually used replaces it.
 * Nothing here fetches anything.
 */
(function () {
  "use strict";
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    site: {
      /* Each text with the origin of every "<scheme>://<host>/download/" and ".../embed/" address replaced. */
      with_origin: function () {
        var origin = window.location.origin + "/";
        return Array.prototype.slice.call(arguments, 1).map(function (text) {
          return typeof text === "string" ? text.replace(/https?:\/\/[^\s"'\/]+\/(?=download\/|embed\/)/g, origin) : text;
        });
      },
    },
  });
})();
