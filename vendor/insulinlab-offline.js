// Loaded before RequireJS and the widget manager (html_js_files priority 100), so that demos
// rendered from saved widget state work offline, from this site's own copies:
// 1. Stop the theme's FontAwesome from rewriting <i class="fa ..."> icons into SVG; the rewrite
//    makes a Play widget throw on every change and stalls the widgets linked to it.
// 2. Give the widget manager the MathJax 2 call it makes when it renders labels
//    (MathJax.Hub.Queue), forwarded to the site's MathJax 3.
// 3. Point RequireJS at this folder, so the widget manager (which takes its base URL from
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
