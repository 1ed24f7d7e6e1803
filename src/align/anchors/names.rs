//! Names and cognates as anchors: transliteration skeletons, paired by
//! similarity rather than equality.

use super::{Anchor, AnchorKind, Anchors};
use crate::align::translit::skeleton;
use crate::glossary::names::romanize;
use crate::text::{fold_char, words, Fold, Lang, Word};

/// Capitalized words (and, in Russian text, words in Latin script), keyed
/// by the skeleton of their transliteration: `Токаеву` → `tokaevu`,
/// `Tokayev` → `tokaev`. The aligner pairs them by
/// [`name_similarity`](crate::align::name_similarity), which forgives a
/// Russian case ending. A sentence's first word counts too: a false name
/// (`Однако`) finds no partner and is dropped.
#[derive(Debug, Clone, Copy, Default)]
pub struct Names;

/// Skeletons shorter than this are not names worth pairing (`В`, `On`).
const MIN_NAME_CHARS: usize = 3;
/// Lower-case words shorter than this (in letters) are not compared as
/// cognates: short words pair by chance.
const MIN_COGNATE_CHARS: usize = 6;

impl Anchors for Names {
    fn find(&self, sentence: &str, lang: Lang, out: &mut Vec<Anchor>) {
        names_in(sentence, &words(sentence), lang, out);
    }
}

pub(super) fn names_in(sentence: &str, ws: &[Word], lang: Lang, out: &mut Vec<Anchor>) {
    for word in ws {
        let raw = &sentence[word.start..word.end];
        let Some(first) = raw.chars().next() else {
            continue;
        };
        let latin_in_russian = lang == Lang::Ru && first.is_ascii_alphabetic();
        if !(first.is_uppercase() || latin_in_russian) {
            if first.is_alphabetic() && raw.chars().count() >= MIN_COGNATE_CHARS {
                out.push(Anchor::new(AnchorKind::Cognate, skeleton(&romanize(raw))));
            }
            continue;
        }
        // A hyphenated name is two anchors (`Нур-Султан`, `Nur-Sultan`
        // pair whole; `Кызыл-Ординской` pairs by its parts).
        for part in raw.split(|c: char| fold_char(c) == Fold::Char('-')) {
            let key = skeleton(&romanize(part));
            if key.len() >= MIN_NAME_CHARS {
                out.push(Anchor::new(AnchorKind::Name, key));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::anchors::{AnchorTable, KindWeights};
    #[test]
    fn names_pair_across_scripts() {
        let mut ru = Vec::new();
        Names.find(
            "Встреча Токаева с Мирзиёевым прошла в Ташкенте.",
            Lang::Ru,
            &mut ru,
        );
        let mut en = Vec::new();
        Names.find("Tokayev met Mirziyoyev in Tashkent.", Lang::En, &mut en);
        let table = AnchorTable::resolve(vec![ru], vec![en], &KindWeights::default());
        // Three names pair (the sentence-initial `Встреча` finds no partner).
        assert_eq!(table.weights.len(), 3, "{table:?}");
        let (matched, unmatched) = table.evidence(&table.ru, &table.en);
        assert!(
            (matched - 3.0).abs() < 1e-9 && unmatched == 0.0,
            "{matched} {unmatched}"
        );
    }
}
