/* Presenter mode and display themes, shared by every page.
 *
 * Presenter mode is on while the address bar holds ?present=1 (so a copied link restores it) and
 * steps through a fixed story: each page's <section class="view"> elements in turn, then the next
 * page. Right arrow, Page Down and space go forward; left arrow and Page Up go back (what clickers
 * send); Escape leaves. Moving within a page only rewrites the address bar; moving to another page
 * goes through Dash's router (pushState + popstate), so nothing reloads.
 *
 * Themes (light, dark, high contrast) are classes on <html>, remembered in localStorage, and reach
 * into every Plotly figure through Plotly.relayout. The navigation marks the current page.
 */
(function () {
  "use strict";
  var STORY = ["/", "/map", "/milwaukee", "/youth", "/trends", "/sources"];
  var navigating = null;  // set while Dash's router replaces the page after goTo()
  var THEMES = {
    light: { paper: "#ffffff", text: "#1a1a1a", grid: "#e5e5e5" },
    dark: { paper: "#121212", text: "#f2f2f2", grid: "#3a3a3a" },
    contrast: { paper: "#000000", text: "#ffffff", grid: "#8c8c8c" }
  };

  function query() { return new URLSearchParams(window.location.search); }
  function presenting() { return query().get("present") === "1"; }
  function views() { return Array.prototype.slice.call(document.querySelectorAll("main .view")); }
  function viewIndex(count) {
    var v = parseInt(query().get("view") || "0", 10);
    if (isNaN(v)) { v = 0; }
    if (v < 0) { v = count + v; }
    return Math.max(0, Math.min(v, Math.max(count - 1, 0)));
  }
  function storyIndex() {
    var i = STORY.indexOf(window.location.pathname);
    return i < 0 ? 0 : i;
  }
  function withParams(path, params) {
    var s = params.toString();
    return path + (s ? "?" + s : "");
  }

  function graphFontSize() {
    return Math.max(18, Math.round(window.innerWidth / 64));
  }

  function styleGraphs() {
    if (!window.Plotly) { return; }
    var theme = THEMES[currentTheme()] || THEMES.light;
    var big = presenting();
    document.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
      if (!gd.layout) { return; }
      var update = {
        "paper_bgcolor": theme.paper, "plot_bgcolor": theme.paper, "font.color": theme.text,
        "font.size": big ? graphFontSize() : 18,
        "legend.font.size": big ? graphFontSize() : 18,
        "xaxis.gridcolor": theme.grid, "yaxis.gridcolor": theme.grid
      };
      if (gd.layout.geo) { update["geo.bgcolor"] = theme.paper; }
      var lay = gd.layout;
      var done = lay.paper_bgcolor === theme.paper && lay.font && lay.font.color === theme.text &&
        lay.font.size === update["font.size"];
      if (!done) { window.Plotly.relayout(gd, update); }
    });
  }

  function markCurrentPage() {
    // The navigation says where the reader is (aria-current), which dcc.Link does not do itself.
    document.querySelectorAll(".site-header nav a[href]").forEach(function (a) {
      var here = a.getAttribute("href") === window.location.pathname;
      if (here && a.getAttribute("aria-current") !== "page") { a.setAttribute("aria-current", "page"); }
      if (!here && a.hasAttribute("aria-current")) { a.removeAttribute("aria-current"); }
    });
  }

  var scrolledTo = null;
  function scrollToHash() {
    // A permalink (/page#chart-card) names an element Dash renders after the page loads: scroll to it
    // once it exists, once per address.
    var hash = window.location.hash.slice(1);
    var key = window.location.pathname + "#" + hash;
    if (!hash || scrolledTo === key) { return; }
    var el = document.getElementById(decodeURIComponent(hash));
    if (el) { scrolledTo = key; el.scrollIntoView({ block: "start" }); }
  }

  function apply() {
    markCurrentPage();
    scrollToHash();
    var on = presenting();
    var root = document.documentElement;
    var changed = root.classList.contains("presenting") !== on;
    root.classList.toggle("presenting", on);
    if (changed && window.Plotly) {
      // Type and layout sizes change with the mode: let every graph measure its box again.
      window.requestAnimationFrame(function () {
        document.querySelectorAll(".js-plotly-plot").forEach(function (gd) { window.Plotly.Plots.resize(gd); });
      });
    }
    var page = document.querySelector("main .page");
    if (navigating && page === navigating.from) { styleGraphs(); return; }  // the old page is still shown
    navigating = null;
    var all = views();
    var current = viewIndex(all.length);
    var params = query();
    if (on && all.length && params.get("view") !== null && params.get("view") !== String(current)) {
      // Keep a canonical link in the address bar (view=-1, "the last one", becomes its number).
      params.set("view", String(current));
      window.history.replaceState(window.history.state, "", withParams(window.location.pathname, params));
    }
    all.forEach(function (el, i) {
      var shown = !on || i === current;
      var was = !el.classList.contains("view-hidden");
      el.classList.toggle("view-hidden", !shown);
      if (shown) { el.removeAttribute("aria-hidden"); } else { el.setAttribute("aria-hidden", "true"); }
      if (shown && !was && window.Plotly) {
        // A graph drawn while hidden has no size: let Plotly measure it again.
        el.querySelectorAll(".js-plotly-plot").forEach(function (gd) { window.Plotly.Plots.resize(gd); });
      }
    });
    var status = document.getElementById("presenter-status");
    if (status) {  // the words come from the page, in its language (components/shell.py)
      status.textContent = on ? (status.dataset.template || "")
        .replace("{n}", String(current + 1)).replace("{total}", String(Math.max(all.length, 1))) : "";
    }
    var select = document.getElementById("theme-select");  // a new page's select shows the theme in use
    if (select && select.value !== currentTheme()) { select.value = currentTheme(); }
    styleGraphs();
  }

  function goTo(path, params) {
    navigating = { from: document.querySelector("main .page") };
    window.history.pushState(null, "", withParams(path, params));
    window.dispatchEvent(new PopStateEvent("popstate", { state: null }));
    window.setTimeout(apply, 0);
  }

  function step(delta) {
    if (navigating && document.querySelector("main .page") === navigating.from) { return; }  // still loading
    var params = query();
    var count = views().length;
    var v = viewIndex(count) + delta;
    if (v >= 0 && v < count) {
      params.set("view", String(v));
      window.history.pushState(null, "", withParams(window.location.pathname, params));
      apply();
      return;
    }
    var next = storyIndex() + delta;
    if (next < 0 || next >= STORY.length) { return; }
    var fresh = new URLSearchParams({ present: "1", view: delta > 0 ? "0" : "-1" });
    if (params.get("lang")) { fresh.set("lang", params.get("lang")); }  // the story stays in its language
    goTo(STORY[next], fresh);
  }

  function setPresenting(on) {
    var params = query();
    if (on) { params.set("present", "1"); } else { params.delete("present"); params.delete("view"); }
    window.history.pushState(null, "", withParams(window.location.pathname, params));
    apply();
    var main = document.getElementById("main");
    if (on && main) { main.focus(); }
  }

  function currentTheme() {
    try { return window.localStorage.getItem("wiht-theme") || "light"; } catch (e) { return "light"; }
  }
  function setTheme(name) {
    if (!THEMES[name]) { name = "light"; }
    try { window.localStorage.setItem("wiht-theme", name); } catch (e) { /* private mode */ }
    var root = document.documentElement;
    Object.keys(THEMES).forEach(function (t) { root.classList.toggle("theme-" + t, t === name); });
    var select = document.getElementById("theme-select");
    if (select && select.value !== name) { select.value = name; }
    styleGraphs();
  }

  document.addEventListener("keydown", function (ev) {
    if (!presenting() || ev.altKey || ev.ctrlKey || ev.metaKey) { return; }
    var tag = (ev.target && ev.target.tagName) || "";
    var typing = /INPUT|TEXTAREA|SELECT/.test(tag) || (ev.target && ev.target.isContentEditable);
    if (ev.key === "Escape") { ev.preventDefault(); setPresenting(false); return; }
    if (typing) { return; }
    if (ev.key === "ArrowRight" || ev.key === "PageDown" || ev.key === " ") { ev.preventDefault(); step(1); }
    else if (ev.key === "ArrowLeft" || ev.key === "PageUp") { ev.preventDefault(); step(-1); }
  });

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest && ev.target.closest("#presenter-toggle");
    if (button) { ev.preventDefault(); setPresenting(!presenting()); return; }
    var link = ev.target.closest && ev.target.closest("a[href^='/']");
    if (link && presenting() && !link.hasAttribute("download") && link.getAttribute("href").indexOf("/download/") !== 0) {
      var url = new URL(link.getAttribute("href"), window.location.origin);
      if (!url.searchParams.has("present")) {
        ev.preventDefault();
        ev.stopPropagation();
        url.searchParams.set("present", "1");
        url.searchParams.set("view", "0");
        goTo(url.pathname, url.searchParams);
      }
    }
  }, true);

  document.addEventListener("change", function (ev) {
    if (ev.target && ev.target.id === "theme-select") { setTheme(ev.target.value); }
  });

  window.addEventListener("popstate", function () { window.setTimeout(apply, 0); });

  var pending = false;
  new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; apply(); });
  }).observe(document.documentElement, { childList: true, subtree: true });

  setTheme(currentTheme());
  window.wihtPresenter = { step: step, setPresenting: setPresenting, setTheme: setTheme, apply: apply };
})();
