//! Paragraph units → sentence keys and entries: a unit whose source holds
//! several sentences (a paragraph, a post, a caption from another tool's
//! TMX) is split into sentences on both sides (`text::segment`, the rules
//! `suggest` splits texts with); each sentence of a side of two or more
//! becomes a sentence key (found by that language's queries, for
//! paragraph matching, never shown), and the sides are aligned by
//! tilmash's own aligner (`align`): each confident bead becomes a
//! sentence entry, so that a sentence of the unit is found on its own and
//! drafts the aligned sentences (`ARCHITECTURE.md`, "Sentence entries").

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

/// The sentence entries and sentence keys of `unit`: none for a unit of
/// one sentence (the vast majority, told apart without splitting:
/// [`may_hold_sentences`]) or with inline codes. A side of two sentences
/// or more gives a *key* per sentence ([`SentenceOf::key`]: findable by
/// paragraph matching whatever the alignment says); the confident beads
/// give *entries* (sentence drafts), when there are two or more pairs
/// (one entry would be the unit itself).
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
    let mut meta = unit.meta.clone();
    meta.context = Context::default();
    meta.occurrences.clear();
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let mut found = Vec::new();
    for (lang, text, sentences) in [(Lang::Ru, &unit.ru, &ru), (Lang::En, &unit.en, &en)] {
        if sentences.len() < 2 {
            continue;
        }
        for (index, s) in sentences.iter().enumerate() {
            let sentence = text[s.start..s.end].to_string();
            let one = count(index)..count(index + 1);
            let (ru_text, en_text, ru_range, en_range) = match lang {
                Lang::Ru => (sentence, String::new(), one, 0..0),
                Lang::En => (String::new(), sentence, 0..0, one),
            };
            found.push(SentenceEntry {
                sentence: Unit::new(ru_text, en_text, meta.clone()),
                of: SentenceOf {
                    unit: unit.id,
                    bead: count(index),
                    ru: ru_range,
                    ru_sentences: count(ru.len()),
                    en: en_range,
                    en_sentences: count(en.len()),
                    confidence: 0.0,
                    key: Some(lang),
                },
            });
        }
    }
    let Ok(alignment) = align(&unit.ru, &ru, &unit.en, &en, &AlignOptions::default()) else {
        return found;
    };
    if alignment.beads.iter().filter(|b| b.is_pair()).count() < 2 {
        return found;
    }
    let range = |r: &std::ops::Range<usize>| count(r.start)..count(r.end);
    found.extend(
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
                    key: None,
                },
            }),
    );
    found
}

/// Whether `text` may hold more than one sentence: a stop (`.`, `!`, `?`,
/// `…`, then any characters but letters and digits) followed by a space and
/// more text, or a line break. False proves the text is one sentence
/// under `text::segment`'s rules (every break they make is one of these),
/// without running them. Every unit an import adds passes here, so it
/// reads bytes, and characters only after a stop.
pub fn may_hold_sentences(text: &str) -> bool {
    let bytes = text.as_bytes();
    for (i, &byte) in bytes.iter().enumerate() {
        let next = |k: usize| bytes.get(i + k).copied();
        let after_stop = match byte {
            b'\n' | b'\r' | 0x0b | 0x0c => return true,
            b'.' | b'!' | b'?' => i + 1,
            // U+0085 NEXT LINE.
            0xc2 if next(1) == Some(0x85) => return true,
            // U+2028, U+2029 (line and paragraph separators), U+2026 `…`.
            0xe2 if next(1) == Some(0x80) => match next(2) {
                Some(0xa8 | 0xa9) => return true,
                Some(0xa6) => i + 3,
                _ => continue,
            },
            _ => continue,
        };
        if more_after_stop(&text[after_stop..]) {
            return true;
        }
    }
    false
}

/// Whether the text after a stop holds a space and then more text before
/// any letter or digit (closing quotes, brackets and more stops first).
fn more_after_stop(rest: &str) -> bool {
    let mut spaced = false;
    for c in rest.chars() {
        if c.is_whitespace() {
            spaced = true;
        } else if spaced {
            return true;
        } else if c.is_alphanumeric() {
            return false;
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
        let (keys, entries): (Vec<_>, Vec<_>) = sentence_entries(&unit)
            .into_iter()
            .partition(|e| e.of.is_key());
        assert_eq!(entries.len(), 2, "{entries:?}");
        // A key per sentence of each side, one side each.
        assert_eq!(keys.len(), 4, "{keys:?}");
        assert_eq!(keys[1].of.key, Some(Lang::Ru));
        assert_eq!(
            (keys[1].of.ru.clone(), keys[1].sentence.en.as_str()),
            (1..2, "")
        );
        assert_eq!(keys[3].sentence.en, entries[1].sentence.en);
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
