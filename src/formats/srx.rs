//! LISA SRX 2.0 segmentation rules (SPEC §3, custom rules): a streaming
//! reader on quick-xml's pull parser, and the segmenter the rules define.
//!
//! What is read: `<header cascade="yes|no">`; each `<languagerule
//! languagerulename="…">` with its `<rule break="yes|no">`, each with an
//! optional `<beforebreak>` and `<afterbreak>` regular expression; each
//! `<languagemap languagepattern="…" languagerulename="…">`. Formatting
//! handles and vendor extensions (`okpsrx:…`) are ignored. Errors name the
//! file and the line: malformed XML, a rule outside a language rule, a map
//! to a rule set that does not exist, a regular expression tilmash cannot
//! compile.
//!
//! Semantics, as in OmegaT and Okapi:
//! - the rules for a language are those of the first `languagemap` whose
//!   pattern matches the language code (`ru`, `en`; the pattern must match
//!   all of it, case aside), or, with `cascade="yes"`, of every matching map
//!   in order;
//! - at each position of the text, the first rule whose `beforebreak`
//!   matches the text just before and whose `afterbreak` matches the text
//!   just after decides: `break="yes"` breaks there, `break="no"` does not;
//!   where no rule matches, there is no break; a missing expression matches
//!   everywhere;
//! - paragraphs (blank lines) always end a segment and segments are trimmed,
//!   as with the built-in rules ([`segment_by`]).
//!
//! The expressions are those of the `regex` crate, which covers what SRX
//! files commonly use (`\p{Lu}`, `\s`, `\b`, classes, repetition) but not
//! look-around or back-references: a rule using them is refused with its
//! line, rather than silently misread.

use std::io::{self, BufRead};
use std::ops::Range;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use regex::Regex;
use regex_automata::{meta, Anchored, Input};

use super::xml::{self, InputFailure};
use crate::text::{segment_by, Lang, Segment};

/// Why an SRX file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SrxError {
    #[error("{file}: cannot read the file: {source}")]
    Io {
        file: String,
        #[source]
        source: io::Error,
    },
    #[error("{file}:{line}: {reason}")]
    Malformed {
        file: String,
        line: u64,
        reason: String,
    },
    #[error("{file}:{line}: cannot use the regular expression {pattern:?}: {reason}")]
    Regex {
        file: String,
        line: u64,
        pattern: String,
        reason: String,
    },
    #[error("{file}: no languagemap matches `{lang}`; add one, e.g. <languagemap languagepattern=\"{lang}.*\" languagerulename=\"…\"/>")]
    NoRules { file: String, lang: Lang },
}

/// One rule: break or not where `before` matches before the position and
/// `after` after it.
#[derive(Debug, Clone)]
struct Rule {
    breaks: bool,
    /// Matches ending at the position (`None`: anywhere).
    before: Option<meta::Regex>,
    /// Matches starting at the position (`None`: anywhere).
    after: Option<meta::Regex>,
}

/// How far an expression looks from a position, in bytes: a `beforebreak`
/// match is at most this long, an `afterbreak` match is sought no further.
/// Java SRX engines bound their look-behind the same way; the bound keeps
/// the cost of a paragraph linear in its length whatever the rules.
const WINDOW: usize = 1024;

#[derive(Debug, Clone)]
struct LanguageRule {
    name: String,
    rules: Vec<Rule>,
}

#[derive(Debug, Clone)]
struct LanguageMap {
    /// The pattern, anchored at both ends, case-insensitive.
    pattern: Regex,
    rule: String,
}

/// The rules of an SRX file.
#[derive(Debug, Clone)]
pub struct Srx {
    file: String,
    cascade: bool,
    language_rules: Vec<LanguageRule>,
    maps: Vec<LanguageMap>,
}

/// Which element's text is being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Capture {
    Before,
    After,
}

/// A rule being read.
struct PendingRule {
    breaks: bool,
    before: Option<(String, u64)>,
    after: Option<(String, u64)>,
}

impl Srx {
    /// Reads the SRX file at `path`.
    pub fn open(path: &Path) -> Result<Srx, SrxError> {
        let file = path.display().to_string();
        let input = std::fs::File::open(path).map_err(|source| SrxError::Io {
            file: file.clone(),
            source,
        })?;
        Srx::read(io::BufReader::new(input), &file)
    }

