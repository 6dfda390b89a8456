#!/usr/bin/env bash
# Copy the browser assets the built site serves itself (no CDN) from the pinned npm packages in
# tools/vendor/ into vendor/, which is committed. Run by `make vendor` after changing a version.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --prefix tools/vendor --no-audit --no-fund --loglevel=error
modules=tools/vendor/node_modules
rm -rf vendor/html-manager vendor/mathjax vendor/require.js
mkdir -p vendor/html-manager vendor/mathjax/output/chtml/fonts
# The widget manager as one AMD bundle, and the FontAwesome fonts its CSS asks for (woff2 and
# woff only: every browser that runs the manager picks one of them; no source maps).
cp "$modules/@jupyter-widgets/html-manager/dist/embed-amd.js" vendor/html-manager/
cp "$modules/@jupyter-widgets/html-manager/dist/"*.woff2 "$modules/@jupyter-widgets/html-manager/dist/"*.woff vendor/html-manager/
cp "$modules/@jupyter-widgets/html-manager/LICENSE" vendor/html-manager/LICENSE 2>/dev/null || true
cp "$modules/@jupyter-widgets/html-manager/dist/embed.js.LICENSE.txt" vendor/html-manager/THIRD-PARTY-LICENSES.txt
cp "$modules/requirejs/require.js" vendor/require.js
# MathJax 3: the TeX-to-HTML component and its web fonts.
cp "$modules/mathjax/es5/tex-chtml.js" vendor/mathjax/
cp -r "$modules/mathjax/es5/output/chtml/fonts/woff-v2" vendor/mathjax/output/chtml/fonts/
cp "$modules/mathjax/LICENSE" vendor/mathjax/LICENSE
echo "vendor/: $(du -sh vendor | cut -f1)"
