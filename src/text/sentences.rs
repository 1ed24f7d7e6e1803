//! Sentence segmentation (SPEC §3): rule-based splitting of Russian and
//! English text into segments, with paragraphs.
//!
//! # Rules
//!
//! - **Paragraphs.** A blank line (two line breaks with nothing but spaces or
//!   invisible characters between them) always ends a segment and starts a
//!   new paragraph; so does U+2029 PARAGRAPH SEPARATOR. Line breaks are LF,
//!   CRLF, CR, VT, FF, NEL and U+2028. Paragraphs are numbered from 0, and
//!   only paragraphs that hold a segment count.
//! - **Single line breaks.** A line that ends with a stop breaks like a stop
//!   before a space. A line without one is a headline (or a dateline, a
//!   list item) and ends its segment when the next line starts a sentence
//!   (not with a lower-case letter), as a CMS's copy has it, unless the
//!   text is *hard-wrapped*: some line of it runs on into a next line that
//!   starts with a lower-case letter. In a hard-wrapped text a single line
//!   break is a space and a line without a stop runs on into the next,
//!   which then belongs to the same segment. The cost: a two-line wrapped
//!   text whose second line starts with a name (`The president met` /
//!   `Tokayev on Monday.`) gives no sign of its wrapping and is cut.
//!   OmegaT's text filter cuts at every line break by default; the
//!   wrapped-text check keeps e-mail-style copy whole.
//! - **Stops** are `.`, `!`, `?`, `…` and runs of them (`...`, `?!`, `!!`,
//!   `?..`, `…`). Closing quotes and brackets right after a stop stay with
//!   the sentence (`.»`, `…».`, `?»`, `.)`, `."`, `.“`). A sentence ends after
//!   the stop only if a space follows and the next sentence starts with
//!   something other than a lower-case letter, skipping opening quotes,
//!   brackets and dashes first: `— Мы…` and `«Мы…` start a sentence, while
//!   `«Когда?» — спросил он` stays one.
//! - A **single full stop** (no other stop, no closer after it) is further
//!   checked against the word before it:
//!   - a single upper-case letter is an initial and never ends a sentence
//!     (`Н. Назарбаев`, `К.-Ж. Токаев`, `K. Tokayev`, `U.S.`);
//!   - a number of at most three digits that opens the sentence is a list
//!     number (`1. …`), not a sentence;
//!   - an abbreviation of the language's table ([`Rules`]) ends a sentence
//!     as its [`Stop`] says: `Never` (`т.е.`, `ул.`, `Mr.`, `гг.`),
//!     `BeforeCapital` (`т.д.`, `млн.`, `etc.`: only before a capital
//!     letter) or `AfterQuantity` (`г.`, below). Spaced forms (`т. е.`,
//!     `т. д.`) are looked up as `т.е`, `т.д`.
//!   - `г.` after a year (four digits) and `гг.` never end a sentence
//!     (issue 16 item 3): newsroom text writes `году` in full at a
//!     sentence's end, and `в 2022 г. Токаев …`, `в 2023 г. ВВП …`,
//!     `г. Астана` are one sentence; a capital after them is a name far more
//!     often than a new sentence. The cost: the rare `… в 2019 г. Затем …`
//!     stays one segment. After another number `г.` is grams and ends a
//!     sentence before a capital (`до 14,1 г. При этом`).
//! - Decimals (`1.5`, `3.5%`) and inner dots (`U.S.`, `т.е.`) never break,
//!   for want of a space after the dot.
//!
//! The rule tables are data ([`RUSSIAN`], [`ENGLISH`]) and the engine
//! ([`segment_with`]) takes any [`Rules`], so that rule sets loaded from SRX
//! files can drive it later.

use super::lang::Lang;
use super::normalize::{fold_char, Fold};

/// A sentence of a text: the byte range of the trimmed sentence in the text,
/// and the index of its paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
    /// Blank-line separated paragraph, counted from 0.
    pub paragraph: usize,
}

/// How an abbreviation followed by a full stop and a space ends a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// Never: titles and fixed phrases that always lead on (`Mr.`, `ул.`,
    /// `т.е.`).
    Never,
    /// Only before a capital letter; never before a digit or a lower-case
    /// letter (`т.д.`, `млн.`, `etc.`, `Inc.`).
    BeforeCapital,
    /// As `BeforeCapital` right after a number that is not a year (a
    /// weight: `14,1 г. При этом`); else `Never` (`2022 г. Токаев`,
    /// `г. Астана`).
    AfterQuantity,
}

/// A language's segmentation rules.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    /// Abbreviations written without their final full stop (`т.е` for
    /// `т.е.`). An entry in lower case matches in any case; an entry with a
    /// capital letter matches exactly (`No` but not `no`).
    pub abbreviations: &'a [(&'a str, Stop)],
}

/// Russian rules.
pub const RUSSIAN: Rules<'static> = Rules {
    abbreviations: &[
        // Fixed phrases that lead on.
        ("т.е", Stop::Never),
        ("т.к", Stop::Never),
        ("т.н", Stop::Never),
        ("и.о", Stop::Never),
        ("см", Stop::Never),
        // Titles and ranks before a name.
        ("им", Stop::Never),
        ("проф", Stop::Never),
        ("акад", Stop::Never),
        ("доц", Stop::Never),
        ("ген", Stop::Never),
        ("зам", Stop::Never),
        ("св", Stop::Never),
        // Places and addresses before a name or a number.
        ("ул", Stop::Never),
        ("пр", Stop::Never),
        ("просп", Stop::Never),
        ("пл", Stop::Never),
        ("пер", Stop::Never),
        ("мкр", Stop::Never),
        ("пос", Stop::Never),
        ("д", Stop::Never),
        ("кв", Stop::Never),
        ("с", Stop::Never),
        ("п", Stop::Never),
        ("р", Stop::Never),
        ("оз", Stop::Never),
        ("о", Stop::Never),
        // References before a number or a title.
        ("ст", Stop::Never),
        ("ч", Stop::Never),
        ("стр", Stop::Never),
        ("рис", Stop::Never),
        ("табл", Stop::Never),
        ("тел", Stop::Never),
        ("долл", Stop::Never),
        // Languages in glosses: (англ. Nur-Sultan).
        ("англ", Stop::Never),
        ("каз", Stop::Never),
        ("рус", Stop::Never),
        // Year (after a year), city (before a name) or grams (after another
        // number); see the module documentation (`в 2022 г. Токаев`).
        ("г", Stop::AfterQuantity),
        ("гг", Stop::Never),
        // Abbreviations that often end a sentence.
        ("в", Stop::BeforeCapital),
        ("вв", Stop::BeforeCapital),
        ("н.э", Stop::BeforeCapital),
        ("т.д", Stop::BeforeCapital),
        ("т.п", Stop::BeforeCapital),
        ("др", Stop::BeforeCapital),
        ("тыс", Stop::BeforeCapital),
        ("млн", Stop::BeforeCapital),
        ("млрд", Stop::BeforeCapital),
        ("трлн", Stop::BeforeCapital),
        ("руб", Stop::BeforeCapital),
        ("коп", Stop::BeforeCapital),
        ("обл", Stop::BeforeCapital),
        ("р-н", Stop::BeforeCapital),
    ],
};

