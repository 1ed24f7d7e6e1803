//! When an entry fires: the `context` column. An editor limits a generic
//! entry (`president → Президент Республики Казахстан`) to the segments
//! that show the context it is meant for, or keeps an entry for `check`
//! only.
//!
//! The value is a `|`-separated list of conditions:
//! - a phrase (`of Kazakhstan`, `Tokayev`, `Казахстан`): the entry fires
//!   only in a segment that holds one of the phrases of the segment's
//!   language, in any inflected form ([`super::forms`]; words compared
//!   normalized, as recognition does). A phrase's language is its script;
//!   a side with no phrase in its language is not limited (`Mary` needs
//!   `Turkmenistan` nearby, `Мары` is never a first name);
//! - `check`: the entry is for the QA check only; recognition for
//!   suggest, pretranslate and `glossary find` leaves it out.
//!
//! An empty value fires everywhere, so files without the column read as
//! before. memoQ and Trados MultiTerm keep context as descriptive data an
//! editor reads (memoQ's "usage example", MultiTerm's "context" field);
//! tilmash makes it a condition, and its `check` keyword follows memoQ's
//! forbidden terms, which QA reports but the term base never inserts.

use super::forms::forms;
use crate::text::{is_cyrillic_letter, words, Analyzed, Lang};

/// The keyword of an entry kept for `check` only.
pub const CHECK_ONLY: &str = "check";

/// What recognition is for: the QA check sees `check`-only entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Suggest, pretranslate, `glossary find`, alignment anchors.
    Offer,
    /// The QA check of a translation.
    Check,
}

/// A parsed `context` value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    pub check_only: bool,
    /// Each phrase as its normalized words, with the language it is in.
    phrases: Vec<(Lang, Vec<String>)>,
}

impl Context {
    /// Parses a `context` value (never fails: any text is a phrase).
    pub fn parse(value: &str) -> Context {
        let mut context = Context::default();
        for part in value.split('|').map(str::trim).filter(|p| !p.is_empty()) {
            if part.eq_ignore_ascii_case(CHECK_ONLY) {
                context.check_only = true;
                continue;
            }
            let lang = if part.chars().any(is_cyrillic_letter) {
                Lang::Ru
            } else {
                Lang::En
            };
            let ws: Vec<String> = words(part).into_iter().map(|w| w.norm).collect();
            if !ws.is_empty() {
                context.phrases.push((lang, ws));
            }
        }
        context
    }

    /// Whether the value puts any condition at all.
    pub fn is_empty(&self) -> bool {
        !self.check_only && self.phrases.is_empty()
    }

    /// Whether an entry with this context fires in `analyzed` for `purpose`.
    pub fn allows(&self, analyzed: &Analyzed, purpose: Purpose) -> bool {
        if self.check_only && purpose != Purpose::Check {
            return false;
        }
        let mut phrases = self
            .phrases
            .iter()
            .filter(|(lang, _)| *lang == analyzed.lang)
            .peekable();
        phrases.peek().is_none() || phrases.any(|(_, phrase)| occurs(phrase, analyzed))
    }
}

/// Whether the words of `phrase` stand consecutively in `analyzed`, each
/// in one of its forms.
fn occurs(phrase: &[String], analyzed: &Analyzed) -> bool {
    let options: Vec<Vec<String>> = phrase.iter().map(|w| forms(w, analyzed.lang)).collect();
    let tokens = &analyzed.tokens;
    (0..tokens.len()).any(|i| {
        i + options.len() <= tokens.len()
            && options
                .iter()
                .enumerate()
                .all(|(j, forms)| forms.contains(&tokens[i + j].norm))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyze;

    #[test]
    fn phrases_check_and_empty() {
        let c = Context::parse("of Kazakhstan | Tokayev|Казахстан");
        assert!(!c.check_only);
        let en = |s: &str| analyze(s, Lang::En);
        let ru = |s: &str| analyze(s, Lang::Ru);
        assert!(c.allows(&en("The president of Kazakhstan spoke."), Purpose::Offer));
        assert!(c.allows(
            &en("Tokayev's spokesman said the president agreed."),
            Purpose::Offer
        ));
        assert!(!c.allows(
            &en("the president of the European Council Donald Tusk"),
            Purpose::Offer
        ));
        assert!(
            !c.allows(&en("Kazakhstan's president"), Purpose::Offer),
            "a phrase needs all its words"
        );
        assert!(
            c.allows(&ru("президент Казахстана выступил"), Purpose::Offer),
            "inflected"
        );
        assert!(!c.allows(&ru("президент Франции выступил"), Purpose::Offer));
        let english_only = Context::parse("Turkmenistan");
        assert!(
            english_only.allows(&ru("Мары"), Purpose::Offer),
            "no Russian phrase"
        );
        assert!(!english_only.allows(&en("Mary"), Purpose::Offer));
        let check = Context::parse("check");
        assert!(check.check_only && !check.is_empty());
        assert!(!check.allows(&en("anything"), Purpose::Offer));
        assert!(check.allows(&en("anything"), Purpose::Check));
        assert!(Context::parse(" | ").is_empty());
        assert!(Context::parse("").allows(&en("x"), Purpose::Offer));
    }
}
