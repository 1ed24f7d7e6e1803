//! What the index stores for each unit, and how a unit becomes a document.
//!
//! Per language side (`ru_*`, `en_*`):
//! - `*_terms`: one index token per word ([`index_token`]), with term
//!   frequencies: the candidate filter counts shared tokens from these
//!   postings; and, after the token of a number, in a memory of schema
//!   version 6 on, that number's own token ([`number_token`]), which only
//!   concordance reads (the filter looks up the query's index tokens, and
//!   no index token is a number's own);
//! - `*_len`: the number of words (fast field), for the length bound;
//! - `*_exact`: a hash of the normalized text, for segments without words
//!   (indexed only for a side without words: memories written before
//!   2026-11-30 have it on every side, which changes no search);
//! - `*_sig`: the words' signatures ([`crate::score::signature`]) as a
//!   multi-valued fast field (`position << 32 | signature`), from which the
//!   candidate filter computes a lower bound of the distance without
//!   reading the stored unit.
//!
//! The unit itself is stored whole as JSON in `unit`; `id`, `date`,
//! `article` and `origin` are indexed or fast for look-ups and filters.
//!
//! A pair met again at another place (another article, or another position)
//! adds an *occurrence document* ([`Fields::occurrence_document`]): the
//! unit's `id`, the place's `article` and `date`, and the place as JSON in
//! `unit` ([`StoredOccurrence`]), but no words, so that retrieval never
//! meets it and a unit is never found twice; the `*_len` fast field, which
//! every unit document has, tells the two kinds apart.
//!
//! A unit whose source holds several sentences adds a *sentence entry*
//! per confident bead of its alignment ([`Fields::sentence_document`],
//! `crate::paragraph`): the aligned sentences' words on both sides, as a
//! unit's, so that retrieval finds them exactly as it finds units; the
//! entry as JSON in `unit` ([`SentenceEntry`]: the sentences at the
//! paragraph unit's place, and which unit and sentences they are); and no
//! `id`, which is what tells an entry from a unit or an occurrence (every
//! one of those has an `id`), so that id look-ups never meet one.
//! A side of such a unit with two sentences or more also adds a *sentence
//! key* per sentence ([`crate::unit::SentenceOf::key`]), stored as an
//! entry is, but with the words of that side only (the other side has
//! its length, 0, and nothing else), so that only a query in that
//! language finds it: paragraph matching reads keys, nothing shows them.
//! The schema is the one of memories written before occurrences and entries
//! existed, which open as they are.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::TantivyDocument;

use crate::score::{number_class, signature};
use crate::text::{analyze, analyze_within, normalize, Analyzed, Lang, Token};
use crate::unit::{Occurrence, SentenceEntry, Unit, UnitId};

/// The index token of every number: numbers match each other in the
/// candidate filter, because number substitutions can be adapted (SPEC §4).
pub(crate) const NUMBER_TOKEN: &str = "#";
/// Tokens longer than this are indexed by their hash (Tantivy caps terms).
const MAX_TOKEN_BYTES: usize = 64;

/// The token a word contributes to the `*_terms` field.
///
/// It is a function of the word's stem alone, and two words whose
/// substitution costs less than a full edit (same normalized word, same
/// stem, or two numbers) always have the same token. That is what makes
/// the shared-token count an upper bound the candidate filter can trust.
pub(crate) fn index_token(token: &Token) -> Cow<'_, str> {
    if number_class(token) {
        Cow::Borrowed(NUMBER_TOKEN)
    } else if token.stem.len() > MAX_TOKEN_BYTES {
        Cow::Owned(format!(
            "~{:016x}",
            xxhash_rust::xxh3::xxh3_64(token.stem.as_bytes())
        ))
    } else {
        Cow::Borrowed(&token.stem)
    }
}

/// The number's own token, for a number (`None` for any other word):
/// [`NUMBER_TOKEN`] followed by the normalized number, the form
/// concordance compares numbers by (`2,5` and `2.5` are two numbers), or
/// by its hash (`#~` and 16 hex digits) when that would be longer than
/// [`MAX_TOKEN_BYTES`]. No word's index token begins with `#` but the
/// number token itself, so it never stands for a word, and the tokens
/// of two numbers are equal exactly when their normalized forms are (or,
/// for long ones, their hashes).
pub(crate) fn number_token(token: &Token) -> Option<String> {
    if !token.number {
        None
    } else if NUMBER_TOKEN.len() + token.norm.len() > MAX_TOKEN_BYTES {
        Some(format!(
            "{NUMBER_TOKEN}~{:016x}",
            xxhash_rust::xxh3::xxh3_64(token.norm.as_bytes())
        ))
    } else {
        Some(format!("{NUMBER_TOKEN}{}", token.norm))
    }
}