/// English rules.
pub const ENGLISH: Rules<'static> = Rules {
    abbreviations: &[
        // Titles and ranks before a name.
        ("Mr", Stop::Never),
        ("Mrs", Stop::Never),
        ("Ms", Stop::Never),
        ("Dr", Stop::Never),
        ("Prof", Stop::Never),
        ("St", Stop::Never),
        ("Mt", Stop::Never),
        ("Gen", Stop::Never),
        ("Gov", Stop::Never),
        ("Sen", Stop::Never),
        ("Rep", Stop::Never),
        ("Pres", Stop::Never),
        ("Amb", Stop::Never),
        ("Lt", Stop::Never),
        ("Col", Stop::Never),
        ("Capt", Stop::Never),
        ("Maj", Stop::Never),
        ("Sgt", Stop::Never),
        ("Adm", Stop::Never),
        ("Rev", Stop::Never),
        ("Hon", Stop::Never),
        // Countries and bodies (initials catch these too).
        ("U.S", Stop::Never),
        ("U.K", Stop::Never),
        ("U.N", Stop::Never),
        // Latin and references.
        ("e.g", Stop::Never),
        ("i.e", Stop::Never),
        ("vs", Stop::Never),
        ("cf", Stop::Never),
        ("No", Stop::Never),
        ("Nos", Stop::Never),
        ("p", Stop::Never),
        ("pp", Stop::Never),
        ("fig", Stop::Never),
        ("vol", Stop::Never),
        // Months before a day.
        ("Jan", Stop::Never),
        ("Feb", Stop::Never),
        ("Mar", Stop::Never),
        ("Apr", Stop::Never),
        ("Jun", Stop::Never),
        ("Jul", Stop::Never),
        ("Aug", Stop::Never),
        ("Sep", Stop::Never),
        ("Sept", Stop::Never),
        ("Oct", Stop::Never),
        ("Nov", Stop::Never),
        ("Dec", Stop::Never),
        // Abbreviations that often end a sentence.
        ("etc", Stop::BeforeCapital),
        ("al", Stop::BeforeCapital),
        ("approx", Stop::BeforeCapital),
        ("a.m", Stop::BeforeCapital),
        ("p.m", Stop::BeforeCapital),
        ("Jr", Stop::BeforeCapital),
        ("Sr", Stop::BeforeCapital),
        ("Inc", Stop::BeforeCapital),
        ("Ltd", Stop::BeforeCapital),
        ("Co", Stop::BeforeCapital),
        ("Corp", Stop::BeforeCapital),
        ("Bros", Stop::BeforeCapital),
    ],
};

/// The built-in rules of a language.
pub fn rules(lang: Lang) -> &'static Rules<'static> {
    match lang {
        Lang::Ru => &RUSSIAN,
        Lang::En => &ENGLISH,
    }
}

/// The sentences of `text` under the built-in rules of `lang`; see the
/// module documentation for the rules. Whitespace-only text has none.
pub fn segment(text: &str, lang: Lang) -> Vec<Segment> {
    segment_with(text, rules(lang))
}

/// The sentences of `text` under `rules`.
pub fn segment_with(text: &str, rules: &Rules<'_>) -> Vec<Segment> {
    let mut out = Collector {
        text,
        segments: Vec::new(),
        paragraph: 0,
        paragraph_has_segment: false,
    };
    let lines_end_headlines = !hard_wrapped(text);
    let mut sentence_start = 0;
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        if let Some(after) = line_break_end(text, i, c) {
            if c == '\u{2029}' {
                out.push(sentence_start, i);
                out.end_paragraph();
                sentence_start = after;
            } else if let Some(next_break) = blank_line_end(text, after) {
                out.push(sentence_start, i);
                out.end_paragraph();
                sentence_start = next_break;
                i = next_break;
                continue;
            } else if lines_end_headlines
                && !line_ends_with_stop(text, sentence_start, i)
                && next_line_starts(text, after).is_some_and(|c| !c.is_lowercase())
            {
                out.push(sentence_start, i);
                sentence_start = after;
            }
            i = after;
        } else if is_stop(c) {
            let terminator = terminator(text, i);
            if ends_sentence(text, sentence_start, &terminator, rules) {
                out.push(sentence_start, terminator.end);
                sentence_start = terminator.end;
            }
            i = terminator.end;
        } else {
            i += c.len_utf8();
        }
    }
    out.push(sentence_start, text.len());
    out.segments
}

/// The sentences of `text` cut at its paragraph breaks (blank lines,
/// U+2029, as for [`segment`]) and, inside each paragraph, at the byte
/// offsets `breaks` returns for it (offsets outside the paragraph are
/// ignored). This lets rules from elsewhere, such as an SRX file, choose
/// the breaks while paragraphs and trimming stay as the built-in rules
/// have them.
pub fn segment_by(
    text: &str,
    breaks: &mut dyn FnMut(&str, std::ops::Range<usize>) -> Vec<usize>,
) -> Vec<Segment> {
    let mut out = Collector {
        text,
        segments: Vec::new(),
        paragraph: 0,
        paragraph_has_segment: false,
    };
    let mut paragraph_start = 0;
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        if let Some(after) = line_break_end(text, i, c) {
            if c == '\u{2029}' {
                out.push_cut(paragraph_start..i, breaks);
                out.end_paragraph();
                paragraph_start = after;
            } else if let Some(next_break) = blank_line_end(text, after) {
                out.push_cut(paragraph_start..i, breaks);
                out.end_paragraph();
                paragraph_start = next_break;
                i = next_break;
                continue;
            }
            i = after;
        } else {
            i += c.len_utf8();
        }
    }
    out.push_cut(paragraph_start..text.len(), breaks);
    out.segments
}

/// Gathers trimmed, non-empty segments and counts paragraphs.
struct Collector<'a> {
    text: &'a str,
    segments: Vec<Segment>,
    paragraph: usize,
    paragraph_has_segment: bool,
}

impl Collector<'_> {
    fn push(&mut self, start: usize, end: usize) {
        let Some(slice) = self.text.get(start..end) else {
            return;
        };
        let blank = |c: char| matches!(fold_char(c), Fold::Space | Fold::Remove);
        let trimmed_start = slice.trim_start_matches(blank);
        let trimmed = trimmed_start.trim_end_matches(blank);
        if trimmed.is_empty() {
            return;
        }
        let start = start + (slice.len() - trimmed_start.len());
        self.segments.push(Segment {
            start,
            end: start + trimmed.len(),
            paragraph: self.paragraph,
        });
        self.paragraph_has_segment = true;
    }

    /// Pushes the pieces of `range` between the offsets `breaks` chooses.
    fn push_cut(
        &mut self,
        range: std::ops::Range<usize>,
        breaks: &mut dyn FnMut(&str, std::ops::Range<usize>) -> Vec<usize>,
    ) {
        let mut cuts: Vec<usize> = breaks(self.text, range.clone())
            .into_iter()
            .filter(|&b| range.start < b && b < range.end && self.text.is_char_boundary(b))
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut start = range.start;
        for cut in cuts {
            self.push(start, cut);
            start = cut;
        }
        self.push(start, range.end);
    }

    fn end_paragraph(&mut self) {
        if self.paragraph_has_segment {
            self.paragraph += 1;
            self.paragraph_has_segment = false;
        }
    }
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

