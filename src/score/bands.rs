//! The rows of an analysis (`analyze`): the match bands CAT tools report,
//! in memoQ's order, with repetitions between context and exact matches.

use serde::Serialize;

use super::{CONTEXT_MATCH, EXACT_MATCH};

/// The lowest score that counts as a match in an analysis; below it a
/// segment is "no match".
pub const LOWEST_BAND_SCORE: u8 = 50;

/// Where a segment of a text to translate falls in an analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Band {
    /// A context match (101).
    #[serde(rename = "context")]
    Context,
    /// The same segment (after NFC and whitespace collapsing) earlier in
    /// the analysed texts.
    #[serde(rename = "repetition")]
    Repetition,
    /// 100.
    #[serde(rename = "100")]
    Exact,
    #[serde(rename = "95-99")]
    Fuzzy95,
    #[serde(rename = "85-94")]
    Fuzzy85,
    #[serde(rename = "75-84")]
    Fuzzy75,
    #[serde(rename = "50-74")]
    Fuzzy50,
    /// Below 50, or nothing found.
    #[serde(rename = "no_match")]
    NoMatch,
}

impl Band {
    /// Every band, in report order.
    pub const ALL: [Band; 8] = [
        Band::Context,
        Band::Repetition,
        Band::Exact,
        Band::Fuzzy95,
        Band::Fuzzy85,
        Band::Fuzzy75,
        Band::Fuzzy50,
        Band::NoMatch,
    ];

    /// The band of a best score (`None`: no match at all).
    pub fn of_score(score: Option<u8>) -> Band {
        match score {
            Some(s) if s >= CONTEXT_MATCH => Band::Context,
            Some(s) if s >= EXACT_MATCH => Band::Exact,
            Some(95..) => Band::Fuzzy95,
            Some(85..) => Band::Fuzzy85,
            Some(75..) => Band::Fuzzy75,
            Some(s) if s >= LOWEST_BAND_SCORE => Band::Fuzzy50,
            _ => Band::NoMatch,
        }
    }

    /// The name in JSON and TSV output.
    pub fn name(self) -> &'static str {
        match self {
            Band::Context => "context",
            Band::Repetition => "repetition",
            Band::Exact => "100",
            Band::Fuzzy95 => "95-99",
            Band::Fuzzy85 => "85-94",
            Band::Fuzzy75 => "75-84",
            Band::Fuzzy50 => "50-74",
            Band::NoMatch => "no_match",
        }
    }

    /// The label in a table.
    pub fn label(self) -> &'static str {
        match self {
            Band::Context => "context (101)",
            Band::Repetition => "repetitions",
            Band::Exact => "100%",
            Band::Fuzzy95 => "95–99%",
            Band::Fuzzy85 => "85–94%",
            Band::Fuzzy75 => "75–84%",
            Band::Fuzzy50 => "50–74%",
            Band::NoMatch => "no match",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_edges() {
        let cases = [
            (None, Band::NoMatch),
            (Some(0), Band::NoMatch),
            (Some(49), Band::NoMatch),
            (Some(50), Band::Fuzzy50),
            (Some(74), Band::Fuzzy50),
            (Some(75), Band::Fuzzy75),
            (Some(84), Band::Fuzzy75),
            (Some(85), Band::Fuzzy85),
            (Some(94), Band::Fuzzy85),
            (Some(95), Band::Fuzzy95),
            (Some(99), Band::Fuzzy95),
            (Some(100), Band::Exact),
            (Some(101), Band::Context),
        ];
        for (score, band) in cases {
            assert_eq!(Band::of_score(score), band, "{score:?}");
        }
    }
}
