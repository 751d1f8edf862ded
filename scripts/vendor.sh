#!/usr/bin/env bash
# Fetch the front-end assets from the npm registry into static/vendor (see static/vendor/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent bootstrap@5.3.9 htmx.org@2.0.11 axe-core@4.14.1 >/dev/null)
for f in "$tmp"/*.tgz; do mkdir -p "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}" --strip-components=1; done
b="$tmp/bootstrap-5.3.9"
mkdir -p static/vendor/bootstrap/css static/vendor/bootstrap/js static/vendor/htmx static/vendor/axe-core
cp "$b"/dist/css/bootstrap.min.css* static/vendor/bootstrap/css/
cp "$b"/dist/js/bootstrap.bundle.min.js* static/vendor/bootstrap/js/
cp "$b"/LICENSE static/vendor/bootstrap/
cp "$tmp"/htmx.org-2.0.11/dist/htmx.min.js "$tmp"/htmx.org-2.0.11/LICENSE static/vendor/htmx/
cp "$tmp"/axe-core-4.14.1/axe.min.js "$tmp"/axe-core-4.14.1/LICENSE static/vendor/axe-core/
