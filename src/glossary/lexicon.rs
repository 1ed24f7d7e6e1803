//! Evidence about words for the name proposals: which words a body of text
//! (a memory's units, the document at hand, the glossary, a bundled list of
//! general vocabulary) has shown in lower case, which it has shown with a
//! capital inside a sentence, and in which inflected forms.
//!
//! A word seen in lower case is a common word, not a name by itself
//! (`Сторонники`, `Вчера`, `However`); a word seen capitalized inside a
//! sentence and never in lower case is a name even at the start of one.
//! The forms seen tell [`super::names`] which nominative an inflected name
//! has (`Талгаре` is `Талгар` when `Талгаром` was seen).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock};

use crate::text::{analyze, Lang};

/// General vocabulary that may open a sentence with a capital, written by
/// the tilmash team: one lower-case word per line, Russian then English,
/// `#` comments.
const GENERAL: &str = include_str!("general_words.txt");

/// Women's first names ending in -а/-я, one per line, `#` comments.
const FEMININE_FIRST_NAMES: &str = include_str!("first_names.txt");

/// How often a word was seen, by how it was written.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    /// Written in lower case (anywhere).
    pub lower: u32,
    /// Written with a capital, not as the first word of a sentence.
    pub capital_inside: u32,
}

/// Words seen in some texts, by normalized form (lower case, ё → е), with
/// the Snowball stems of the words seen in lower case.
///
/// A lexicon may sit *over* a shared one ([`Lexicon::over`]): it answers
/// as a copy of the shared one with its own evidence added would, counts
/// summed, without the copy. That is how a request adds its text to the
/// glossary's evidence, which is built once per glossary.
#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    base: Option<Arc<Lexicon>>,
    words: HashMap<String, Seen>,
    lower_stems: HashSet<String>,
    /// English name word (normalized) → the Russian base forms aligned
    /// with it in pairs, with counts.
    aligned: HashMap<String, HashMap<String, u32>>,
    /// Women's first names in the nominative (normalized).
    feminine: HashSet<String>,
}

static BUNDLED: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut lexicon = Lexicon::default();
    for line in GENERAL.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let lang = if line.chars().any(crate::text::is_cyrillic_letter) {
            Lang::Ru
        } else {
            Lang::En
        };
        lexicon.add_text(line, lang);
    }
    lexicon.feminine = FEMININE_FIRST_NAMES
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(crate::text::normalize)
        .collect();
    lexicon
});

/// Whether the first letter of a word is a capital.
pub(super) fn capitalized(raw: &str) -> bool {
    raw.chars().next().is_some_and(char::is_uppercase)
}

/// Whether the text before a word (of its segment) ends a sentence: nothing
/// but punctuation since the start, or a `.`, `!`, `?`, `…` followed by
/// spaces, quotes or dashes.
pub(super) fn sentence_initial(before: &str) -> bool {
    for c in before.chars().rev() {
        if c.is_alphanumeric() {
            return false;
        }
        if matches!(c, '.' | '!' | '?' | '…') {
            return true;
        }
    }
    true
}

