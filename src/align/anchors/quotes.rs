//! Quotations as anchors.

use super::{Anchor, AnchorKind, Anchors};
use crate::text::Lang;

/// Quotations: a sentence with quotation marks (« », „ “, “ ”, ") holds
/// direct speech or a title, and so does its translation, mostly.
#[derive(Debug, Clone, Copy, Default)]
pub struct Quotes;

impl Anchors for Quotes {
    fn find(&self, sentence: &str, _lang: Lang, out: &mut Vec<Anchor>) {
        quotes_in(sentence, out);
    }
}

pub(super) fn quotes_in(sentence: &str, out: &mut Vec<Anchor>) {
    let quoted = sentence
        .chars()
        .any(|c| matches!(c, '«' | '»' | '„' | '“' | '”' | '"'));
    if quoted {
        out.push(Anchor::new(AnchorKind::Quote, "q"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::anchors::tests::keys;
    #[test]
    fn quotes_found() {
        assert_eq!(keys(&Quotes, "«Мы готовы», — сказал он.", Lang::Ru), ["q"]);
        assert!(keys(&Quotes, "He said nothing.", Lang::En).is_empty());
    }
}
