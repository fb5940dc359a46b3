// What the public verification page may say about a certificate's holder: initials and the
// surname ("Ayesha Siddiqa Khan" → "A. S. Khan"), enough to match a person in front of you,
// not enough to look them up. Pure.

/** The first letter of a word, upper-cased where the script has case (Urdu has none). */
function initial(word: string): string | null {
  const letter = /\p{L}/u.exec(word)?.[0];
  return letter ? letter.toLocaleUpperCase('en') : null;
}

export function maskHolderName(fullName: string): string {
  const words = fullName
    .trim()
    .split(/\s+/u)
    .filter((w) => w.length > 0);
  if (words.length <= 1) return words[0] ?? '';
  const surname = words[words.length - 1];
  const initials = words
    .slice(0, -1)
    .map(initial)
    .filter((i): i is string => i !== null)
    .map((i) => `${i}.`);
  return [...initials, surname].join(' ');
}
