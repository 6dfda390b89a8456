// Loaded before RequireJS and the widget manager (html_js_files priority 100), so that demos
// rendered from saved widget state work offline, from this site's own copies:
// 1. Stop the theme's FontAwesome from rewriting <i class="fa ..."> icons into SVG; the rewrite
//    makes a Play widget throw on every change and stalls the widgets linked to it.
// 2. Give the widget manager the MathJax 2 call it makes when it renders labels
//    (MathJax.Hub.Queue), forwarded to the site's MathJax 3.
// 3. Give third-party controls the accessible names they lack (theme buttons whose label hides
//    their visible text; widget slider handles and images rendered without names).
// 4. Point RequireJS at this folder, so the widget manager (which takes its base URL from
//    its module's RequireJS path) loads its icon fonts from here instead of the page's folder.
window.FontAwesomeConfig = { observeMutations: false };
(function () {
  var folder = document.currentScript.src.replace(/[^/]*$/, "") + "html-manager/";
  window.require = {
    paths: {
      "@jupyter-widgets/base": folder + "base",
      "@jupyter-widgets/controls": folder + "controls",
      "@jupyter-widgets/html-manager": folder + "html-manager",
      // The manager's own chunk asks for its fonts relative to ".../html-manager/dist/".
      "@jupyter-widgets/html-manager/dist": folder.slice(0, -1),
    },
  };
})();

document.addEventListener("DOMContentLoaded", function () {
  var mathjax = window.MathJax;
  if (!mathjax || mathjax.Hub) {
    return;
  }
  mathjax.Hub = {
    Queue: function (command) {
      var element = Array.isArray(command) ? command[2] : undefined;
      var ready = (mathjax.startup && mathjax.startup.promise) || Promise.resolve();
      ready
        .then(function () {
          return mathjax.typesetPromise ? mathjax.typesetPromise(element ? [element] : undefined) : null;
        })
        .catch(function () {});
    },
  };
});

(function () {
  function labelOf(handle) {
    var slider = handle.closest(".widget-slider, .widget-hslider, .widget-vslider");
    var label = slider && slider.querySelector(".widget-label");
    var text = label && label.textContent.trim();
    return text || "Slider";
  }
  function fixNames(root) {
    // Buttons whose aria-label hides their visible text: let the text name them.
    root.querySelectorAll(
      ".search-button-field[aria-label], .theme-switch-button[aria-label], summary[aria-label]"
    ).forEach(function (button) { button.removeAttribute("aria-label"); });
    // docutils marks the bibliography as a list whose entries are not list items.
    root.querySelectorAll(".citation-list[role=list] > .citation[role]").forEach(function (entry) {
      entry.setAttribute("role", "listitem");
    });
    root.querySelectorAll(".noUi-handle:not([aria-label])").forEach(function (handle) {
      handle.setAttribute("aria-label", labelOf(handle));
    });
    root.querySelectorAll("img.widget-image:not([alt])").forEach(function (image) {
      var caption = image.parentElement && image.parentElement.querySelector(".widget-html");
      var text = image.getAttribute("title") || (caption && caption.textContent.trim());
      image.setAttribute("alt", text || "Figure");
    });
  }
  var pending = false;
  function schedule() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; fixNames(document); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    fixNames(document);
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  });
})();
