//! Resolving the anchors of an article across its two sides.

use std::collections::HashMap;

use super::{Anchor, AnchorKind, KindWeights};
use crate::align::translit::name_similarity;

/// Lowest [`name_similarity`] at which two names pair.
pub const NAME_SIMILARITY: f64 = 0.9;

/// The anchors of every sentence of an article, resolved across the two
/// sides to small ids with a weight. A key found on one side only is
/// dropped. Weight = kind weight / √(the number of sentences on the side
/// where the key is commoner): a name in every sentence hardly helps to
/// tell sentences apart.
#[derive(Debug, Clone, Default)]
pub struct AnchorTable {
    /// Per Russian sentence: sorted anchor ids (repeated for repeated anchors).
    pub ru: Vec<Vec<u32>>,
    /// Per English sentence.
    pub en: Vec<Vec<u32>>,
    /// Weight of each id.
    pub weights: Vec<f64>,
}

impl AnchorTable {
    /// Resolves the anchors found in each sentence of both sides.
    pub fn resolve(
        ru: Vec<Vec<Anchor>>,
        en: Vec<Vec<Anchor>>,
        kind_weights: &KindWeights,
    ) -> AnchorTable {
        // An id for every English key; Russian keys take the id of the
        // English key they match, or none.
        let mut ids: HashMap<(AnchorKind, String), u32> = HashMap::new();
        let en_ids: Vec<Vec<u32>> = en
            .iter()
            .map(|s| {
                s.iter()
                    .map(|a| {
                        let fresh = ids.len() as u32;
                        *ids.entry((a.kind, a.key.clone())).or_insert(fresh)
                    })
                    .collect()
            })
            .collect();
        let ru_ids = russian_ids(&ru, &ids);
        let (dense, weights) = shared_weights(&ids, &ru_ids, &en_ids, kind_weights);
        let remap = |side: Vec<Vec<u32>>| -> Vec<Vec<u32>> {
            side.into_iter()
                .map(|s| {
                    let mut v: Vec<u32> = s
                        .into_iter()
                        .map(|id| dense[id as usize])
                        .filter(|&id| id != u32::MAX)
                        .collect();
                    v.sort_unstable();
                    v
                })
                .collect()
        };
        AnchorTable {
            ru: remap(ru_ids),
            en: remap(en_ids),
            weights,
        }
    }

    /// Weighted evidence between a group of Russian sentences and a group
    /// of English ones: (matched, unmatched). Each id counts
    /// `min(ru count, en count)` times as matched and the rest as unmatched.
    pub fn evidence(&self, ru: &[Vec<u32>], en: &[Vec<u32>]) -> (f64, f64) {
        // One sentence a side (most beads): its sorted ids as they are.
        fn merged(side: &[Vec<u32>]) -> std::borrow::Cow<'_, [u32]> {
            match side {
                [] => std::borrow::Cow::Borrowed(&[]),
                [one] => std::borrow::Cow::Borrowed(one.as_slice()),
                many => {
                    let mut v: Vec<u32> = many.iter().flatten().copied().collect();
                    v.sort_unstable();
                    std::borrow::Cow::Owned(v)
                }
            }
        }
        let (r, e) = (merged(ru), merged(en));
        let (mut matched, mut unmatched) = (0.0, 0.0);
        let (mut i, mut j) = (0, 0);
        while i < r.len() || j < e.len() {
            match (r.get(i), e.get(j)) {
                (Some(a), Some(b)) if a == b => {
                    matched += self.weights[*a as usize];
                    i += 1;
                    j += 1;
                }
                (Some(a), Some(b)) if a < b => {
                    unmatched += self.weights[*a as usize];
                    i += 1;
                }
                (Some(_), Some(b)) | (None, Some(b)) => {
                    unmatched += self.weights[*b as usize];
                    j += 1;
                }
                (Some(a), None) => {
                    unmatched += self.weights[*a as usize];
                    i += 1;
                }
                (None, None) => break,
            }
        }
        (matched, unmatched)
    }
}

