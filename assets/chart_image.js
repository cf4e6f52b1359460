/* "Download image": a chart (or the map) as PNG or SVG, made in the browser from the figure, with
 * its title above it and its source line, statuses, the date the data were written and the
 * address of the view below it, so a picture that travels alone is still cited. Nothing is
 * fetched: Plotly draws the chart offline and the frame is drawn here.
 *
 * Each control (components/cards.py image_control) names its graph and where the page shows the
 * title and source line; this reads them when the image is made, so the map's image follows the
 * view on screen. Presenter mode: the key "i" makes a 1600 x 900 PNG of the view on screen.
 */
(function () {
  "use strict";
  var KINDS = {
    "png-wide": { width: 1600, height: 900, format: "png" },
    "png-square": { width: 1080, height: 1080, format: "png" },
    "svg": { width: 1600, height: 900, format: "svg" }
  };
  var FONT = "Helvetica, Arial, sans-serif";

  /* An element's words, without the links to this site's source pages (a picture has no links). */
  function textOf(id) {
    var el = id && document.getElementById(id);
    if (!el) { return ""; }
    var copy = el.cloneNode(true);
    copy.querySelectorAll(".source-details").forEach(function (d) { d.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function details(control) {
    var d = control.dataset;
    var url = new URL(window.location.href);
    url.searchParams.delete("present");
    url.searchParams.delete("view");
    url.hash = d.hash || "";
    return {
      title: textOf(d.titleId),
      lines: [
        textOf(d.sourceId),
        d.statuses || "",
        d.built + " " + url.toString()
      ].filter(Boolean)
    };
  }

  /* Lines of at most `width` pixels in `font` (a word longer than that stands alone). */
  function wrap(text, font, width) {
    var ctx = document.createElement("canvas").getContext("2d");
    ctx.font = font;
    var lines = [];
    var line = "";
    text.split(" ").forEach(function (word) {
      var next = line ? line + " " + word : word;
      if (line && ctx.measureText(next).width > width) { lines.push(line); line = word; } else { line = next; }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  /* Where everything goes on a width x height image. */
  function frame(info, width, height) {
    var pad = Math.round(width / 40);
    var titleSize = Math.round(width / 50);
    var lineSize = Math.max(14, Math.round(width / 90));
    var titleFont = "bold " + titleSize + "px " + FONT;
    var lineFont = lineSize + "px " + FONT;
    var title = wrap(info.title, titleFont, width - 2 * pad);
    var foot = [];
    info.lines.forEach(function (l) { foot = foot.concat(wrap(l, lineFont, width - 2 * pad)); });
    var head = pad + title.length * titleSize * 1.25;
    var footH = pad + foot.length * lineSize * 1.4;
    return {
      pad: pad, titleSize: titleSize, lineSize: lineSize, titleFont: titleFont, lineFont: lineFont,
      title: title, foot: foot, chartTop: Math.round(head + pad / 2),
      chartHeight: Math.round(height - head - pad / 2 - footH), footTop: Math.round(height - footH + lineSize)
    };
  }

  function escapeXml(s) {
    return s.replace(/[<>&"']/g, function (c) {
      return { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" }[c];
    });
  }

  function toPng(gd, info, kind) {
    var f = frame(info, kind.width, kind.height);
    return window.Plotly.toImage(gd, { format: "png", width: kind.width, height: f.chartHeight }).then(function (src) {
      return new Promise(function (resolve, reject) {
        var img = new Image();
        img.onload = function () {
          var canvas = document.createElement("canvas");
          canvas.width = kind.width;
          canvas.height = kind.height;
          var ctx = canvas.getContext("2d");
          var fl = gd._fullLayout;
          ctx.fillStyle = fl.paper_bgcolor || "#ffffff";
          ctx.fillRect(0, 0, kind.width, kind.height);
          ctx.fillStyle = (fl.font && fl.font.color) || "#1a1a1a";
          ctx.textBaseline = "top";
          ctx.font = f.titleFont;
          f.title.forEach(function (l, i) { ctx.fillText(l, f.pad, f.pad + i * f.titleSize * 1.25); });
          ctx.drawImage(img, 0, f.chartTop, kind.width, f.chartHeight);
          ctx.font = f.lineFont;
          f.foot.forEach(function (l, i) { ctx.fillText(l, f.pad, f.footTop - f.lineSize + i * f.lineSize * 1.4); });
          canvas.toBlob(function (blob) { return blob ? resolve(blob) : reject(new Error("no image")); }, "image/png");
        };
        img.onerror = function () { reject(new Error("the chart could not be drawn")); };
        img.src = src;
      });
    });
  }

  function toSvg(gd, info, kind) {
    var f = frame(info, kind.width, kind.height);
    return window.Plotly.toImage(gd, { format: "svg", width: kind.width, height: f.chartHeight }).then(function (src) {
      var fl = gd._fullLayout;
      var colour = (fl.font && fl.font.color) || "#1a1a1a";
      var text = function (lines, top, size, step, weight) {
        return lines.map(function (l, i) {
          return '<text x="' + f.pad + '" y="' + (top + i * step + size) + '" font-family="' + FONT + '" font-size="' +
            size + '"' + (weight ? ' font-weight="' + weight + '"' : "") + ' fill="' + colour + '">' + escapeXml(l) + "</text>";
        }).join("");
      };
      var svg = '<svg xmlns="http://www.w3.org/2000/svg" width="' + kind.width + '" height="' + kind.height +
        '" viewBox="0 0 ' + kind.width + " " + kind.height + '"><title>' + escapeXml(info.title) + "</title>" +
        '<rect width="100%" height="100%" fill="' + (fl.paper_bgcolor || "#ffffff") + '"/>' +
        text(f.title, f.pad, f.titleSize, f.titleSize * 1.25, "bold") +
        '<image x="0" y="' + f.chartTop + '" width="' + kind.width + '" height="' + f.chartHeight + '" href="' +
        escapeXml(src) + '"/>' + text(f.foot, f.footTop - f.lineSize, f.lineSize, f.lineSize * 1.4) + "</svg>";
      return new Blob([svg], { type: "image/svg+xml" });
    });
  }

  function save(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    window.setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  /* Make and download the image of the graph a control names; resolves when the file is handed over. */
  function download(control, kindName) {
    var kind = KINDS[kindName];
    var holder = document.getElementById(control.dataset.graph);
    var gd = holder && (holder.classList.contains("js-plotly-plot") ? holder : holder.querySelector(".js-plotly-plot"));
    if (!kind || !gd || !window.Plotly) { return Promise.reject(new Error("no chart to draw")); }
    var info = details(control);
    var make = kind.format === "svg" ? toSvg : toPng;
    return make(gd, info, kind).then(function (blob) {
      save(blob, control.dataset.graph + "-" + kind.width + "x" + kind.height + "." + kind.format);
    });
  }

  function closeMenus(except) {
    document.querySelectorAll(".image-download .image-button[aria-expanded='true']").forEach(function (b) {
      if (b === except) { return; }
      b.setAttribute("aria-expanded", "false");
      b.parentNode.querySelector(".image-menu").hidden = true;
    });
  }

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest && ev.target.closest(".image-download .image-button");
    if (button) {
      var open = button.getAttribute("aria-expanded") !== "true";
      closeMenus(button);
      button.setAttribute("aria-expanded", open ? "true" : "false");
      var menu = button.parentNode.querySelector(".image-menu");
      menu.hidden = !open;
      if (open) { menu.querySelector("button").focus(); }
      return;
    }
    var choice = ev.target.closest && ev.target.closest(".image-download .image-kind");
    if (choice) {
      var control = choice.closest(".image-download");
      closeMenus(null);
      control.querySelector(".image-button").focus();
      download(control, choice.dataset.kind).catch(function (err) { window.console.warn(err.message); });
      return;
    }
    closeMenus(null);
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && document.querySelector(".image-download .image-button[aria-expanded='true']")) {
      closeMenus(null);
      return;
    }
    var presenting = new URLSearchParams(window.location.search).get("present") === "1";
    var tag = (ev.target && ev.target.tagName) || "";
    if (presenting && ev.key === "i" && !ev.ctrlKey && !ev.metaKey && !ev.altKey && !/INPUT|TEXTAREA|SELECT/.test(tag)) {
      var shown = Array.prototype.filter.call(document.querySelectorAll("main .image-download"), function (c) {
        var graph = document.getElementById(c.dataset.graph);
        return graph && graph.offsetParent !== null;
      });
      if (shown.length) { ev.preventDefault(); download(shown[0], "png-wide"); }
    }
  });

  window.wihtChartImage = { download: download, kinds: KINDS };
})();