/// LF, CR, VT, FF, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// If `c` at `i` is a line break, the offset after it (CRLF is one break).
fn line_break_end(text: &str, i: usize, c: char) -> Option<usize> {
    match c {
        '\r' if text.as_bytes().get(i + 1) == Some(&b'\n') => Some(i + 2),
        c if is_line_break(c) => Some(i + c.len_utf8()),
        _ => None,
    }
}

/// Whether some line of `text` runs on into a next line that starts with a
/// lower-case letter: the text is wrapped at a width, so a line without a
/// stop is not a headline (see the module documentation).
fn hard_wrapped(text: &str) -> bool {
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        if let Some(after) = line_break_end(text, i, c) {
            let line_has_text = char_before(text, i).is_some_and(|b| !is_blank_in_line(b));
            if line_has_text && next_line_starts(text, after).is_some_and(char::is_lowercase) {
                return true;
            }
            i = after;
        } else {
            i += c.len_utf8();
        }
    }
    false
}

/// A space or an invisible character, not a line break.
fn is_blank_in_line(c: char) -> bool {
    !is_line_break(c) && matches!(fold_char(c), Fold::Space | Fold::Remove)
}

/// The first character of the line starting at `from` that is not a space,
/// an opening quote or bracket, or a dash; `None` for a blank line or the
/// end of the text.
fn next_line_starts(text: &str, from: usize) -> Option<char> {
    text.get(from..)?
        .chars()
        .find(|&c| is_line_break(c) || !is_opener(c))
        .filter(|&c| !is_line_break(c))
}

/// Whether the line ending at `end` ends (spaces, invisible characters and
/// closers aside) with a stop after `floor`.
fn line_ends_with_stop(text: &str, floor: usize, end: usize) -> bool {
    let Some(line) = text.get(floor..end) else {
        return false;
    };
    line.chars()
        .rev()
        .find(|&c| !is_blank_in_line(c) && !is_closer(c))
        .is_some_and(is_stop)
}

/// If the line starting at `from` is blank (spaces and invisible characters
/// only) and another line break ends it, the offset of that line break.
fn blank_line_end(text: &str, from: usize) -> Option<usize> {
    let rest = text.get(from..)?;
    for (offset, c) in rest.char_indices() {
        if line_break_end(text, from + offset, c).is_some() {
            return Some(from + offset);
        }
        if !matches!(fold_char(c), Fold::Space | Fold::Remove) {
            return None;
        }
    }
    None
}

fn is_stop(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉' | '！' | '？'
    )
}

/// A quote or bracket that, right after a stop, closes what the stop ends.
/// `“` is here because Russian „…“ closes with it.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '»' | '”' | '“' | '’' | '‘' | '›' | ')' | ']' | '}'
    )
}

/// What may stand between a sentence's end and the first letter of the next:
/// spaces, opening quotes and brackets, dashes.
fn is_opener(c: char) -> bool {
    match fold_char(c) {
        Fold::Space | Fold::Remove => true,
        Fold::Char(c) => matches!(c, '"' | '\'' | '-' | '(' | '[' | '{'),
    }
}

/// A run of stops and closers starting at a stop.
struct Terminator {
    /// Byte offset of the first stop.
    start: usize,
    /// Byte offset just past the run.
    end: usize,
    /// The run is one `.` and nothing else (invisible characters aside).
    single_period: bool,
}

fn terminator(text: &str, start: usize) -> Terminator {
    let mut end = start;
    let (mut stops, mut periods, mut closers) = (0usize, 0usize, 0usize);
    let Some(rest) = text.get(start..) else {
        return Terminator {
            start,
            end: text.len(),
            single_period: false,
        };
    };
    for c in rest.chars() {
        if is_stop(c) {
            stops += 1;
            periods += usize::from(c == '.');
        } else if is_closer(c) {
            closers += 1;
        } else if fold_char(c) != Fold::Remove {
            break;
        }
        end += c.len_utf8();
    }
    Terminator {
        start,
        end,
        single_period: stops == 1 && periods == 1 && closers == 0,
    }
}

/// Whether the sentence that started at `sentence_start` ends with
/// `terminator`.
fn ends_sentence(
    text: &str,
    sentence_start: usize,
    terminator: &Terminator,
    rules: &Rules<'_>,
) -> bool {
    // A space must follow; the end of the text ends the sentence anyway.
    let Some(after) = char_at(text, terminator.end) else {
        return true;
    };
    if fold_char(after) != Fold::Space {
        return false;
    }
    let Some(first) = first_significant(text, terminator.end) else {
        return true;
    };
    if first.is_lowercase() {
        return false;
    }
    if !terminator.single_period {
        return true;
    }
    match word_before_period(text, sentence_start, terminator.start) {
        Before::Nothing => true,
        Before::Initial | Before::ListNumber => false,
        Before::Word { start } => {
            match abbreviation(text, sentence_start, start, terminator.start, rules) {
                None => true,
                Some(Stop::Never) => false,
                Some(Stop::BeforeCapital) => first.is_alphabetic(),
                Some(Stop::AfterQuantity) => {
                    quantity_before(text, sentence_start, start) && first.is_alphabetic()
                }
            }
        }
    }
}

/// The first character after `from` that is not a space, an invisible
/// character, an opening quote or bracket, or a dash.
fn first_significant(text: &str, from: usize) -> Option<char> {
    text.get(from..)?.chars().find(|c| !is_opener(*c))
}

/// What stands right before a single full stop.
#[derive(Debug, PartialEq, Eq)]
enum Before {
    /// Nothing word-like: a space, a bracket, a quote.
    Nothing,
    /// A single capital letter: an initial.
    Initial,
    /// A number of one to three digits that opens the sentence.
    ListNumber,
    /// Another word, starting at `start`: the abbreviation table decides.
    Word { start: usize },
}

/// Longest token, in characters, worth looking up as an abbreviation.
const MAX_ABBREVIATION_CHARS: usize = 16;

/// Whether `c` belongs to a token before a period: letters, digits, marks,
/// inner dots and hyphens (`т.е`, `р-н`, `К.-Ж`).
fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || c == '.' || fold_char(c) == Fold::Char('-') || is_mark(c)
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0489}' | '\u{1DC0}'..='\u{1DFF}')
}

/// Start of the token that ends at `end`, not before `floor`, looking back
/// at most [`MAX_ABBREVIATION_CHARS`] + 1 characters (a longer token is no
/// abbreviation, and where it starts then does not matter).
fn token_start(text: &str, floor: usize, end: usize) -> usize {
    let Some(before) = text.get(floor..end) else {
        return end;
    };
    let mut start = end;
    for c in before.chars().rev().take(MAX_ABBREVIATION_CHARS + 1) {
        if !is_token_char(c) {
            break;
        }
        start -= c.len_utf8();
    }
    start
}

