#!/usr/bin/env bash
# Page 1 of the policymaker brief as a PNG, for the README: what a newcomer will get.
# Builds the PDF if needed (an unchanged brief is not rebuilt), then renders page 1 with poppler.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=python3; [ -x .venv/bin/python ] && PYTHON=.venv/bin/python
"$PYTHON" -m briefgen build seeds/eu-japan.yaml --audience policymaker --format pdf >/dev/null
mkdir -p docs
# 96 dpi: a 794 x 1123 px page, sharp on screen and small enough for the repository
pdftoppm -png -r 96 -f 1 -l 1 -singlefile briefs/eu-japan-policymaker.pdf docs/policymaker-page1
echo "docs/policymaker-page1.png"