/// The hash of a segment's normalized text (`*_exact`).
pub(crate) fn exact_hash(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(normalize(text).as_bytes())
}

/// Fields of one language side.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SideFields {
    pub terms: Field,
    pub len: Field,
    pub exact: Field,
    pub sig: Field,
}

#[derive(Debug, Clone)]
pub(crate) struct Fields {
    pub id: Field,
    pub unit: Field,
    pub ru: SideFields,
    pub en: SideFields,
    pub article: Field,
    pub origin: Field,
    pub date: Field,
    /// Whether a document's `*_terms` hold the numbers' own tokens
    /// ([`number_token`]): in a memory of schema version 6 on, where every
    /// document has them (see `super::NUMBERS_VERSION`); not in an older
    /// one, where the documents written before have none, so concordance
    /// cannot use them and they would cost for nothing.
    pub numbers: bool,
}

pub(crate) const TERMS_TOKENIZER: &str = "whitespace";

impl Fields {
    pub fn side(&self, lang: Lang) -> SideFields {
        match lang {
            Lang::Ru => self.ru,
            Lang::En => self.en,
        }
    }

    pub fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let terms = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TERMS_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqs)
                .set_fieldnorms(false),
        );
        let mut side = |lang: &str| SideFields {
            terms: b.add_text_field(&format!("{lang}_terms"), terms.clone()),
            len: b.add_u64_field(&format!("{lang}_len"), FAST),
            exact: b.add_u64_field(&format!("{lang}_exact"), INDEXED),
            sig: b.add_u64_field(&format!("{lang}_sig"), FAST),
        };
        let ru = side("ru");
        let en = side("en");
        let fields = Fields {
            ru,
            en,
            id: b.add_u64_field("id", INDEXED | FAST),
            unit: b.add_bytes_field("unit", STORED),
            article: b.add_text_field("article", STRING | FAST),
            origin: b.add_text_field("origin", STRING | FAST),
            date: b.add_i64_field("date", INDEXED | FAST),
            numbers: true,
        };
        (b.build(), fields)
    }

    /// The document for `unit`, and the analysis of its sides (what its
    /// sentence documents take their words from).
    pub fn document(&self, unit: &Unit) -> (TantivyDocument, [Analyzed; 2]) {
        let mut doc = TantivyDocument::new();
        doc.add_u64(self.id, unit.id.0);
        // Inline codes are not part of what is compared (their
        // placeholders fold away anyway): the plain text is indexed.
        let words = [Lang::Ru, Lang::En].map(|lang| analyze(&unit.plain(lang), lang));
        self.add_words(&mut doc, [Some(&words[0]), Some(&words[1])]);
        if let Some(article) = &unit.meta.article {
            doc.add_text(self.article, article);
        }
        if let Some(origin) = &unit.meta.origin {
            doc.add_text(self.origin, origin);
        }
        if let Some(date) = unit.meta.date {
            doc.add_i64(self.date, date_key(date));
        }
        // Serializing our own plain struct cannot fail.
        let json = serde_json::to_vec(unit).unwrap_or_default();
        doc.add_bytes(self.unit, &json);
        (doc, words)
    }

    /// The words of both sides, Russian first (a side without its
    /// analysis has just its length, 0, which every unit document has):
    /// index tokens (each number's own token after its index token, when
    /// [`Fields::numbers`]), length, exact hash (a side without words),
    /// signatures.
    fn add_words(&self, doc: &mut TantivyDocument, words: [Option<&Analyzed>; 2]) {
        for (lang, analyzed) in [Lang::Ru, Lang::En].into_iter().zip(words) {
            let side = self.side(lang);
            let Some(analyzed) = analyzed else {
                doc.add_u64(side.len, 0);
                continue;
            };
            let mut terms = String::with_capacity(analyzed.text.len());
            for token in &analyzed.tokens {
                if !terms.is_empty() {
                    terms.push(' ');
                }
                terms.push_str(&index_token(token));
                if let Some(number) = number_token(token).filter(|_| self.numbers) {
                    terms.push(' ');
                    terms.push_str(&number);
                }
            }
            doc.add_text(side.terms, &terms);
            doc.add_u64(side.len, analyzed.tokens.len() as u64);
            // Only a query without words looks a unit up by its exact
            // hash, and only a unit without words can match it (a word
            // costs a full edit against nothing: fuzzy 0): the hash of a
            // side with words would be a unique term per unit that no
            // search reads, a third of the terms an import indexes.
            if analyzed.tokens.is_empty() {
                doc.add_u64(side.exact, exact_hash(&analyzed.text));
            }
            for (position, token) in analyzed.tokens.iter().enumerate() {
                doc.add_u64(
                    side.sig,
                    (position as u64) << 32 | u64::from(signature(token)),
                );
            }
        }
    }

    /// The document of a sentence entry or key (see the module
    /// documentation) of the unit whose sides `paragraph` analysed
    /// ([`Fields::document`]): the sentences' words as a unit's (a key's
    /// on its language's side only), analysed as on their own but taking
    /// each word's stem from the paragraph's; no `id`, nothing for the
    /// filters' fast fields (the entry's stored places decide), the entry
    /// as JSON.
    pub fn sentence_document(
        &self,
        entry: &SentenceEntry,
        paragraph: &[Analyzed; 2],
    ) -> TantivyDocument {
        let mut doc = TantivyDocument::new();
        let words: Vec<Option<Analyzed>> = [Lang::Ru, Lang::En]
            .into_iter()
            .zip(paragraph)
            .map(|(lang, known)| {
                (entry.of.key.is_none_or(|key| key == lang))
                    .then(|| analyze_within(&entry.sentence.plain(lang), known))
            })
            .collect();
        self.add_words(&mut doc, [words[0].as_ref(), words[1].as_ref()]);
        // Serializing our own plain struct cannot fail.
        let json = serde_json::to_vec(entry).unwrap_or_default();
        doc.add_bytes(self.unit, &json);
        doc
    }
}