    /// Reads SRX from `input` (UTF-8, with or without a byte-order mark, or
    /// UTF-16 with one); `file` names it in errors.
    pub fn read(input: impl BufRead, file: &str) -> Result<Srx, SrxError> {
        let (input, early) = xml::open(input);
        if let Some(source) = early {
            return Err(SrxError::Io {
                file: file.to_string(),
                source,
            });
        }
        let mut xml = Reader::from_reader(input);
        let mut reader = SrxReader::new(file);
        let mut buf = Vec::new();
        loop {
            let event = xml.read_event_into(&mut buf);
            let line = xml.get_ref().line;
            if let Some(failure) = xml.get_mut().failure.take() {
                return Err(input_failure(failure, file));
            }
            match event {
                Err(quick_xml::Error::Io(e)) => {
                    return Err(SrxError::Io {
                        file: file.to_string(),
                        source: io::Error::new(e.kind(), e.to_string()),
                    })
                }
                Err(e) => return Err(reader.malformed(line, format!("malformed XML: {e}"))),
                Ok(Event::Eof) => break,
                Ok(Event::Start(e)) => reader.start(&e, false, line)?,
                Ok(Event::Empty(e)) => reader.start(&e, true, line)?,
                Ok(Event::Text(t)) => {
                    let text = t
                        .unescape()
                        .map_err(|e| reader.malformed(line, format!("bad text: {e}")))?;
                    reader.text(&text);
                }
                Ok(Event::CData(t)) => reader.text(&String::from_utf8_lossy(&t.into_inner())),
                Ok(Event::End(e)) => reader.end(e.local_name().as_ref())?,
                Ok(Event::DocType(_)) => {
                    return Err(reader.malformed(
                        line,
                        "a DOCTYPE declaration: SRX needs none, and tilmash expands no entities"
                            .into(),
                    ))
                }
                Ok(_) => {}
            }
            buf.clear();
        }
        reader.finish(xml.get_ref().line)
    }

    /// The segmenter for `lang`: the rules of the maps that match its code.
    pub fn segmenter(&self, lang: Lang) -> Result<SrxSegmenter<'_>, SrxError> {
        let mut rules = Vec::new();
        let mut matched = false;
        for map in &self.maps {
            if !map.pattern.is_match(lang.code()) {
                continue;
            }
            matched = true;
            for set in self.language_rules.iter().filter(|r| r.name == map.rule) {
                rules.extend(set.rules.iter());
            }
            if !self.cascade {
                break;
            }
        }
        if !matched {
            return Err(SrxError::NoRules {
                file: self.file.clone(),
                lang,
            });
        }
        Ok(SrxSegmenter { rules })
    }
}

/// The state of [`Srx::read`] between events.
struct SrxReader {
    srx: Srx,
    root_seen: bool,
    /// The language rule being read.
    current: Option<LanguageRule>,
    rule: Option<PendingRule>,
    /// The expression being read, and the line where it starts.
    capture: Option<(Capture, String, u64)>,
    /// The elements open at this point, to tell a truncated file.
    open: Vec<String>,
}

impl SrxReader {
    fn new(file: &str) -> Self {
        SrxReader {
            srx: Srx {
                file: file.to_string(),
                cascade: false,
                language_rules: Vec::new(),
                maps: Vec::new(),
            },
            root_seen: false,
            current: None,
            rule: None,
            capture: None,
            open: Vec::new(),
        }
    }

    fn malformed(&self, line: u64, reason: String) -> SrxError {
        SrxError::Malformed {
            file: self.srx.file.clone(),
            line,
            reason,
        }
    }

