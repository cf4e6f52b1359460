/* Accessibility repairs for two Dash 4.4 core components, applied to the rendered DOM.
 *
 * dcc.Dropdown puts keyboard focus on an aria-hidden proxy <input> that forwards it to the real
 * trigger <button> (tabindex -1); axe-core rightly reports a focusable element hidden from assistive
 * technology. Here the button itself takes focus (it opens with Enter, Space or Arrow Down) and the
 * proxy leaves the tab order; the button's name also gets its visible <label>.
 * dcc.RadioItems renders native radio inputs inside role="option" labels of a role="listbox"; the
 * nested interactive roles confuse screen readers. Here the container becomes a radiogroup named by
 * its fieldset legend, and the labels lose the option roles, leaving plain labelled radios.
 * dcc.Upload's file input gets the drop zone's text as its name.
 * The component code is untouched; a MutationObserver re-applies the repairs when React re-renders.
 */
(function () {
  "use strict";
  var counter = 0;

  function ensureId(el, prefix) {
    if (!el.id) { counter += 1; el.id = prefix + "-" + counter; }
    return el.id;
  }

  function fixDropdown(wrapper) {
    var proxy = wrapper.querySelector(":scope > .dash-dropdown-focus-target");
    var button = wrapper.querySelector(":scope > button.dash-dropdown");
    if (!button) { return; }
    if (proxy && proxy.getAttribute("tabindex") !== "-1") { proxy.setAttribute("tabindex", "-1"); }
    var wanted = button.disabled ? "-1" : "0";
    if (button.getAttribute("tabindex") !== wanted) { button.setAttribute("tabindex", wanted); }
    if (button.id) {
      var label = document.querySelector("label[for='" + button.id + "']");
      var by = button.getAttribute("aria-labelledby") || "";
      if (label) {
        var labelId = ensureId(label, "dropdown-label");
        if (by.split(/\s+/).indexOf(labelId) < 0) {
          button.setAttribute("aria-labelledby", (labelId + " " + by).trim());
        }
      }
    }
  }

  function fixRadioGroup(group) {
    if (group.getAttribute("role") !== "radiogroup") { group.setAttribute("role", "radiogroup"); }
    var fieldset = group.closest("fieldset");
    var legend = fieldset && fieldset.querySelector("legend");
    if (legend && !group.hasAttribute("aria-labelledby")) {
      group.setAttribute("aria-labelledby", ensureId(legend, "radio-legend"));
    }
    group.querySelectorAll("label[role='option']").forEach(function (label) {
      label.removeAttribute("role");
      label.removeAttribute("aria-selected");
    });
  }

  function fixFileInput(input) {
    // dcc.Upload hides its <input type=file> inside the drop zone without a label: name it after
    // the drop zone's visible text, so a screen reader announces what the button is for.
    if (input.labels && input.labels.length) { return; }
    if (input.hasAttribute("aria-label") || input.hasAttribute("aria-labelledby")) { return; }
    var zone = input.parentElement;
    var text = zone ? (zone.textContent || "").replace(/\s+/g, " ").trim() : "";
    input.setAttribute("aria-label", text ? text.slice(0, 120) : "Choose a file to upload");
  }

  function repair(root) {
    root.querySelectorAll("input[type='file']").forEach(fixFileInput);
    root.querySelectorAll(".dash-dropdown-wrapper").forEach(fixDropdown);
    root.querySelectorAll(".dash-radioitems[role='listbox'], .dash-radioitems[role='radiogroup']").forEach(fixRadioGroup);
  }

  var scheduled = false;
  function schedule() {
    if (scheduled) { return; }
    scheduled = true;
    window.requestAnimationFrame(function () { scheduled = false; repair(document); });
  }

  new MutationObserver(function (mutations) {
    for (var i = 0; i < mutations.length; i += 1) {
      var m = mutations[i];
      if (m.type === "childList" || (m.target.closest && m.target.closest(".dash-dropdown-wrapper, .dash-radioitems"))) {
        schedule();
        // Repair at once as well, so a checker reading the DOM in the same frame sees it fixed.
        repair(document);
        return;
      }
    }
  }).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true,
    attributeFilter: ["tabindex", "role", "aria-selected", "aria-labelledby", "disabled"]
  });
  repair(document);
})();
