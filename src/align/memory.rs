//! Evidence from the memory: a sentence the memory already holds, paired
//! with a translation found on the other side of the article, is strong
//! evidence for that pair.

use super::anchors::{Anchor, AnchorKind, Anchors};
use crate::memory::Snapshot;
use crate::text::{analyze, collapse, Lang};
use crate::unit::segment_hash;

/// Anchors from a memory's exact (100) matches. For a sentence, it emits
/// the sentence's own hash and the hashes of the translations the memory
/// holds for it, each keyed by language, so that a Russian sentence and an
/// English one share a key when the memory pairs them (in either
/// direction). Look-up errors are no evidence: the aligner goes on without.
pub struct MemoryAnchors<'a> {
    snapshot: &'a Snapshot,
}

impl<'a> MemoryAnchors<'a> {
    pub fn new(snapshot: &'a Snapshot) -> MemoryAnchors<'a> {
        MemoryAnchors { snapshot }
    }
}

fn key(lang: Lang, text: &str) -> String {
    format!("{}:{:016x}", lang.code(), segment_hash(text))
}

impl Anchors for MemoryAnchors<'_> {
    fn find(&self, sentence: &str, lang: Lang, out: &mut Vec<Anchor>) {
        out.push(Anchor::new(AnchorKind::Memory, key(lang, sentence)));
        let query = analyze(sentence, lang);
        let Ok(candidates) = self.snapshot.candidates(&query, 100) else {
            return;
        };
        let wanted = collapse(sentence);
        for addr in candidates.docs {
            let Ok(unit) = self.snapshot.unit(addr) else {
                continue;
            };
            if collapse(unit.side(lang)) == wanted {
                out.push(Anchor::new(
                    AnchorKind::Memory,
                    key(lang.other(), unit.side(lang.other())),
                ));
            }
        }
    }
}
