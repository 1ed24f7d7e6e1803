//! Evidence from the glossary: a term in a Russian sentence and its
//! English term in an English one (`в Нур-Султане` / `in Nur-Sultan`)
//! say the two are translations.

use super::anchors::{Anchor, AnchorKind, Anchors};
use crate::glossary::Glossary;
use crate::text::Lang;
use crate::unit::Date;

/// Anchors from glossary term hits, keyed by the entry's concept, which
/// the Russian and English terms of an entry (and the rows of a renamed
/// place) share. Every hit counts, in or out of its validity dates: an
/// outdated name is still the same place in both versions.
pub struct GlossaryAnchors<'a> {
    glossary: &'a Glossary,
    date: Date,
}

impl<'a> GlossaryAnchors<'a> {
    /// `date` is the one term look-ups need; it does not change the hits.
    pub fn new(glossary: &'a Glossary, date: Date) -> GlossaryAnchors<'a> {
        GlossaryAnchors { glossary, date }
    }
}

impl Anchors for GlossaryAnchors<'_> {
    fn find(&self, sentence: &str, lang: Lang, out: &mut Vec<Anchor>) {
        for hit in self.glossary.recognize(sentence, lang, self.date) {
            out.push(Anchor::new(AnchorKind::Term, hit.concept));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{Entry, EntryRef};

    #[test]
    fn inflected_terms_share_their_concept() {
        let glossary = Glossary::new([(
            Entry::new("astana", "Нур-Султан", "Nur-Sultan"),
            EntryRef {
                file: "places.tsv".into(),
                line: 2,
            },
        )]);
        let anchors = GlossaryAnchors::new(&glossary, jiff::civil::date(2020, 5, 1));
        let mut ru = Vec::new();
        anchors.find("Форум прошёл в Нур-Султане.", Lang::Ru, &mut ru);
        let mut en = Vec::new();
        anchors.find("The forum took place in Nur-Sultan.", Lang::En, &mut en);
        assert_eq!(ru, [Anchor::new(AnchorKind::Term, "astana")]);
        assert_eq!(en, ru);
    }
}