    /// The unescaped value of attribute `name` (any prefix), if present.
    fn attribute(
        &self,
        e: &BytesStart<'_>,
        name: &str,
        line: u64,
    ) -> Result<Option<String>, SrxError> {
        let attributes = xml::attributes(e).map_err(|reason| self.malformed(line, reason))?;
        for (key, value) in attributes {
            if key.rsplit(':').next() == Some(name) {
                return value
                    .map(Some)
                    .map_err(|reason| self.malformed(line, reason));
            }
        }
        Ok(None)
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool, line: u64) -> Result<(), SrxError> {
        let name = local_name(e);
        if !empty {
            self.open.push(name.clone());
        }
        if !self.root_seen {
            return self.root(e, &name, line);
        }
        match name.as_str() {
            "header" => {
                let cascade = self.attribute(e, "cascade", line)?;
                self.srx.cascade = yes_no(cascade.as_deref(), false).map_err(|v| {
                    self.malformed(line, format!("cascade=\"{v}\": expected yes or no"))
                })?;
            }
            "languagerule" => {
                self.end_language_rule();
                let name = self
                    .attribute(e, "languagerulename", line)?
                    .ok_or_else(|| {
                        self.malformed(line, "<languagerule> without languagerulename".into())
                    })?;
                self.current = Some(LanguageRule {
                    name,
                    rules: Vec::new(),
                });
            }
            "rule" => {
                if self.current.is_none() {
                    return Err(self.malformed(line, "<rule> outside a <languagerule>".into()));
                }
                let breaks = self.attribute(e, "break", line)?;
                let breaks = yes_no(breaks.as_deref(), true).map_err(|v| {
                    self.malformed(line, format!("break=\"{v}\": expected yes or no"))
                })?;
                self.rule = Some(PendingRule {
                    breaks,
                    before: None,
                    after: None,
                });
            }
            "beforebreak" | "afterbreak" => {
                if self.rule.is_none() {
                    return Err(self.malformed(line, format!("<{name}> outside a <rule>")));
                }
                let which = if name == "beforebreak" {
                    Capture::Before
                } else {
                    Capture::After
                };
                if empty {
                    // `<beforebreak/>`: an empty expression.
                    self.set_capture(which, String::new(), line);
                } else {
                    self.capture = Some((which, String::new(), line));
                }
            }
            "languagemap" => self.language_map(e, line)?,
            _ => {}
        }
        Ok(())
    }

    /// The root element: `<srx>` of a version tilmash reads.
    fn root(&mut self, e: &BytesStart<'_>, name: &str, line: u64) -> Result<(), SrxError> {
        if name != "srx" {
            return Err(self.malformed(
                line,
                format!("the root element is <{name}>, not <srx>: this is not an SRX file"),
            ));
        }
        self.root_seen = true;
        let version = self.attribute(e, "version", line)?;
        if let Some(v) = version.filter(|v| v != "2.0" && v != "1.0") {
            return Err(self.malformed(
                line,
                format!("SRX version {v}; tilmash reads SRX 2.0 (and 1.0)"),
            ));
        }
        Ok(())
    }

    fn language_map(&mut self, e: &BytesStart<'_>, line: u64) -> Result<(), SrxError> {
        let pattern = self
            .attribute(e, "languagepattern", line)?
            .ok_or_else(|| self.malformed(line, "<languagemap> without languagepattern".into()))?;
        let rule = self
            .attribute(e, "languagerulename", line)?
            .ok_or_else(|| self.malformed(line, "<languagemap> without languagerulename".into()))?;
        let compiled =
            Regex::new(&format!("(?i)^(?:{pattern})$")).map_err(|e| SrxError::Regex {
                file: self.srx.file.clone(),
                line,
                pattern: pattern.clone(),
                reason: first_line(&e.to_string()),
            })?;
        self.srx.maps.push(LanguageMap {
            pattern: compiled,
            rule,
        });
        Ok(())
    }

    fn text(&mut self, text: &str) {
        if let Some((_, captured, _)) = self.capture.as_mut() {
            captured.push_str(text);
        }
    }

    fn end(&mut self, name: &[u8]) -> Result<(), SrxError> {
        self.open.pop();
        match name {
            b"beforebreak" | b"afterbreak" => {
                if let Some((which, text, at)) = self.capture.take() {
                    self.set_capture(which, text, at);
                }
            }
            b"rule" => {
                if let (Some(pending), Some(_)) = (self.rule.take(), self.current.as_ref()) {
                    let rule = compile_rule(pending, &self.srx.file)?;
                    if let Some(current) = self.current.as_mut() {
                        current.rules.push(rule);
                    }
                }
            }
            b"languagerule" => self.end_language_rule(),
            _ => {}
        }
        Ok(())
    }

    fn end_language_rule(&mut self) {
        if let Some(done) = self.current.take() {
            self.srx.language_rules.push(done);
        }
    }

    fn set_capture(&mut self, which: Capture, text: String, line: u64) {
        if let Some(r) = self.rule.as_mut() {
            match which {
                Capture::Before => r.before = Some((text, line)),
                Capture::After => r.after = Some((text, line)),
            }
        }
    }

    /// The rules read, once the file has ended at `line`.
    fn finish(mut self, line: u64) -> Result<Srx, SrxError> {
        if let Some(inside) = self.open.last() {
            return Err(self.malformed(
                line,
                format!("the file ends inside <{inside}>: it is truncated"),
            ));
        }
        if !self.root_seen {
            return Err(self.malformed(line, "no <srx> element: this is not an SRX file".into()));
        }
        self.end_language_rule();
        let srx = self.srx;
        for map in &srx.maps {
            if !srx.language_rules.iter().any(|r| r.name == map.rule) {
                return Err(SrxError::Malformed {
                    file: srx.file.clone(),
                    line: 0,
                    reason: format!(
                        "a languagemap names the rule set {:?}, which the file does not define",
                        map.rule
                    ),
                });
            }
        }
        Ok(srx)
    }
}