/// The ids of the Russian anchors: exact keys by equality with an English
/// key; names and cognates to the most similar English one, if similar
/// enough. A key unknown on the English side is no evidence and dropped.
fn russian_ids(ru: &[Vec<Anchor>], ids: &HashMap<(AnchorKind, String), u32>) -> Vec<Vec<u32>> {
    // Skeletons of one name start with the same two letters (the skeleton
    // folds the spellings that differ there), which saves most of the
    // comparisons.
    let mut english_names: HashMap<&[u8], Vec<(&str, u32)>> = HashMap::new();
    for ((kind, key), &id) in ids {
        if let (true, Some(start)) = (kind.is_fuzzy(), key.as_bytes().get(..2)) {
            english_names
                .entry(start)
                .or_default()
                .push((key.as_str(), id));
        }
    }
    let mut name_of: HashMap<&str, Option<u32>> = HashMap::new();
    for a in ru.iter().flatten() {
        if a.kind.is_fuzzy() && !name_of.contains_key(a.key.as_str()) {
            let same_start = a
                .key
                .as_bytes()
                .get(..2)
                .and_then(|start| english_names.get(start))
                .map_or(&[][..], Vec::as_slice);
            let best = same_start
                .iter()
                .map(|&(en, id)| (name_similarity(&a.key, en), id))
                .filter(|&(s, _)| s >= NAME_SIMILARITY)
                .max_by(|x, y| x.0.total_cmp(&y.0).then(y.1.cmp(&x.1)))
                .map(|(_, id)| id);
            name_of.insert(a.key.as_str(), best);
        }
    }
    ru.iter()
        .map(|s| {
            s.iter()
                .filter_map(|a| {
                    if a.kind.is_fuzzy() {
                        name_of.get(a.key.as_str()).copied().flatten()
                    } else {
                        ids.get(&(a.kind, a.key.clone())).copied()
                    }
                })
                .collect()
        })
        .collect()
}

/// The ids present on both sides, renumbered densely (`u32::MAX` for the
/// others), and the weight of each: its kind's weight over the square root
/// of the sentences it occurs in, on the side where it is commoner.
fn shared_weights(
    ids: &HashMap<(AnchorKind, String), u32>,
    ru_ids: &[Vec<u32>],
    en_ids: &[Vec<u32>],
    kind_weights: &KindWeights,
) -> (Vec<u32>, Vec<f64>) {
    let next = ids.len();
    let mut on_ru = vec![0u32; next];
    let mut on_en = vec![0u32; next];
    for (side, counts) in [(ru_ids, &mut on_ru), (en_ids, &mut on_en)] {
        for s in side {
            let mut seen: Vec<u32> = s.clone();
            seen.sort_unstable();
            seen.dedup();
            for id in seen {
                counts[id as usize] += 1;
            }
        }
    }
    let mut kinds: Vec<Option<AnchorKind>> = vec![None; next];
    for (key, &id) in ids {
        kinds[id as usize] = Some(key.0);
    }
    let mut dense = vec![u32::MAX; next];
    let mut weights = Vec::new();
    for id in 0..next {
        if on_ru[id] > 0 && on_en[id] > 0 {
            dense[id] = weights.len() as u32;
            let spread = f64::from(on_ru[id].max(on_en[id]));
            let kind = kinds[id].map_or(1.0, |k| kind_weights.of(k));
            weights.push(kind / spread.sqrt());
        }
    }
    (dense, weights)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_sided_keys_are_dropped_and_common_keys_weigh_less() {
        let n = |k: &str| Anchor::new(AnchorKind::Number, k);
        let ru = vec![
            vec![n("5"), n("7")],
            vec![n("5")],
            vec![n("5")],
            vec![n("5")],
        ];
        let en = vec![vec![n("5"), n("8")], vec![n("5")]];
        let table = AnchorTable::resolve(ru, en, &KindWeights::default());
        // Only `5` is on both sides; it is in 4 Russian sentences: weight 1/2.
        assert_eq!(table.weights, vec![0.5]);
        assert_eq!(table.ru[0], vec![0]);
        assert_eq!(table.en[0], vec![0]);
        let (m, u) = table.evidence(&table.ru[0..2], &table.en[0..1]);
        assert!((m - 0.5).abs() < 1e-9 && (u - 0.5).abs() < 1e-9, "{m} {u}");
    }
}
