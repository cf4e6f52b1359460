/* The language switch in the header: opens the same view in the other language. The server writes
 * each switch link with the page's own path (components/shell.py); here, on a click, the rest of
 * the address comes along (the map's view, the presenter's step, an anchor), with only `lang`
 * changed. A full load, so <html lang> and every part of the page follow the new language.
 */
(function () {
  "use strict";
  document.addEventListener("click", function (ev) {
    var link = ev.target.closest && ev.target.closest("a.lang-switch");
    if (!link || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) { return; }
    var wanted = new URL(link.href, window.location.origin).searchParams.get("lang");
    var url = new URL(window.location.href);
    if (wanted) { url.searchParams.set("lang", wanted); } else { url.searchParams.delete("lang"); }
    ev.preventDefault();
    ev.stopPropagation();
    window.location.assign(url.toString());
  }, true);
})();