/// The error for a failure of the input under the parser.
fn input_failure(failure: InputFailure, file: &str) -> SrxError {
    let file = file.to_string();
    match failure {
        InputFailure::Encoding {
            offset,
            line,
            encoding,
        } => SrxError::Malformed {
            file,
            line,
            reason: format!("invalid {encoding} at byte {offset} (save the file as UTF-8)"),
        },
        InputFailure::RunTooLong { line } => SrxError::Malformed {
            file,
            line,
            reason: "megabytes of text without markup: this is not an SRX file".into(),
        },
        InputFailure::Io { error, .. } => SrxError::Io {
            file,
            source: error,
        },
    }
}

/// The local name of an element (without a namespace prefix).
fn local_name(e: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(e.local_name().as_ref()).into_owned()
}

fn yes_no(value: Option<&str>, default: bool) -> Result<bool, String> {
    match value.map(str::trim) {
        None => Ok(default),
        Some(v) if v.eq_ignore_ascii_case("yes") => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("no") => Ok(false),
        Some(v) => Err(v.to_string()),
    }
}

fn first_line(message: &str) -> String {
    // The regex crate's messages span several lines with a caret diagram;
    // the last line says what is wrong.
    message
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(message)
        .trim()
        .trim_start_matches("error: ")
        .to_string()
}

fn compile_rule(pending: PendingRule, file: &str) -> Result<Rule, SrxError> {
    let compile = |part: Option<(String, u64)>| -> Result<Option<meta::Regex>, SrxError> {
        let (pattern, line) = match part {
            Some((pattern, line)) if !pattern.is_empty() => (pattern, line),
            _ => return Ok(None),
        };
        let error = |reason: String| SrxError::Regex {
            file: file.to_string(),
            line,
            reason: first_line(&reason),
            pattern: pattern.clone(),
        };
        // The `regex` crate's messages, then the engine under it, which
        // can search from a position without scanning past it.
        Regex::new(&pattern).map_err(|e| error(e.to_string()))?;
        meta::Regex::new(&pattern)
            .map(Some)
            .map_err(|e| error(e.to_string()))
    };
    Ok(Rule {
        breaks: pending.breaks,
        before: compile(pending.before)?,
        after: compile(pending.after)?,
    })
}

/// Splits text by the rules of one language.
#[derive(Debug, Clone)]
pub struct SrxSegmenter<'a> {
    rules: Vec<&'a Rule>,
}

impl SrxSegmenter<'_> {
    /// The segments of `text`: paragraphs as with the built-in rules, and
    /// inside them the breaks the SRX rules decide.
    pub fn segment(&self, text: &str) -> Vec<Segment> {
        segment_by(text, &mut |t, range| self.breaks(t, range))
    }

    /// Where the rules break `text[range]`: byte offsets.
    fn breaks(&self, text: &str, range: Range<usize>) -> Vec<usize> {
        let Some(haystack) = text.get(..range.end) else {
            return Vec::new();
        };
        let len = range.end - range.start;
        // The decision at each offset: the first rule that matches there.
        let mut decided: Vec<Option<bool>> = vec![None; len + 1];
        for rule in &self.rules {
            for p in before_ends(rule.before.as_ref(), haystack, range.start) {
                let slot = &mut decided[p - range.start];
                if slot.is_none() && after_matches(rule.after.as_ref(), haystack, p) {
                    *slot = Some(rule.breaks);
                }
            }
        }
        decided
            .iter()
            .enumerate()
            .filter(|(_, d)| **d == Some(true))
            .map(|(i, _)| range.start + i)
            .collect()
    }
}

/// Whether `after` matches starting exactly at `p` (always, when there is
/// no expression): an anchored search, looking at most [`WINDOW`] bytes
/// ahead, with the text around as context (`\b`, `$`).
fn after_matches(after: Option<&meta::Regex>, haystack: &str, p: usize) -> bool {
    let Some(re) = after else {
        return true;
    };
    let end = window_end(haystack, p);
    let input = Input::new(haystack).span(p..end).anchored(Anchored::Yes);
    re.search(&input).is_some()
}

