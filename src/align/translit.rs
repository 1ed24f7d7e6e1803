//! Names across scripts: a *skeleton* that irons out the spelling
//! conventions of English renderings of Russian and Kazakh names, so that
//! `Токаеву` and `Tokayev`, `Жанаозен` and `Zhanaozen`, `Москве` and
//! `Moscow` come out close enough for a string similarity to pair them.
//!
//! Cyrillic is first romanized as the glossary does it
//! ([`romanize`](crate::glossary::names::romanize): the system
//! Kazakhstan's government uses for English), then both sides go through
//! the same skeleton. It is not meant to be read: it folds `kh`/`h`,
//! `ts`/`tz`/`c`, `zh`/`dzh`/`j`, `ks`/`x`, `y`/`i`, `w`/`v`, `ie`/`e` and
//! doubled letters, and drops a silent `h`.

/// The comparison skeleton of a Latin (or transliterated) name: lower case
/// ASCII letters only, spelling variants folded (see the module
/// documentation). `Tokayev`, `Tokaev` and `Токаев` all give `tokaev`.
pub fn skeleton(latin: &str) -> String {
    let lower: Vec<char> = latin
        .chars()
        .flat_map(char::to_lowercase)
        .map(fold_accent)
        .filter(char::is_ascii_lowercase)
        .collect();
    // Digraphs and letters with several spellings, to one letter each.
    let mut folded: Vec<char> = Vec::with_capacity(lower.len());
    let mut i = 0;
    while i < lower.len() {
        let (piece, used): (&[char], usize) = match &lower[i..] {
            ['s', 'h', 'c', 'h', ..] => (&['s'], 4),
            ['d', 'z', 'h', ..] => (&['j'], 3),
            ['t', 'c', 'h', ..] | ['t', 's', 'c', 'h', ..] => (&['c'], 3),
            ['s', 'c', 'h', ..] => (&['s'], 3),
            ['s', 'h', ..] => (&['s'], 2),
            ['z', 'h', ..] => (&['j'], 2),
            ['k', 'h', ..] | ['g', 'h', ..] => (&['h'], 2),
            ['c', 'h', ..] => (&['c'], 2),
            ['t', 's', ..] | ['t', 'z', ..] => (&['c'], 2),
            ['c', 'k', ..] => (&['k'], 2),
            ['p', 'h', ..] => (&['f'], 2),
            ['t', 'h', ..] => (&['t'], 2),
            ['q', 'u', ..] => (&['k', 'v'], 2),
            ['x', ..] => (&['k', 's'], 1),
            ['q', ..] => (&['k'], 1),
            ['w', ..] => (&['v'], 1),
            ['y', ..] => (&['i'], 1),
            // A `c` before e, i, y sounds as s (Cyprus, Francisco), else k.
            ['c', 'e' | 'i' | 'y', ..] => (&['s'], 1),
            ['c', ..] => (&['k'], 1),
            [c, ..] => (std::slice::from_ref(c), 1),
            [] => break,
        };
        folded.extend_from_slice(piece);
        i += used;
    }
    // A silent or guttural `h` is dropped (`Mohammed`/`Мухаммед`,
    // `Khasenov`/`Хасенов`), `ie` is `e` (`Tokayev`/`Токаев` after `y` → `i`),
    // and doubled letters are single.
    let mut out = String::with_capacity(folded.len());
    for (k, &c) in folded.iter().enumerate() {
        if c == 'h' || (c == 'i' && folded.get(k + 1) == Some(&'e')) || out.ends_with(c) {
            continue;
        }
        out.push(c);
    }
    out
}

/// Latin letters with diacritics → their base letter (`é` → `e`, `ş` → `s`).
fn fold_accent(c: char) -> char {
    match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' | 'ə' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è'..='ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ì'..='ï' | 'ī' | 'ı' | 'į' => 'i',
        'ñ' | 'ń' | 'ň' | 'ņ' => 'n',
        'ò'..='ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ù'..='ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ś' | 'š' | 'ş' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        'ğ' => 'g',
        'ł' => 'l',
        'ř' => 'r',
        'ť' | 'ţ' => 't',
        'ď' => 'd',
        c => c,
    }
}

/// Shortest skeleton compared by similarity; shorter ones must be equal.
const MIN_FUZZY_CHARS: usize = 4;
/// Russian case endings are at most this many letters of the skeleton
/// (`-ами`, `-ому`, `-ого` → `ami`, `omu`, `ogo`).
const MAX_ENDING_CHARS: usize = 3;

/// How similar a Russian name's skeleton (`ru`, inflected: `tokaevu`) is to
/// an English one (`en`: `tokaiev`), in 0..1: the Jaro–Winkler similarity
/// of `en` and `ru` with up to three final letters removed (the case
/// ending), whichever is highest. Skeletons shorter than four letters
/// count only when equal.
pub fn name_similarity(ru: &str, en: &str) -> f64 {
    if ru == en {
        return 1.0;
    }
    if ru.len() < MIN_FUZZY_CHARS || en.len() < MIN_FUZZY_CHARS {
        return 0.0;
    }
    let mut best = 0.0f64;
    for cut in 0..=MAX_ENDING_CHARS {
        let Some(stem) = ru.get(..ru.len().saturating_sub(cut)) else {
            break;
        };
        if stem.len() < MIN_FUZZY_CHARS.min(en.len()) {
            break;
        }
        best = best.max(strsim::jaro_winkler(stem, en));
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::names::romanize;

    #[test]
    fn skeletons_meet() {
        // (Russian, English): both skeletons must be equal.
        let equal = [
            ("Жанаозен", "Zhanaozen"),
            ("Хасенов", "Khasenov"),
            ("Шымкент", "Shymkent"),
            ("Алексей", "Aleksei"),
            ("Джонсон", "Johnson"),
            ("Цой", "Tsoi"),
            ("Вашингтон", "Washington"),
        ];
        for (ru, en) in equal {
            assert_eq!(skeleton(&romanize(ru)), skeleton(en), "{ru} / {en}");
        }
    }

    #[test]
    fn similarity_table() {
        // (rule, Russian word, English word, at least, at most)
        let cases = [
            ("inflected surname", "Токаеву", "Tokayev", 0.9, 1.0),
            ("genitive surname", "Назарбаева", "Nazarbayev", 0.9, 1.0),
            ("instrumental city", "Алматой", "Almaty", 0.9, 1.0),
            ("locative", "Астане", "Astana", 0.9, 1.0),
            ("different names", "Токаев", "Nazarbayev", 0.0, 0.7),
            ("short names equal only", "Ким", "Kim", 1.0, 1.0),
            ("short names differ", "Ли", "Lu", 0.0, 0.0),
            ("unrelated words", "Президент", "Parliament", 0.0, 0.85),
        ];
        for (rule, ru, en, low, high) in cases {
            let s = name_similarity(&skeleton(&romanize(ru)), &skeleton(en));
            assert!((low..=high).contains(&s), "{rule}: {ru} / {en} = {s}");
        }
    }
}