/// What an occurrence document stores: the place, and whose it is.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct StoredOccurrence {
    pub of: UnitId,
    #[serde(flatten)]
    pub occurrence: Occurrence,
}

impl Fields {
    /// The occurrence document of unit `id` at another place (see the
    /// module documentation).
    pub fn occurrence_document(&self, id: UnitId, occurrence: Occurrence) -> TantivyDocument {
        let mut doc = TantivyDocument::new();
        doc.add_u64(self.id, id.0);
        if let Some(article) = &occurrence.article {
            doc.add_text(self.article, article);
        }
        if let Some(date) = occurrence.date {
            doc.add_i64(self.date, date_key(date));
        }
        let stored = StoredOccurrence { of: id, occurrence };
        // Serializing our own plain struct cannot fail.
        let json = serde_json::to_vec(&stored).unwrap_or_default();
        doc.add_bytes(self.unit, &json);
        doc
    }
}

/// A date as the sortable integer `YYYYMMDD`.
pub(crate) fn date_key(date: crate::unit::Date) -> i64 {
    i64::from(date.year()) * 10_000 + i64::from(date.month()) * 100 + i64::from(date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A number's own token is `#` and its normalized form, the form
    /// concordance compares numbers by; nothing else has one, and no
    /// word's index token looks like one.
    #[test]
    fn number_tokens_table() {
        let long = "1".repeat(MAX_TOKEN_BYTES);
        let cases: &[(&str, Lang, &str, Option<&str>)] = &[
            ("an integer", Lang::Ru, "2019", Some("#2019")),
            ("a decimal comma is kept", Lang::Ru, "2,5", Some("#2,5")),
            (
                "a decimal point is another number",
                Lang::En,
                "2.5",
                Some("#2.5"),
            ),
            (
                "a range is one number",
                Lang::Ru,
                "2019-2021",
                Some("#2019-2021"),
            ),
            ("a word has none", Lang::Ru, "выборы", None),
            ("letters after digits make a word", Lang::En, "5g", None),
            (
                "a number past the token limit is hashed",
                Lang::En,
                &long,
                None,
            ),
        ];
        for (rule, lang, text, want) in cases {
            let analyzed = analyze(text, *lang);
            let [token] = analyzed.tokens.as_slice() else {
                panic!("{rule}: {:?}", analyzed.tokens);
            };
            let got = number_token(token);
            if *text == long {
                let got = got.expect("a number");
                assert!(got.starts_with("#~") && got.len() == 18, "{rule}: {got}");
            } else {
                assert_eq!(got.as_deref(), *want, "{rule}");
            }
            let index = index_token(token);
            assert!(
                index == NUMBER_TOKEN || !index.starts_with('#'),
                "{rule}: {index}"
            );
        }
    }
}