/// The consonants of a Latin spelling, doubled letters and spelling
/// variants folded (`Khassenov`, `Khasenov` → `hsnv`; `Zh`/`J` alike), to
/// pair a name with its romanized counterpart.
fn skeleton(latin: &str) -> String {
    let lower = latin
        .to_lowercase()
        .replace("zh", "j")
        .replace("dj", "j")
        .replace("kh", "h")
        .replace("q", "k");
    let mut out = String::new();
    for c in lower.chars().filter(|c| c.is_ascii_alphabetic()) {
        if !"aeiouy".contains(c) && !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

impl Lexicon {
    /// An empty lexicon: no evidence.
    pub fn new() -> Lexicon {
        Lexicon::default()
    }

    /// A lexicon over `base`: the base's evidence plus what is added to
    /// this one.
    pub fn over(base: Arc<Lexicon>) -> Lexicon {
        Lexicon {
            base: Some(base),
            ..Lexicon::default()
        }
    }

    /// The bundled general vocabulary (`src/glossary/general_words.txt`):
    /// common Russian and English words that open sentences (`вчера`,
    /// `сторонники`, `however`), each as seen in lower case.
    pub fn bundled() -> &'static Lexicon {
        &BUNDLED
    }

    /// The bundled vocabulary plus the words of `texts` in `lang`.
    pub fn with_texts<'a>(texts: impl IntoIterator<Item = &'a str>, lang: Lang) -> Lexicon {
        let mut lexicon = Lexicon::bundled().clone();
        for text in texts {
            lexicon.add_text(text, lang);
        }
        lexicon
    }

    /// Records the words of `text` (one segment or a whole article) in `lang`.
    pub fn add_text(&mut self, text: &str, lang: Lang) {
        let analyzed = analyze(text, lang);
        for token in analyzed.tokens.iter().filter(|t| !t.number) {
            let raw = &text[token.start..token.end];
            let seen = self.words.entry(token.norm.clone()).or_default();
            if !capitalized(raw) {
                seen.lower += 1;
                self.lower_stems.insert(token.stem.clone());
            } else if !sentence_initial(&text[..token.start]) {
                seen.capital_inside += 1;
            }
        }
    }

    /// Records an aligned pair (a memory unit): both sides' words, and each
    /// capitalized English word paired with the capitalized Russian word of
    /// the same consonant skeleton once romanized (`Эльвира / Elvira`),
    /// the Russian one in base form.
    pub fn add_pair(&mut self, ru: &str, en: &str) {
        self.add_text(ru, Lang::Ru);
        self.add_text(en, Lang::En);
        let capitals = |text: &str| -> Vec<String> {
            crate::text::words(text)
                .into_iter()
                .map(|w| text[w.start..w.end].to_string())
                .filter(|w| capitalized(w))
                .collect()
        };
        // (skeleton, base form, as written)
        let russian: Vec<(String, String, String)> = capitals(ru)
            .into_iter()
            .map(|w| {
                let base = super::names::base_form_in(&w, self);
                (skeleton(&super::names::romanize(&base)), base, w)
            })
            .collect();
        for word in capitals(en) {
            let word = super::names::without_possessive(&word).to_string();
            let key = skeleton(&word);
            if key.chars().count() < 2 {
                continue;
            }
            for (_, base, written) in russian.iter().filter(|(k, ..)| *k == key) {
                // An English `-a` keeps a woman's surname: `Azimova` is
                // `Азимова`, which base_form reads as the genitive of `Азимов`.
                let feminine = word.ends_with('a')
                    && !base.ends_with(['а', 'я'])
                    && written.ends_with(['а', 'я']);
                let base = if feminine { written } else { base };
                *self
                    .aligned
                    .entry(crate::text::normalize(&word))
                    .or_default()
                    .entry(base.clone())
                    .or_default() += 1;
            }
        }
    }

    /// The Russian spelling most often aligned with an English name word
    /// (see [`Lexicon::add_pair`]), if any.
    pub fn aligned(&self, word: &str) -> Option<String> {
        let mut seen = HashMap::new();
        self.aligned_counts(&crate::text::normalize(word), &mut seen);
        seen.into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(ru, _)| ru)
    }

    /// Adds the counts of the Russian spellings aligned with `norm` (here
    /// and in the base) to `into`.
    fn aligned_counts(&self, norm: &str, into: &mut HashMap<String, u32>) {
        if let Some(base) = &self.base {
            base.aligned_counts(norm, into);
        }
        for (ru, n) in self.aligned.get(norm).into_iter().flatten() {
            *into.entry(ru.clone()).or_default() += n;
        }
    }

    /// Records the words of a glossary term: a capitalized word as a name
    /// (a term's capital is not a sentence's), a lower-case one as common.
    pub fn add_term(&mut self, term: &str, lang: Lang) {
        let analyzed = analyze(term, lang);
        for token in analyzed.tokens.iter().filter(|t| !t.number) {
            let seen = self.words.entry(token.norm.clone()).or_default();
            if capitalized(&term[token.start..token.end]) {
                seen.capital_inside += 1;
            } else {
                seen.lower += 1;
                self.lower_stems.insert(token.stem.clone());
            }
        }
    }

    /// What was seen of a word (any case; compared normalized).
    pub fn seen(&self, word: &str) -> Seen {
        self.seen_norm(&crate::text::normalize(word))
    }

    fn seen_norm(&self, norm: &str) -> Seen {
        let own = self.words.get(norm).copied().unwrap_or_default();
        let base = self
            .base
            .as_ref()
            .map_or_else(Seen::default, |b| b.seen_norm(norm));
        Seen {
            lower: own.lower + base.lower,
            capital_inside: own.capital_inside + base.capital_inside,
        }
    }

    fn has_lower_stem(&self, stem: &str) -> bool {
        self.lower_stems.contains(stem)
            || self.base.as_ref().is_some_and(|b| b.has_lower_stem(stem))
    }

    fn knows_norm(&self, norm: &str) -> bool {
        self.words.contains_key(norm) || self.base.as_ref().is_some_and(|b| b.knows_norm(norm))
    }

    fn feminine_norm(&self, norm: &str) -> bool {
        self.feminine.contains(norm) || self.base.as_ref().is_some_and(|b| b.feminine_norm(norm))
    }

    /// Whether the word is a woman's first name in the nominative
    /// (`Гульнара`; the bundled list `first_names.txt`).
    pub fn feminine_first_name(&self, word: &str) -> bool {
        self.feminine_norm(&crate::text::normalize(word))
    }

    /// Whether the word was seen at all, in any form of writing.
    pub fn knows(&self, word: &str) -> bool {
        self.knows_norm(&crate::text::normalize(word))
    }

    /// Whether the word, or a word of the same Snowball stem in `lang`
    /// (`сторонников` for `Сторонники`), was seen in lower case: a common
    /// word, not a name by itself.
    pub fn common(&self, word: &str, lang: Lang) -> bool {
        if self.seen(word).lower > 0 {
            return true;
        }
        analyze(word, lang)
            .tokens
            .first()
            .is_some_and(|t| t.stem.chars().count() >= 4 && self.has_lower_stem(&t.stem))
    }

    /// Whether the word was seen with a capital inside a sentence and never
    /// in lower case: a name, even where it opens a sentence.
    pub fn name_like(&self, word: &str) -> bool {
        let seen = self.seen(word);
        seen.capital_inside > 0 && seen.lower == 0
    }
}