/// The offsets where a match of `before` ends, from `from` on (every
/// offset when there is no expression). For each start offset the regex's
/// preferred match counts, as Java-based SRX engines find them; each search
/// looks at two [`WINDOW`]s at most, so matches up to a window long are all
/// found and the cost stays linear.
fn before_ends(before: Option<&meta::Regex>, haystack: &str, from: usize) -> Vec<usize> {
    let Some(re) = before else {
        return (from..=haystack.len())
            .filter(|&i| haystack.is_char_boundary(i))
            .collect();
    };
    let mut ends = Vec::new();
    let mut start = from;
    while start <= haystack.len() {
        let end = window_end(haystack, window_end(haystack, start));
        let input = Input::new(haystack).span(start..end);
        match re.search(&input) {
            Some(m) => {
                ends.push(m.end());
                // Next search from the character after this match's start,
                // so that overlapping matches count too.
                start = haystack[m.start()..]
                    .chars()
                    .next()
                    .map_or(haystack.len() + 1, |c| m.start() + c.len_utf8());
            }
            // No match starts in the first window: none up to a window long.
            None if end < haystack.len() => start = window_end(haystack, start),
            None => break,
        }
    }
    ends.sort_unstable();
    ends.dedup();
    ends
}

/// The character boundary a [`WINDOW`] after `p`, or the end of the text.
fn window_end(haystack: &str, p: usize) -> usize {
    let mut end = (p + WINDOW).min(haystack.len());
    while !haystack.is_char_boundary(end) {
        end += 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::UTF8_BOM;

    const RULES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header segmentsubflows="yes" cascade="yes">
    <formathandle type="start" include="no"/>
  </header>
  <body>
    <languagerules>
      <languagerule languagerulename="Russian">
        <rule break="no">
          <beforebreak>\bг\.</beforebreak>
          <afterbreak>\s</afterbreak>
        </rule>
      </languagerule>
      <languagerule languagerulename="Default">
        <rule break="no">
          <beforebreak>\b(Mr|Dr)\.</beforebreak>
          <afterbreak>\s</afterbreak>
        </rule>
        <rule break="yes">
          <beforebreak>[.?!]+</beforebreak>
          <afterbreak>\s+\p{Lu}</afterbreak>
        </rule>
        <rule break="yes">
          <beforebreak>;</beforebreak>
          <afterbreak>\s</afterbreak>
        </rule>
      </languagerule>
    </languagerules>
    <maprules>
      <languagemap languagepattern="RU.*" languagerulename="Russian"/>
      <languagemap languagepattern=".*" languagerulename="Default"/>
    </maprules>
  </body>
</srx>
"#;

    fn texts(segmenter: &SrxSegmenter<'_>, text: &str) -> Vec<String> {
        segmenter
            .segment(text)
            .iter()
            .map(|s| text[s.start..s.end].to_string())
            .collect()
    }

    #[test]
    fn rules_cascade_and_decide_in_order() {
        let srx = Srx::read(RULES.as_bytes(), "rules.srx").expect("valid SRX");
        let ru = srx.segmenter(Lang::Ru).expect("rules for ru");
        // `г.` never breaks (Russian rule first); `;` breaks (the default
        // rules cascade after it); a paragraph break always does.
        assert_eq!(
            texts(
                &ru,
                "Собрание прошло в г. Астане. Его открыл аким; затем выступил министр.\n\nИтоги"
            ),
            [
                "Собрание прошло в г. Астане.",
                "Его открыл аким;",
                "затем выступил министр.",
                "Итоги"
            ]
        );
        let en = srx.segmenter(Lang::En).expect("rules for en");
        assert_eq!(
            texts(&en, "Mr. Smith arrived. He left?! Yes. no break here"),
            ["Mr. Smith arrived.", "He left?!", "Yes. no break here"]
        );
    }

    #[test]
    fn a_long_paragraph_costs_linear_time() {
        // Every `.` is a candidate, and no capital follows anywhere: a
        // search for the afterbreak from each candidate to the end of the
        // paragraph made this quadratic (a megabyte took tens of minutes).
        // The empty beforebreak makes every offset a candidate.
        let srx = Srx::read(
            RULES
                .replace(
                    "<beforebreak>;</beforebreak>\n          <afterbreak>\\s</afterbreak>",
                    "<beforebreak/>\n          <afterbreak>\\p{Lu}</afterbreak>",
                )
                .as_bytes(),
            "rules.srx",
        )
        .expect("valid SRX");
        let en = srx.segmenter(Lang::En).expect("rules for en");
        let paragraph = "a. ".repeat(350_000);
        let started = std::time::Instant::now();
        let segments = texts(&en, &paragraph);
        assert_eq!(segments, [paragraph.trim_end()]);
        // Quadratic work on 1 MB takes far longer than this on any machine.
        assert!(started.elapsed() < std::time::Duration::from_secs(60));
        // Matches up to a window long are still found, across windows.
        let long = format!("{}. B", "x".repeat(3 * WINDOW));
        let srx = Srx::read(
            RULES
                .replace("[.?!]+</before", "x{900}\\.</before")
                .as_bytes(),
            "rules.srx",
        )
        .expect("valid SRX");
        let en = srx.segmenter(Lang::En).expect("rules for en");
        assert_eq!(texts(&en, &long), [&long[..long.len() - 2], "B"]);
    }

    #[test]
    fn without_cascade_the_first_map_wins() {
        let srx = Srx::read(
            RULES
                .replace("cascade=\"yes\"", "cascade=\"no\"")
                .as_bytes(),
            "rules.srx",
        )
        .expect("valid SRX");
        let ru = srx.segmenter(Lang::Ru).expect("rules for ru");
        // Only the Russian rule: nothing breaks but paragraphs.
        assert_eq!(texts(&ru, "Раз. Два; три."), ["Раз. Два; три."]);
    }

    #[test]
    fn errors_name_the_line() {
        let cases: &[(&str, String, &str)] = &[
            (
                "look-around is refused",
                RULES.replace(r"[.?!]+</beforebreak>", r"(?&lt;=\w)[.?!]+</beforebreak>"),
                "rules.srx:20: cannot use the regular expression",
            ),
            (
                "unknown rule set",
                RULES.replace(
                    r#"languagerulename="Default"/>"#,
                    r#"languagerulename="Nope"/>"#,
                ),
                "does not define",
            ),
            (
                "rule outside a language rule",
                RULES.replace(
                    "<languagerules>",
                    "<languagerules><rule break=\"no\"></rule>",
                ),
                "rules.srx:7: <rule> outside a <languagerule>",
            ),
            (
                "bad break value",
                RULES.replace("break=\"no\"", "break=\"maybe\""),
                "break=\"maybe\"",
            ),
            (
                "malformed XML",
                RULES.replace(
                    "</languagerule>\n      <languagerule",
                    "</languagerul>\n      <languagerule",
                ),
                "rules.srx:13: malformed XML",
            ),
            (
                "not SRX",
                "<tmx version=\"1.4\"/>".to_string(),
                "not an SRX file",
            ),
            ("empty", String::new(), "not an SRX file"),
            (
                "entities refused",
                format!("<!DOCTYPE srx [<!ENTITY a \"b\">]>\n{RULES}"),
                "DOCTYPE",
            ),
        ];
        for (rule, text, want) in cases {
            let got = Srx::read(text.as_bytes(), "rules.srx")
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(got.contains(want), "{rule}: {got}");
        }
        let srx = Srx::read(
            RULES
                .replace(r#"languagepattern=".*""#, r#"languagepattern="de.*""#)
                .as_bytes(),
            "rules.srx",
        )
        .expect("valid SRX");
        let err = srx
            .segmenter(Lang::En)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("no languagemap matches `en`"), "{err}");
    }

    #[test]
    fn byte_order_mark_and_old_line_ends_are_read() {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend(RULES.replace('\n', "\r").as_bytes());
        let srx = Srx::read(&bytes[..], "rules.srx").expect("valid SRX");
        assert!(srx.segmenter(Lang::Ru).is_ok());
        // Lines are counted on CR alone too.
        let broken = RULES.replace(r"[.?!]+</beforebreak>", r"(?&lt;=\w)[.?!]+</beforebreak>");
        let err = Srx::read(broken.replace('\n', "\r").as_bytes(), "rules.srx")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.starts_with("rules.srx:20:"), "{err}");
    }

    #[test]
    fn invalid_utf8_and_truncation_are_errors() {
        let mut bytes = RULES.as_bytes().to_vec();
        bytes.insert(200, 0xFF);
        let err = Srx::read(&bytes[..], "rules.srx")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert_eq!(
            err,
            "rules.srx:6: invalid UTF-8 at byte 200 (save the file as UTF-8)"
        );
        let truncated = &RULES[..RULES.len() / 2];
        let err = Srx::read(truncated.as_bytes(), "rules.srx")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.starts_with("rules.srx:"), "{err}");
    }
}
