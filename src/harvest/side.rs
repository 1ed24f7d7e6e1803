//! Reading one language's words and candidates out of a unit: which
//! written words are capitalized names, which pairs of words are terms.

use super::*;

/// Whether a written word starts with a capital letter of `lang`'s script
/// and is not all capitals (an abbreviation).
pub(super) fn is_capitalized(raw: &str, lang: Lang) -> bool {
    let mut letters = raw.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return false;
    };
    let script = match lang {
        Lang::Ru => is_cyrillic_letter(first),
        Lang::En => first.is_ascii_alphabetic(),
    };
    let mut rest = letters.peekable();
    script && first.is_uppercase() && rest.peek().is_some() && !rest.all(char::is_uppercase)
}

/// Whether a word is written in letters (and inner hyphens or
/// apostrophes) only.
pub(super) fn is_wordlike(norm: &str) -> bool {
    norm.chars()
        .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
}

/// A possessive's name (`putin's` → `putin`).
pub(super) fn without_possessive(norm: &str) -> &str {
    norm.strip_suffix("'s")
        .or_else(|| norm.strip_suffix('\''))
        .unwrap_or(norm)
}

impl Side {
    pub(super) fn word(&mut self, norm: &str) -> u32 {
        let id = self.words.id(&norm.to_string());
        if self.stats.len() < self.words.len() {
            self.stats.push(WordStats::default());
        }
        id
    }

    /// Counts the cases of a side's words; per token, its word id when it
    /// is a capitalized word (else none), and when it can be a term's word.
    fn words_of(&mut self, analyzed: &Analyzed) -> (Vec<Option<u32>>, Vec<Option<u32>>) {
        let text = analyzed.text.as_str();
        let lang = analyzed.lang;
        let stop = match lang {
            Lang::Ru => RU_STOP,
            Lang::En => EN_STOP,
        };
        // Per token: its word id when it is a capitalized word, and whether
        // it starts a sentence.
        let mut capital: Vec<Option<u32>> = Vec::with_capacity(analyzed.tokens.len());
        let mut lower: Vec<Option<u32>> = Vec::with_capacity(analyzed.tokens.len());
        for (i, token) in analyzed.tokens.iter().enumerate() {
            let raw = &text[token.start..token.end];
            let before = match i.checked_sub(1) {
                Some(p) => &text[analyzed.tokens[p].end..token.start],
                None => &text[..token.start],
            };
            let starts =
                i == 0 || before.contains(['.', '!', '?', ':', '«', '"', '“', '„', '(', '—', '–']);
            if token.number || !is_wordlike(&token.norm) {
                capital.push(None);
                lower.push(None);
                continue;
            }
            let norm = match lang {
                Lang::En => without_possessive(&token.norm),
                Lang::Ru => token.norm.as_str(),
            };
            let id = self.word(norm);
            let stats = &mut self.stats[id as usize];
            let capitalized = is_capitalized(raw, lang);
            if capitalized {
                stats.capitalized += 1;
                stats.initial += u32::from(starts);
                if stats.surface.is_none() {
                    let shown = match lang {
                        Lang::En => raw
                            .strip_suffix("'s")
                            .or_else(|| raw.strip_suffix("’s"))
                            .unwrap_or(raw),
                        Lang::Ru => raw,
                    };
                    stats.surface = Some(shown.to_string());
                }
                capital.push(Some(id));
            } else {
                if raw.chars().next().is_some_and(char::is_lowercase) {
                    stats.lower += 1;
                }
                capital.push(None);
            }
            // A term's word is in lower case, or capitalized only as a
            // sentence's first word (`Базовая ставка выросла`).
            let lower_case = raw.chars().all(|c| !c.is_uppercase())
                || (capitalized && starts && raw.chars().skip(1).all(|c| !c.is_uppercase()));
            let content = lower_case
                && token.norm.chars().count() >= MIN_TERM_WORD_CHARS
                && !stop.contains(&token.norm.as_str());
            lower.push(content.then_some(id));
        }
        (capital, lower)
    }

    /// Reads the words of one side of a unit: counts their cases and adds
    /// the unit's name and term candidates.
    pub(super) fn read(&mut self, analyzed: &Analyzed, names: &mut Vec<u32>, terms: &mut Vec<u32>) {
        let text = analyzed.text.as_str();
        let (capital, lower) = self.words_of(analyzed);
        // Names: each capitalized word, and each run of two or three inside
        // a run of capitalized words joined by spaces only.
        let joined = |i: usize| {
            text[analyzed.tokens[i - 1].end..analyzed.tokens[i].start]
                .chars()
                .all(char::is_whitespace)
        };
        let mut i = 0;
        while i < capital.len() {
            if capital[i].is_none() {
                i += 1;
                continue;
            }
            let start = i;
            while i + 1 < capital.len() && capital[i + 1].is_some() && joined(i + 1) {
                i += 1;
            }
            // Whether a run's first word is a name, when it starts a
            // sentence, is decided later on the memory's evidence
            // (`Found::group_keys`).
            let run: Vec<u32> = capital[start..=i].iter().flatten().copied().collect();
            for len in 1..=MAX_NAME_WORDS.min(run.len()) {
                for window in run.windows(len) {
                    names.push(self.names.id(&window.to_vec()));
                }
            }
            i += 1;
        }
        // Terms: two consecutive content words.
        for k in 1..lower.len() {
            let (Some(a), Some(b)) = (lower[k - 1], lower[k]) else {
                continue;
            };
            if !joined(k) {
                continue;
            }
            let sa = self.stems.id(&analyzed.tokens[k - 1].stem);
            let sb = self.stems.id(&analyzed.tokens[k].stem);
            let term = self.terms.id(&[sa, sb]);
            terms.push(term);
            self.term_forms.entry([a, b]).or_insert((term, 0)).1 += 1;
        }
        names.sort_unstable();
        names.dedup();
        terms.sort_unstable();
        terms.dedup();
    }
}