impl super::Glossary {
    /// The bundled vocabulary plus the glossary's own evidence: the words
    /// of its names (`Ерлан` of `Ерлан Кошанов`) as names, its lower-case
    /// words as common words. Built once per glossary (the first call) and
    /// shared: what the caller adds stays in the returned lexicon.
    pub fn lexicon(&self) -> Lexicon {
        let shared = self.lexicon.get_or_init(|| {
            let mut lexicon = Lexicon::bundled().clone();
            for entry in self.entries() {
                for lang in Lang::ALL {
                    for form in entry.written_forms(lang) {
                        lexicon.add_term(form, lang);
                    }
                }
            }
            Arc::new(lexicon)
        });
        Lexicon::over(Arc::clone(shared))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lexicon over a shared base answers every question as a copy of
    /// the base with the same evidence added does.
    #[test]
    fn a_lexicon_over_a_base_answers_as_a_copy_would() {
        let mut base = Lexicon::bundled().clone();
        base.add_term("Эльвира Азимова", Lang::Ru);
        base.add_term("аким", Lang::Ru);
        base.add_pair("Вчера Эльвира приехала.", "Yesterday Elvira arrived.");
        let mut copy = base.clone();
        let mut over = Lexicon::over(Arc::new(base));
        for lexicon in [&mut copy, &mut over] {
            lexicon.add_text(
                "Аким встретил Эльвиру, эльвира ушла. Талгар рядом.",
                Lang::Ru,
            );
            lexicon.add_pair(
                "Эльвиру Азимову видели в Талгаре.",
                "Elvira Azimova was seen in Talgar.",
            );
            lexicon.add_pair("Эльвира вернулась.", "Elvira returned.");
        }
        let words = [
            "Эльвира",
            "эльвиру",
            "Азимова",
            "аким",
            "акимы",
            "Талгар",
            "Талгаре",
            "вчера",
            "Вчера",
            "сторонники",
            "Гульнара",
            "Никто",
            "elvira",
            "Elvira",
            "Azimova",
            "Talgar",
            "however",
        ];
        for word in words {
            assert_eq!(over.seen(word), copy.seen(word), "{word}");
            assert_eq!(over.knows(word), copy.knows(word), "{word}");
            assert_eq!(over.name_like(word), copy.name_like(word), "{word}");
            assert_eq!(over.aligned(word), copy.aligned(word), "{word}");
            assert_eq!(
                over.feminine_first_name(word),
                copy.feminine_first_name(word),
                "{word}"
            );
            for lang in Lang::ALL {
                assert_eq!(over.common(word, lang), copy.common(word, lang), "{word}");
            }
        }
        assert_eq!(over.seen("эльвира").lower, copy.seen("эльвира").lower);
        assert!(
            over.seen("Эльвира").capital_inside >= 2,
            "base and own counts add up"
        );
        assert_eq!(over.aligned("Elvira").as_deref(), Some("Эльвира"));
    }

    #[test]
    fn the_glossary_lexicon_is_built_once_and_kept_apart_from_what_callers_add() {
        let glossary = crate::glossary::Glossary::default();
        let mut first = glossary.lexicon();
        first.add_text("слово-одиночка встречено", Lang::Ru);
        let second = glossary.lexicon();
        assert!(first.knows("слово-одиночка"));
        assert!(
            !second.knows("слово-одиночка"),
            "a caller's words stay its own"
        );
        assert!(
            second.common("вчера", Lang::Ru),
            "the bundled vocabulary is in"
        );
    }

    #[test]
    fn lower_case_and_inside_capitals_are_told_apart() {
        let mut lexicon = Lexicon::new();
        lexicon.add_text("Вчера сторонников Ерболата видели в Талгаре.", Lang::Ru);
        lexicon.add_text("Ерболат пришёл. Потом вчера ушёл.", Lang::Ru);
        assert_eq!(lexicon.seen("вчера").lower, 1);
        assert_eq!(lexicon.seen("ВЧЕРА").capital_inside, 0, "sentence-initial");
        assert!(lexicon.common("Вчера", Lang::Ru));
        assert!(
            lexicon.common("Сторонники", Lang::Ru),
            "same stem as сторонников"
        );
        assert!(!lexicon.common("Ерболат", Lang::Ru));
        assert!(lexicon.name_like("Талгаре"));
        assert!(!lexicon.name_like("Ерболат"), "only seen opening sentences");
        assert!(lexicon.name_like("Ерболата"));
        assert!(
            !lexicon.name_like("Потом"),
            "opens a sentence after a full stop"
        );
    }

    #[test]
    fn the_bundled_list_knows_sentence_openers() {
        let lexicon = Lexicon::bundled();
        for word in ["Вчера", "Сторонники", "Однако", "However", "The", "Police"]
        {
            assert!(
                lexicon.common(word, if word.is_ascii() { Lang::En } else { Lang::Ru }),
                "{word}"
            );
        }
        for name in ["Косанов", "Талгар", "Khasenov", "Daniyar"] {
            assert!(!lexicon.knows(name), "{name}");
        }
    }

    #[test]
    fn aligned_names_pair_by_skeleton() {
        let mut lexicon = Lexicon::new();
        lexicon.add_pair(
            "Суд над Данияром Хасеновым отложен, сообщила Асель.",
            "The trial of Daniyar Khassenov was postponed, Assel said.",
        );
        assert_eq!(lexicon.aligned("Khassenov").as_deref(), Some("Хасенов"));
        assert_eq!(lexicon.aligned("Assel").as_deref(), Some("Асель"));
        assert_eq!(lexicon.aligned("The"), None);
        assert_eq!(skeleton("Zhaparov"), skeleton("Japarov"));
    }

    #[test]
    fn sentence_starts() {
        assert!(sentence_initial(""));
        assert!(sentence_initial("«"));
        assert!(sentence_initial("Он ушёл. "));
        assert!(sentence_initial("Он ушёл? — "));
        assert!(!sentence_initial("Он сказал "));
        assert!(!sentence_initial("в "));
    }
}