/// Classifies the word before the period at `period`.
fn word_before_period(text: &str, sentence_start: usize, period: usize) -> Before {
    let start = token_start(text, sentence_start, period);
    let Some(token) = text.get(start..period) else {
        return Before::Nothing;
    };
    let mut chars = token.chars().rev();
    let Some(last) = chars.next() else {
        return Before::Nothing;
    };
    if last.is_uppercase()
        && !chars
            .next()
            .is_some_and(|c| c.is_alphanumeric() || is_mark(c))
    {
        return Before::Initial;
    }
    let opens_sentence = text
        .get(sentence_start..start)
        .is_some_and(|lead| lead.chars().all(is_opener));
    if opens_sentence && token.len() <= 3 && token.bytes().all(|b| b.is_ascii_digit()) {
        return Before::ListNumber;
    }
    Before::Word { start }
}

/// The table entry for the token `text[start..period]`, trying its spaced
/// form first (`т. е` → `т.е`).
fn abbreviation(
    text: &str,
    sentence_start: usize,
    start: usize,
    period: usize,
    rules: &Rules<'_>,
) -> Option<Stop> {
    let token = text
        .get(start..period)?
        .trim_start_matches(|c: char| c == '.' || fold_char(c) == Fold::Char('-'));
    if token.is_empty() || token.chars().count() > MAX_ABBREVIATION_CHARS {
        return None;
    }
    spaced_abbreviation(text, sentence_start, start, token)
        .and_then(|spaced| find(rules, &spaced))
        .or_else(|| find(rules, token))
}

/// `т. е` → `т.е`: a one- or two-letter token joined to the short token
/// before it across a period and one space, for the table lookup.
fn spaced_abbreviation(
    text: &str,
    sentence_start: usize,
    token_start_at: usize,
    token: &str,
) -> Option<String> {
    if token.contains('.') || token.chars().count() > 2 {
        return None;
    }
    let space = char_before(text, token_start_at)?;
    if fold_char(space) != Fold::Space {
        return None;
    }
    let dot = token_start_at.checked_sub(space.len_utf8())?;
    if dot <= sentence_start || char_before(text, dot)? != '.' {
        return None;
    }
    let previous_end = dot - 1;
    let previous_start = token_start(text, sentence_start, previous_end);
    let previous = text.get(previous_start..previous_end)?;
    if previous.is_empty() || previous.chars().count() > 3 {
        return None;
    }
    Some(format!("{previous}.{token}"))
}

/// The stop of the table entry matching `token`.
fn find(rules: &Rules<'_>, token: &str) -> Option<Stop> {
    rules
        .abbreviations
        .iter()
        .find(|(entry, _)| {
            if entry.chars().any(char::is_uppercase) {
                *entry == token
            } else {
                entry.chars().eq(token.chars().flat_map(char::to_lowercase))
            }
        })
        .map(|(_, stop)| *stop)
}

/// Whether a number other than a year (four digits: `2022`) ends right
/// before the spaces before `at` (`14,1 г.`, `500 г.`), not looking back
/// past `floor`.
fn quantity_before(text: &str, floor: usize, at: usize) -> bool {
    let Some(before) = text.get(floor..at) else {
        return false;
    };
    let before = before.trim_end_matches(|c: char| fold_char(c) == Fold::Space);
    let number = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
        .collect::<Vec<_>>();
    let year = number.len() == 4 && number.iter().all(char::is_ascii_digit);
    number.first().is_some_and(char::is_ascii_digit) && !year
}

#[cfg(test)]
mod tests {
    use super::*;

    use Lang::{En, Ru};

