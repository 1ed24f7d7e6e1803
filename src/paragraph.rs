//! Paragraph units → sentence entries: a unit whose source holds several
//! sentences (a paragraph, a post, a caption from another tool's TMX) is
//! split into sentences on both sides (`text::segment`, the rules
//! `suggest` splits texts with) and aligned by tilmash's own aligner
//! (`align`); each confident bead becomes a [`SentenceEntry`], so that a
//! sentence of the unit is found on its own and drafts the aligned
//! sentences (`ARCHITECTURE.md`, "Sentence entries").

use crate::align::{align, AlignOptions};
use crate::text::{segment, Lang};
use crate::unit::{Context, SentenceEntry, SentenceOf, Unit};

/// The least confidence of a bead kept as a sentence entry. A sentence
/// entry's target is drafted with no one checking the alignment, so
/// precision matters more than for `tilmash align`, whose default (0.5)
/// shows every bead to a person: on held-out documents, beads given 0.9–1
/// are right 99.4% of the time, 0.8–0.9 only 85% (`BENCHMARKS.md`,
/// "Alignment"). Within one unit the two sides are translations of each
/// other, so most beads are far above it.
pub const MIN_CONFIDENCE: f64 = 0.9;

/// The sentence entries of `unit`: none for a unit of one sentence (the
/// vast majority, told apart without splitting: [`may_hold_sentences`]),
/// for a unit with inline codes, or when the alignment has fewer than two
/// pairs (its one entry would be the unit itself).
pub fn sentence_entries(unit: &Unit) -> Vec<SentenceEntry> {
    if !unit.meta.inline.is_empty()
        || !(may_hold_sentences(&unit.ru) || may_hold_sentences(&unit.en))
    {
        return Vec::new();
    }
    let ru = segment(&unit.ru, Lang::Ru);
    let en = segment(&unit.en, Lang::En);
    if ru.len() < 2 && en.len() < 2 {
        return Vec::new();
    }
    let Ok(alignment) = align(&unit.ru, &ru, &unit.en, &en, &AlignOptions::default()) else {
        return Vec::new();
    };
    if alignment.beads.iter().filter(|b| b.is_pair()).count() < 2 {
        return Vec::new();
    }
    let mut meta = unit.meta.clone();
    meta.context = Context::default();
    meta.occurrences.clear();
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let range = |r: &std::ops::Range<usize>| count(r.start)..count(r.end);
    alignment
        .beads
        .iter()
        .enumerate()
        .filter(|(_, bead)| bead.is_pair() && bead.confidence >= MIN_CONFIDENCE)
        .map(|(index, bead)| SentenceEntry {
            sentence: Unit::new(
                alignment.text(bead, Lang::Ru),
                alignment.text(bead, Lang::En),
                meta.clone(),
            ),
            of: SentenceOf {
                unit: unit.id,
                bead: count(index),
                ru: range(&bead.ru),
                ru_sentences: count(alignment.ru.len()),
                en: range(&bead.en),
                en_sentences: count(alignment.en.len()),
                confidence: bead.confidence as f32,
            },
        })
        .collect()
}

/// Whether `text` may hold more than one sentence: a stop (`.`, `!`, `?`,
/// `…`, then any characters but letters and digits) followed by a space and
/// more text, or a line break. False proves the text is one sentence
/// under `text::segment`'s rules (every break they make is one of these),
/// without running them.
pub fn may_hold_sentences(text: &str) -> bool {
    let mut after_stop = false;
    let mut spaced = false;
    for c in text.chars() {
        if matches!(
            c,
            '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
        ) {
            return true;
        }
        if matches!(c, '.' | '!' | '?' | '…') {
            after_stop = true;
            spaced = false;
        } else if after_stop && c.is_whitespace() {
            spaced = true;
        } else if after_stop && spaced {
            return true;
        } else if c.is_alphanumeric() {
            // Closing quotes and brackets (any other character) after a
            // stop keep it open.
            after_stop = false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unit::Meta;

    #[test]
    fn one_sentence_is_told_without_splitting() {
        for (text, several) in [
            ("Инфляция составила 8,4%.", false),
            ("Inflation stood at 8.4% in May.", false),
            ("Курс вырос с 3.5 до 4.25%.", false),
            // A stop, a space and more text: the rules decide (one here).
            ("Т. е. это одно предложение.", true),
            ("Он сказал: «Нет.»", false),
            ("Первое. Второе.", true),
            ("Первое.» Второе.", true),
            ("Первое?! — Второе", true),
            ("One\n\nTwo", true),
            ("", false),
        ] {
            assert_eq!(may_hold_sentences(text), several, "{text}");
        }
    }

    /// Every text `segment` splits is one the pre-check lets through.
    #[test]
    fn the_pre_check_misses_no_split_of_the_corpora() {
        let text = std::fs::read_to_string("../shared/data/corpora/wmt24_wmttest2024_en-orig.tsv")
            .expect("../shared/data/corpora");
        let mut split = 0;
        for line in text.lines() {
            for (side, lang) in line.split('\t').zip([Lang::Ru, Lang::En]) {
                if segment(side, lang).len() > 1 {
                    split += 1;
                    assert!(may_hold_sentences(side), "{side}");
                }
            }
        }
        assert!(split > 100, "{split}");
    }

    #[test]
    fn a_paragraph_unit_gives_its_aligned_sentences() {
        let unit = Unit::new(
            "Инфляция в Казахстане в мае составила 8,4%. Государственная комиссия будет \
             еженедельно докладывать Токаеву о ситуации."
                .to_string(),
            "Inflation in Kazakhstan stood at 8.4% in May. The State Commission will report to \
             Tokayev on the situation every week."
                .to_string(),
            Meta {
                article: Some("a".into()),
                ..Meta::default()
            },
        );
        let entries = sentence_entries(&unit);
        assert_eq!(entries.len(), 2, "{entries:?}");
        assert_eq!(
            entries[1].sentence.en,
            "The State Commission will report to Tokayev on the situation every week."
        );
        assert_eq!(entries[1].of.unit, unit.id);
        assert_eq!((entries[1].of.bead, entries[1].of.ru.clone()), (1, 1..2));
        assert_eq!(entries[0].sentence.meta.article.as_deref(), Some("a"));
        let single = Unit::new("Одно.".into(), "One.".into(), Meta::default());
        assert!(sentence_entries(&single).is_empty());
    }
}
