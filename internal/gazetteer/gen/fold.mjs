// fold.mjs: the name folding that gen.mjs uses to compare names. It must
// agree with Fold in ../fold.go, which reads the table written by foldTable.

// Letters that Unicode does not decompose into a base letter and marks.
const special = {
  "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d",
  "þ": "th", "ı": "i", "ħ": "h", "ŀ": "l", "ŧ": "t", "ŋ": "ng", "ə": "e",
  "ǝ": "e", "ɛ": "e", "ɔ": "o", "ƒ": "f", "ĳ": "ij",
};
const apostrophes = /['’ʼʻ`]/gu;

// foldRune folds one lower-case character: drop its combining marks, then
// spell out the letters that have no decomposition (ǣ → æ → ae).
function foldRune(ch) {
  const base = ch.normalize("NFD").replace(/\p{M}/gu, "");
  return [...base].map((c) => special[c] ?? c).join("");
}

// fold lower-cases, drops diacritics and apostrophes, turns every other run
// of non-letters into one space, and drops a leading "the".
export function fold(s) {
  let t = "";
  for (const ch of s.toLowerCase()) t += foldRune(ch);
  t = t.replace(apostrophes, "").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  return t.replace(/^the /, "");
}

// foldTable lists [rune, folding] for every lower-case non-ASCII rune in
// names whose folding differs from itself, sorted by code point.
export function foldTable(names) {
  const runes = new Set();
  for (const n of names) {
    for (const ch of n) {
      const lc = ch.toLowerCase();
      if ([...lc].length === 1 && lc.codePointAt(0) > 127 && !/\p{M}/u.test(lc)) runes.add(lc);
    }
  }
  return [...runes]
    .map((r) => [r, foldRune(r)])
    .filter(([r, f]) => f !== r && f !== "")
    .sort((a, b) => a[0].codePointAt(0) - b[0].codePointAt(0));
}

// isExonym accepts an alternate name that reads as an English place name:
// ASCII letters, capitalised, not an all-capitals code ("GVA"), no digits or
// brackets. Foreign spellings with diacritics ("Genève") are left out: when
// they matter they are the city's own GeoNames name.
export function isExonym(a) {
  return a.length >= 3 && /^[A-Z][A-Za-z .'-]*$/.test(a) && /[a-z]/.test(a);
}

// splitParens turns "Myanmar (Burma)" into the name, "Myanmar" and "Burma",
// leaving out a part that keep rejects ("Congo (Republic)").
export function splitParens(n, keep) {
  const m = /^(.*?)\s*\((.*)\)$/.exec(n);
  return m ? [n, ...[m[1], m[2]].filter(keep)] : [n];
}

// stripParens turns "Congolese (Republic of the Congo)" into "Congolese".
export function stripParens(n) {
  return n.replace(/\s*\(.*\)$/, "");
}