    fn texts(text: &str, lang: Lang) -> Vec<&str> {
        segment(text, lang)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn segmentation_table() {
        let cases: &[(&str, Lang, &str, &[&str])] = &[
            // Plain stops.
            (
                "two plain sentences",
                Ru,
                "Токаев прибыл в Астану. Он встретился с акимом.",
                &["Токаев прибыл в Астану.", "Он встретился с акимом."],
            ),
            (
                "lower-case after a stop continues",
                Ru,
                "Аким ушёл в отпуск. и вернулся в мае.",
                &["Аким ушёл в отпуск. и вернулся в мае."],
            ),
            (
                "no space after the stop does not break",
                Ru,
                "Столица: Астана.Алматы не столица.",
                &["Столица: Астана.Алматы не столица."],
            ),
            (
                "number ends a sentence",
                Ru,
                "Явка составила 63,3. Это рекорд.",
                &["Явка составила 63,3.", "Это рекорд."],
            ),
            (
                "digit starts a sentence",
                Ru,
                "Голосование завершилось. 12 партий подали списки.",
                &["Голосование завершилось.", "12 партий подали списки."],
            ),
            (
                "list number opens a sentence",
                Ru,
                "1. Президент подписал указ. 2. Мажилис принял закон.",
                &["1. Президент подписал указ.", "2. Мажилис принял закон."],
            ),
            (
                "kazakh capital letter starts a sentence",
                Ru,
                "Форум прошёл в Астане. Қазақстан принял гостей.",
                &["Форум прошёл в Астане.", "Қазақстан принял гостей."],
            ),
            (
                "nbsp after the stop is a space",
                Ru,
                "Вышел указ.\u{A0}Он вступит в силу.",
                &["Вышел указ.", "Он вступит в силу."],
            ),
            (
                "invisible characters trimmed from segments",
                Ru,
                "\u{FEFF}Токаев прибыл.\u{200B} Аким встретил его.",
                &["Токаев прибыл.", "Аким встретил его."],
            ),
            // Abbreviations.
            (
                "т.е. before lower case",
                Ru,
                "Выборы прошли в марте, т.е. досрочно. Явка составила 60%.",
                &[
                    "Выборы прошли в марте, т.е. досрочно.",
                    "Явка составила 60%.",
                ],
            ),
            (
                "т.е. before a capital never ends",
                Ru,
                "Решение принял глава государства, т.е. Токаев лично.",
                &["Решение принял глава государства, т.е. Токаев лично."],
            ),
            (
                "spaced т. е. never ends",
                Ru,
                "Закон принят, т. е. Мажилис одобрил его.",
                &["Закон принят, т. е. Мажилис одобрил его."],
            ),
            (
                "т.к. never ends",
                Ru,
                "Заседание перенесли, т.к. Сенат не собрал кворум.",
                &["Заседание перенесли, т.к. Сенат не собрал кворум."],
            ),
            (
                "т.д. before lower case",
                Ru,
                "Обсудили экономику, экологию и т.д. на заседании акимата.",
                &["Обсудили экономику, экологию и т.д. на заседании акимата."],
            ),
            (
                "т.д. before a capital ends",
                Ru,
                "Обсуждали налоги, тарифы и т.д. Затем выступил аким.",
                &["Обсуждали налоги, тарифы и т.д.", "Затем выступил аким."],
            ),
            (
                "spaced т. п. before a capital ends",
                Ru,
                "Продавали сувениры, книги и т. п. Торговля шла бойко.",
                &["Продавали сувениры, книги и т. п.", "Торговля шла бойко."],
            ),
            (
                "др. before a capital ends",
                Ru,
                "Прибыли министры, акимы и др. Совещание началось в 10:00.",
                &[
                    "Прибыли министры, акимы и др.",
                    "Совещание началось в 10:00.",
                ],
            ),
            (
                "г. after a year before lower case",
                Ru,
                "В 2019 г. город переименовали в Нур-Султан.",
                &["В 2019 г. город переименовали в Нур-Султан."],
            ),
            (
                "г. after a year before a name never ends",
                Ru,
                "В январе 2022 г. Токаев отправил правительство в отставку.",
                &["В январе 2022 г. Токаев отправил правительство в отставку."],
            ),
            (
                "г. after a year before an acronym never ends",
                Ru,
                "В 2023 г. ВВП вырос на 5,1%. Инфляция замедлилась.",
                &["В 2023 г. ВВП вырос на 5,1%.", "Инфляция замедлилась."],
            ),
            (
                "г. after a weight before a capital ends",
                Ru,
                "Норма снижена до 14,1 г. При этом цена выросла.",
                &["Норма снижена до 14,1 г.", "При этом цена выросла."],
            ),
            (
                "г. after a weight before lower case",
                Ru,
                "В пачке 500 г. сахара.",
                &["В пачке 500 г. сахара."],
            ),
            (
                "г. at the end of a text ends",
                Ru,
                "Закон вступил в силу в 2022 г.",
                &["Закон вступил в силу в 2022 г."],
            ),
            (
                "г. at the end of a paragraph ends",
                Ru,
                "Закон вступил в силу в 2022 г.\n\nСтолице вернули имя.",
                &["Закон вступил в силу в 2022 г.", "Столице вернули имя."],
            ),
            (
                "г. before a city name never ends",
                Ru,
                "Встреча прошла в г. Астане в пятницу.",
                &["Встреча прошла в г. Астане в пятницу."],
            ),
            (
                "гг. before lower case",
                Ru,
                "В 2019–2021 гг. население выросло.",
                &["В 2019–2021 гг. население выросло."],
            ),
            (
                "гг. before a name never ends",
                Ru,
                "В 2019–2021 гг. Казахстан провёл реформу. Итоги подвели.",
                &[
                    "В 2019–2021 гг. Казахстан провёл реформу.",
                    "Итоги подвели.",
                ],
            ),
            (
                "т.п. before lower case",
                Ru,
                "Продавали сувениры, книги и т.п. на ярмарке.",
                &["Продавали сувениры, книги и т.п. на ярмарке."],
            ),
            (
                "т.е. at a sentence end before a capital never ends",
                Ru,
                "Партий было три, т.е. Amanat, Ак жол и другие.",
                &["Партий было три, т.е. Amanat, Ак жол и другие."],
            ),
            (
                "ул. before a name never ends",
                Ru,
                "Пожар начался на ул. Абая. Пострадавших нет.",
                &["Пожар начался на ул. Абая.", "Пострадавших нет."],
            ),
            (
                "обл. before lower case",
                Ru,
                "В Алматинской обл. прошли учения.",
                &["В Алматинской обл. прошли учения."],
            ),
            (
                "р-н. before lower case and before a capital",
                Ru,
                "Жители р-н. жалуются. Пожар был в Медеуском р-н. Жертв нет.",
                &[
                    "Жители р-н. жалуются.",
                    "Пожар был в Медеуском р-н.",
                    "Жертв нет.",
                ],
            ),
            (
                "р-н without a stop",
                Ru,
                "В Бостандыкский р-н Алматы приехал аким. Жители ждали.",
                &["В Бостандыкский р-н Алматы приехал аким.", "Жители ждали."],
            ),
            (
                "тыс. before lower case",
                Ru,
                "Пришли 5 тыс. избирателей. Явка выросла.",
                &["Пришли 5 тыс. избирателей.", "Явка выросла."],
            ),
            (
                "тыс. before a capital ends",
                Ru,
                "Число избирателей превысило 12 тыс. Это рекорд.",
                &["Число избирателей превысило 12 тыс.", "Это рекорд."],
            ),
            (
                "руб. before lower case",
                Ru,
                "Курс составил 6 руб. за тенге на бирже.",
                &["Курс составил 6 руб. за тенге на бирже."],
            ),
            (
                "руб. before a capital ends",
                Ru,
                "Билет стоил 500 руб. Сейчас он дороже.",
                &["Билет стоил 500 руб.", "Сейчас он дороже."],
            ),
            (
                "стр. never ends",
                Ru,
                "Текст указа см. на стр. 5 и стр. Приложения.",
                &["Текст указа см. на стр. 5 и стр. Приложения."],
            ),
            (
                "н.э. before lower case",
                Ru,
                "В V в. н.э. здесь стоял город.",
                &["В V в. н.э. здесь стоял город."],
            ),
            (
                "млрд without a stop",
                Ru,
                "Экспорт достиг 60 млрд долларов. Импорт снизился.",
                &["Экспорт достиг 60 млрд долларов.", "Импорт снизился."],
            ),
            (
                "ул. never ends",
                Ru,
                "Офис находится на ул. Кунаева, 12.",
                &["Офис находится на ул. Кунаева, 12."],
            ),
            (
                "им. never ends",
                Ru,
                "Концерт прошёл в театре им. Абая в субботу.",
                &["Концерт прошёл в театре им. Абая в субботу."],
            ),
            (
                "проф. and акад. never end",
                Ru,
                "Выступили проф. Иванов и акад. Сатпаев.",
                &["Выступили проф. Иванов и акад. Сатпаев."],
            ),
            (
                "пос. never ends",
                Ru,
                "Жители пос. Балхаш проголосовали.",
                &["Жители пос. Балхаш проголосовали."],
            ),
            (
                "ст. before a number never ends",
                Ru,
                "Согласно ст. 5 Конституции выборы свободны.",
                &["Согласно ст. 5 Конституции выборы свободны."],
            ),
            (
                "см. before a capital never ends",
                Ru,
                "Подробнее см. Приложение 2.",
                &["Подробнее см. Приложение 2."],
            ),
            (
                "обл. before a capital ends",
                Ru,
                "Он родился в Карагандинской обл. В 1990 г. переехал в Алматы.",
                &[
                    "Он родился в Карагандинской обл.",
                    "В 1990 г. переехал в Алматы.",
                ],
            ),
            (
                "в. before lower case and н.э. before a capital",
                Ru,
                "Город основан в V в. н.э. Раскопки продолжаются.",
                &["Город основан в V в. н.э.", "Раскопки продолжаются."],
            ),
            (
                "млн without a stop and a decimal comma",
                Ru,
                "Бюджет составил 1,5 млн тенге. Расходы выросли.",
                &["Бюджет составил 1,5 млн тенге.", "Расходы выросли."],
            ),
            (
                "млн. before lower case",
                Ru,
                "Выделено 2 млн. тенге на ремонт школ.",
                &["Выделено 2 млн. тенге на ремонт школ."],
            ),
            (
                "млрд. before a capital ends",
                Ru,
                "Инвестиции достигли 3 млрд. Большая часть пошла в Алматы.",
                &[
                    "Инвестиции достигли 3 млрд.",
                    "Большая часть пошла в Алматы.",
                ],
            ),
            (
                "тыс. before a number does not end",
                Ru,
                "Пришли 5 тыс. 300 избирателей.",
                &["Пришли 5 тыс. 300 избирателей."],
            ),
            (
                "долл. США never ends",
                Ru,
                "Инвестиции составили 5 млн долл. США за год.",
                &["Инвестиции составили 5 млн долл. США за год."],
            ),
            // Initials.
            (
                "initial А. Косанов mid-sentence and at the end",
                Ru,
                "Кандидат А. Косанов выступил. Его поддержал А. Косанов.",
                &["Кандидат А. Косанов выступил.", "Его поддержал А. Косанов."],
            ),
            (
                "spaced initials А. А. Косанов",
                Ru,
                "Депутат А. А. Косанов задал вопрос. Министр ответил.",
                &["Депутат А. А. Косанов задал вопрос.", "Министр ответил."],
            ),
            (
                "initial Н. Назарбаев",
                Ru,
                "Первым президентом был Н. Назарбаев. Его сменил Токаев.",
                &["Первым президентом был Н. Назарбаев.", "Его сменил Токаев."],
            ),
            (
                "initial К. Токаев",
                Ru,
                "Указ подписал К. Токаев. Документ опубликован.",
                &["Указ подписал К. Токаев.", "Документ опубликован."],
            ),
            (
                "hyphenated initials К.-Ж.",
                Ru,
                "Президент К.-Ж. Токаев выступил в Мажилисе.",
                &["Президент К.-Ж. Токаев выступил в Мажилисе."],
            ),
            (
                "initials without a space",
                Ru,
                "Письмо подписал Н.А. Назарбаев.",
                &["Письмо подписал Н.А. Назарбаев."],
            ),
            (
                "spaced initials",
                Ru,
                "Доклад сделал А. А. Смаилов. Депутаты задали вопросы.",
                &["Доклад сделал А. А. Смаилов.", "Депутаты задали вопросы."],
            ),
            // Decimals and other stops.
            (
                "decimal point and percent",
                Ru,
                "Инфляция составила 3.5% в январе. Нацбанк сохранил ставку.",
                &[
                    "Инфляция составила 3.5% в январе.",
                    "Нацбанк сохранил ставку.",
                ],
            ),
            (
                "ellipsis mid-sentence before lower case",
                Ru,
                "Мы ждали… и наконец дождались результатов.",
                &["Мы ждали… и наконец дождались результатов."],
            ),
            (
                "ellipsis before a capital ends",
                Ru,
                "Результаты пока неизвестны… Подсчёт голосов продолжается.",
                &[
                    "Результаты пока неизвестны…",
                    "Подсчёт голосов продолжается.",
                ],
            ),
            (
                "ellipsis at the end of the text",
                Ru,
                "Подсчёт голосов продолжается…",
                &["Подсчёт голосов продолжается…"],
            ),
            (
                "three dots before a capital end",
                Ru,
                "Итоги выборов... Их объявят завтра.",
                &["Итоги выборов...", "Их объявят завтра."],
            ),
            (
                "three dots before lower case",
                Ru,
                "Итоги выборов... объявят завтра.",
                &["Итоги выборов... объявят завтра."],
            ),
            (
                "?! ends",
                Ru,
                "Кто победит на выборах?! Ответ узнаем в воскресенье.",
                &["Кто победит на выборах?!", "Ответ узнаем в воскресенье."],
            ),
            (
                "!! ends",
                Ru,
                "Победа!! Команда вернулась в Астану.",
                &["Победа!!", "Команда вернулась в Астану."],
            ),
            (
                "?.. ends",
                Ru,
                "Неужели снова?.. Депутаты не ответили.",
                &["Неужели снова?..", "Депутаты не ответили."],
            ),
            // Quotes, dashes, brackets.
            (
                "question in quotes, dash and lower case stays",
                Ru,
                "«Когда пройдут выборы?» — спросил журналист.",
                &["«Когда пройдут выборы?» — спросил журналист."],
            ),
            (
                "exclamation in quotes, dash and lower case stays",
                Ru,
                "«Мы победим!» — заявил аким.",
                &["«Мы победим!» — заявил аким."],
            ),
            (
                "?» before a capital ends",
                Ru,
                "«Кто виноват?» Этот вопрос обсуждали долго.",
                &["«Кто виноват?»", "Этот вопрос обсуждали долго."],
            ),
            (
                "full stop before a closing guillemet",
                Ru,
                "Аким сказал: «Работа продолжится.» Затем он уехал.",
                &["Аким сказал: «Работа продолжится.»", "Затем он уехал."],
            ),
            (
                "full stop after a closing guillemet",
                Ru,
                "Аким сказал: «Работа продолжится». Затем он уехал.",
                &["Аким сказал: «Работа продолжится».", "Затем он уехал."],
            ),
            (
                "ellipsis, guillemet and full stop stay together",
                Ru,
                "Он ответил: «Посмотрим…». Журналисты ждали.",
                &["Он ответил: «Посмотрим…».", "Журналисты ждали."],
            ),
            (
                "closing low-high quote after a stop",
                Ru,
                "Он назвал проект „Цифровой Казахстан.“ Работа начнётся в мае.",
                &[
                    "Он назвал проект „Цифровой Казахстан.“",
                    "Работа начнётся в мае.",
                ],
            ),
            (
                "opening guillemet starts a sentence",
                Ru,
                "Аким выступил. «Мы построим школу», — сказал он.",
                &["Аким выступил.", "«Мы построим школу», — сказал он."],
            ),
            (
                "dialogue dash starts a sentence",
                Ru,
                "— Выборы пройдут честно, — сказал Токаев. — Мы это гарантируем.",
                &[
                    "— Выборы пройдут честно, — сказал Токаев.",
                    "— Мы это гарантируем.",
                ],
            ),
            (
                "dialogue question and answer",
                Ru,
                "— Когда? — Завтра.",
                &["— Когда?", "— Завтра."],
            ),
            (
                "closing bracket after a stop",
                Ru,
                "Заседание перенесли (подробности ниже.) Депутаты согласились.",
                &[
                    "Заседание перенесли (подробности ниже.)",
                    "Депутаты согласились.",
                ],
            ),
            (
                "stop after a closing bracket",
                Ru,
                "Встреча прошла в Акорде (Астана). Депутаты согласились.",
                &["Встреча прошла в Акорде (Астана).", "Депутаты согласились."],
            ),
            // Lines and paragraphs.
            (
                "blank line ends a headline without a stop",
                Ru,
                "Выборы в Мажилис\n\nГолосование завершилось.",
                &["Выборы в Мажилис", "Голосование завершилось."],
            ),
            (
                "single line break after a headline without a stop ends it",
                Ru,
                "Токаев посетил Атырау\nПрезидент осмотрел завод.",
                &["Токаев посетил Атырау", "Президент осмотрел завод."],
            ),
            (
                "a dateline and a headline on lines of their own",
                Ru,
                "АСТАНА, 3 мая\n«Казахтелеком» снизил тарифы\r\nКомпания объявила об этом во вторник.",
                &[
                    "АСТАНА, 3 мая",
                    "«Казахтелеком» снизил тарифы",
                    "Компания объявила об этом во вторник.",
                ],
            ),
            (
                "a hard-wrapped text runs its lines on, headline-like or not",
                Ru,
                "Президент Токаев посетил\nАтырау и осмотрел новый\nзавод. Аким доложил о\nработе.",
                &["Президент Токаев посетил\nАтырау и осмотрел новый\nзавод.", "Аким доложил о\nработе."],
            ),
            (
                "a line ending in an abbreviation runs on",
                Ru,
                "Встреча прошла на ул.\nАбая в Алматы.",
                &["Встреча прошла на ул.\nАбая в Алматы."],
            ),
            (
                "a closing quote after a headline is not a stop",
                En,
                "Tokayev: “We will act”\nThe president spoke on Monday.",
                &["Tokayev: “We will act”", "The president spoke on Monday."],
            ),
            (
                "single line break after a stop ends",
                Ru,
                "Первое заседание прошло.\nВторое назначено на май.",
                &["Первое заседание прошло.", "Второе назначено на май."],
            ),
            (
                "single line break before lower case joins",
                Ru,
                "Депутаты обсудили проект.\nи одобрили его.",
                &["Депутаты обсудили проект.\nи одобрили его."],
            ),
            (
                "crlf blank line",
                Ru,
                "Заголовок\r\n\r\nТекст статьи.\r\nВторая строка.",
                &["Заголовок", "Текст статьи.", "Вторая строка."],
            ),
            (
                "cr-only line breaks",
                Ru,
                "Аким ушёл.\rЗаместитель остался.\r\rНовый абзац",
                &["Аким ушёл.", "Заместитель остался.", "Новый абзац"],
            ),
            (
                "blank line holding spaces and tabs",
                Ru,
                "Первый абзац\n  \t\nВторой абзац",
                &["Первый абзац", "Второй абзац"],
            ),
            (
                "blank line ends even mid-sentence",
                Ru,
                "Голосование за\n\nпоправки продолжается",
                &["Голосование за", "поправки продолжается"],
            ),
            (
                "paragraph separator character",
                Ru,
                "Первый абзац\u{2029}Второй абзац",
                &["Первый абзац", "Второй абзац"],
            ),
            (
                "leading and trailing whitespace trimmed",
                Ru,
                "  \n Астана — столица.  \n",
                &["Астана — столица."],
            ),
            ("empty input", Ru, "", &[]),
            ("whitespace-only input", Ru, " \n\r\n\t\u{A0} ", &[]),
            ("invisible-only input", Ru, "\u{FEFF}\u{200B}", &[]),
            ("punctuation only", Ru, "...", &["..."]),
            // English.
            (
                "english plain sentences",
                En,
                "Tokayev arrived in Astana. He met the akim.",
                &["Tokayev arrived in Astana.", "He met the akim."],
            ),
            (
                "Mr. never ends",
                En,
                "Mr. Smith met the akim. They discussed the budget.",
                &["Mr. Smith met the akim.", "They discussed the budget."],
            ),
            (
                "Dr. and Prof. never end",
                En,
                "Dr. Aliyev and Prof. Kim spoke.",
                &["Dr. Aliyev and Prof. Kim spoke."],
            ),
            (
                "U.S. before a capital never ends",
                En,
                "The U.S. Senate approved the bill. Astana welcomed it.",
                &["The U.S. Senate approved the bill.", "Astana welcomed it."],
            ),
            (
                "U.N. and U.K. never end",
                En,
                "The U.N. and the U.K. welcomed the vote.",
                &["The U.N. and the U.K. welcomed the vote."],
            ),
            (
                "english initial K. Tokayev",
                En,
                "President K. Tokayev signed the decree. It takes effect today.",
                &[
                    "President K. Tokayev signed the decree.",
                    "It takes effect today.",
                ],
            ),
            (
                "several spaced initials",
                En,
                "He quoted J. R. R. Tolkien at the forum.",
                &["He quoted J. R. R. Tolkien at the forum."],
            ),
            (
                "e.g. before a capital never ends",
                En,
                "Several cities, e.g. Astana and Almaty, voted.",
                &["Several cities, e.g. Astana and Almaty, voted."],
            ),
            (
                "i.e. before a capital never ends",
                En,
                "The capital, i.e. Astana, hosted the summit.",
                &["The capital, i.e. Astana, hosted the summit."],
            ),
            (
                "etc. before lower case",
                En,
                "Taxes, tariffs, etc. were discussed.",
                &["Taxes, tariffs, etc. were discussed."],
            ),
            (
                "etc. before a capital ends",
                En,
                "They discussed taxes, tariffs, etc. The session ended at noon.",
                &[
                    "They discussed taxes, tariffs, etc.",
                    "The session ended at noon.",
                ],
            ),
            (
                "month abbreviation before a day",
                En,
                "The vote was held on Jan. 10. Turnout was high.",
                &["The vote was held on Jan. 10.", "Turnout was high."],
            ),
            (
                "Mrs. and St. never end",
                En,
                "Mrs. Smith visited St. Petersburg. She met the mayor.",
                &["Mrs. Smith visited St. Petersburg.", "She met the mayor."],
            ),
            (
                "Dec. before a number never ends",
                En,
                "The law takes effect on Dec. 31 this year.",
                &["The law takes effect on Dec. 31 this year."],
            ),
            (
                "Sept. before a number never ends",
                En,
                "Parliament met on Sept. 1. Deputies voted.",
                &["Parliament met on Sept. 1.", "Deputies voted."],
            ),
            (
                "U.S. before lower case",
                En,
                "Exports to the U.S. grew by 5%.",
                &["Exports to the U.S. grew by 5%."],
            ),
            (
                "e.g. and i.e. before lower case",
                En,
                "Some regions, e.g. the north, i.e. most of it, voted.",
                &["Some regions, e.g. the north, i.e. most of it, voted."],
            ),
            (
                "english initial A. Kosanov mid-sentence and at the end",
                En,
                "Candidate A. Kosanov spoke. He was backed by A. Kosanov.",
                &[
                    "Candidate A. Kosanov spoke.",
                    "He was backed by A. Kosanov.",
                ],
            ),
            (
                "No. before a number",
                En,
                "Decree No. 5 was published.",
                &["Decree No. 5 was published."],
            ),
            (
                "Inc. before a capital ends",
                En,
                "The deal was signed by Acme Inc. The shares rose.",
                &["The deal was signed by Acme Inc.", "The shares rose."],
            ),
            (
                "Inc. before lower case",
                En,
                "Acme Inc. shares rose.",
                &["Acme Inc. shares rose."],
            ),
            (
                "Sen. Gov. Gen. never end",
                En,
                "Sen. Smith and Gov. Brown met Gen. Nurlanov.",
                &["Sen. Smith and Gov. Brown met Gen. Nurlanov."],
            ),
            (
                "St. never ends",
                En,
                "The forum moved to St. Petersburg in June.",
                &["The forum moved to St. Petersburg in June."],
            ),
            (
                "a.m. before lower case, p.m. before a capital",
                En,
                "Polls open at 8 a.m. and close at 8 p.m. Results follow.",
                &[
                    "Polls open at 8 a.m. and close at 8 p.m.",
                    "Results follow.",
                ],
            ),
            (
                "vs. never ends",
                En,
                "Astana vs. Almaty drew a big crowd.",
                &["Astana vs. Almaty drew a big crowd."],
            ),
            (
                "english decimal",
                En,
                "Inflation was 3.5% in March. The bank held rates.",
                &["Inflation was 3.5% in March.", "The bank held rates."],
            ),
            (
                "question and exclamation",
                En,
                "Who will win? Nobody knows! Voters wait.",
                &["Who will win?", "Nobody knows!", "Voters wait."],
            ),
            (
                "straight quote after a stop",
                En,
                "He said: \"We will win.\" Then he left.",
                &["He said: \"We will win.\"", "Then he left."],
            ),
            (
                "curly quote after a question before lower case",
                En,
                "“Why now?” the reporter asked.",
                &["“Why now?” the reporter asked."],
            ),
            (
                "english ellipsis before a capital",
                En,
                "Results are pending... Counting continues.",
                &["Results are pending...", "Counting continues."],
            ),
            (
                "english blank line after a headline",
                En,
                "Kazakhstan votes\n\nPolls opened at 7 a.m. on Sunday.",
                &["Kazakhstan votes", "Polls opened at 7 a.m. on Sunday."],
            ),
            (
                "english list number",
                En,
                "2. The second point.",
                &["2. The second point."],
            ),
            (
                "russian abbreviation is not english",
                En,
                "It was signed in Astana ul. Then it was published.",
                &["It was signed in Astana ul.", "Then it was published."],
            ),
        ];
        let russian = cases.iter().filter(|case| case.1 == Ru).count();
        assert!(cases.len() >= 60 && russian * 2 >= cases.len());
        for (rule, lang, text, want) in cases {
            assert_eq!(texts(text, *lang), *want, "{rule}: {text:?}");
        }
    }

    /// Rule, text, and the expected (start, end, paragraph) of each segment.
    type OffsetCase = (&'static str, &'static str, &'static [(usize, usize, usize)]);

    #[test]
    fn paragraphs_and_offsets() {
        let cases: &[OffsetCase] = &[
            (
                "offsets of trimmed sentences",
                "  Астана.  Алматы. ",
                &[(2, 15, 0), (17, 30, 0)],
            ),
            (
                "paragraphs counted across several blank lines",
                "Заголовок\n\nПервое. Второе.\n\n\n\nТретье.",
                &[(0, 18, 0), (20, 33, 1), (34, 47, 1), (51, 64, 2)],
            ),
            (
                "leading blank lines do not count",
                "\n\n\r\nА.",
                &[(4, 7, 0)],
            ),
            (
                "paragraph of invisible characters does not count",
                "А.\n\n\u{200B}\n\nБ.",
                &[(0, 3, 0), (10, 13, 1)],
            ),
            ("crlf paragraphs", "A.\r\n\r\nB.", &[(0, 2, 0), (6, 8, 1)]),
        ];
        for (rule, text, want) in cases {
            let got: Vec<(usize, usize, usize)> = segment(text, Ru)
                .iter()
                .map(|s| (s.start, s.end, s.paragraph))
                .collect();
            assert_eq!(got, *want, "{rule}: {text:?}");
        }
    }

    #[test]
    fn custom_rules_drive_the_engine() {
        let rules = Rules {
            abbreviations: &[("Акад", Stop::Never)],
        };
        let text = "Выступил Акад. Сатпаев. Затем акад. Иванов.";
        let got: Vec<&str> = segment_with(text, &rules)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        // The capitalized entry matches exactly: `акад.` is a plain word here.
        assert_eq!(got, ["Выступил Акад. Сатпаев.", "Затем акад.", "Иванов."]);
    }

    #[test]
    fn breaks_chosen_elsewhere_keep_paragraphs_and_trimming() {
        let text = "Один, два. Три\n\n  Четыре; пять.\u{2029}Шесть";
        // Break after every comma or semicolon and its space.
        let mut at_punctuation = |t: &str, range: std::ops::Range<usize>| -> Vec<usize> {
            t[range.clone()]
                .match_indices([',', ';'])
                .map(|(i, _)| range.start + i + 1)
                .collect()
        };
        let got: Vec<(&str, usize)> = segment_by(text, &mut at_punctuation)
            .iter()
            .map(|s| (&text[s.start..s.end], s.paragraph))
            .collect();
        assert_eq!(
            got,
            [
                ("Один,", 0),
                ("два. Три", 0),
                ("Четыре;", 1),
                ("пять.", 1),
                ("Шесть", 2)
            ]
        );
        // Offsets outside the paragraph or inside a character are ignored.
        let mut wild = |_: &str, _: std::ops::Range<usize>| vec![0, 1, 2, 999];
        let got = segment_by("Ёж", &mut wild);
        assert_eq!(got.len(), 2);
        assert_eq!(
            (got[0].start, got[0].end, got[1].start, got[1].end),
            (0, 2, 2, 4)
        );
    }

    #[test]
    fn hostile_input_keeps_invariants() {
        let long_word = "а".repeat(100_000);
        let many_stops = "Аким. ".repeat(20_000);
        let stops_only = ".!?…".repeat(10_000);
        let spaces_after_stop = format!("Конец.{}начало", " ".repeat(50_000));
        let texts = [
            "\u{301}. \u{301}",
            ". . . .",
            "\r\r\r\n\n\n",
            "«»()[]—— . — «",
            "т. . е. . Т.",
            "1. 2. 3. 4.",
            ".\u{200B} А",
            "a.\u{2029}",
            long_word.as_str(),
            many_stops.as_str(),
            stops_only.as_str(),
            spaces_after_stop.as_str(),
        ];
        for text in texts {
            for lang in Lang::ALL {
                let segments = segment(text, lang);
                let mut previous_end = 0;
                for s in &segments {
                    assert!(previous_end <= s.start && s.start < s.end && s.end <= text.len());
                    let slice = text.get(s.start..s.end);
                    assert!(slice.is_some_and(|t| t.trim() == t), "{s:?}");
                    previous_end = s.end;
                }
            }
        }
        assert_eq!(segment(&many_stops, Ru).len(), 20_000);
        assert_eq!(segment(&spaces_after_stop, Ru).len(), 1);
    }
}
