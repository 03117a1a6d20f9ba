#!/usr/bin/env bash
# Copy the front-end assets installed by `npm ci` into static/vendor/ (gitignored),
# together with each package's licence files. Run from anywhere; paths are resolved
# relative to the project root.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
modules="$root/node_modules"
vendor="$root/static/vendor"

# copy_package <package dir under node_modules> <target dir under static/vendor> <file>...
copy_package() {
    local package="$modules/$1" target="$vendor/$2"
    shift 2
    if [[ ! -d "$package" ]]; then
        echo "copy_assets: $package is missing; run 'npm ci' first." >&2
        exit 1
    fi
    mkdir -p "$target"
    local file
    for file in "$@"; do
        cp "$package/$file" "$target/"
    done
    # Licence files (LICENSE, LICENSE.md, LICENSE-3RD-PARTY.txt, ...) travel with the code.
    local licence found=0
    for licence in "$package"/LICEN[CS]E*; do
        [[ -f "$licence" ]] || continue
        cp "$licence" "$target/"
        found=1
    done
    if [[ $found -eq 0 ]]; then
        echo "copy_assets: no licence file found in $package" >&2
        exit 1
    fi
}

copy_package @utrecht/component-library-css utrecht dist/index.css
copy_package @nl-design-system-unstable/voorbeeld-design-tokens voorbeeld dist/theme.css
copy_package axe-core axe axe.min.js
# The typeface (SIL Open Font License): Noto Sans for text, Noto Serif for headings; only the
# weights and styles the CSS uses, latin and latin-ext. Browsers read the woff2 files
# (static/css/fonts.css); the PDFs the woff files of the same fonts: WeasyPrint unpacks a font
# for every PDF, and woff2 takes it about 0.2 s a file (a third of a PDF's rendering time),
# woff a few milliseconds.
sans=()
for face in 400-normal 400-italic 700-normal; do
    for subset in latin latin-ext; do
        sans+=("files/noto-sans-$subset-$face.woff2" "files/noto-sans-$subset-$face.woff")
    done
done
copy_package @fontsource/noto-sans fonts/noto-sans "${sans[@]}"
serif=()
for subset in latin latin-ext; do
    serif+=("files/noto-serif-$subset-700-normal.woff2" "files/noto-serif-$subset-700-normal.woff")
done
copy_package @fontsource/noto-serif fonts/noto-serif "${serif[@]}"
# The PDFs' font faces (static/print/print.css imports them): fonts.css with the woff files.
sed -e 's/\.woff2") format("woff2")/.woff") format("woff")/' \
    -e 's#\.\./vendor/fonts/#./#' "$root/static/css/fonts.css" >"$vendor/fonts/print-fonts.css"
if grep -q 'woff2' "$vendor/fonts/print-fonts.css"; then
    echo "copy_assets: print-fonts.css still names a woff2 file" >&2
    exit 1
fi

echo "copy_assets: copied vendor assets into ${vendor#"$root"/}/"
