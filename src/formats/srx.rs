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
    before: Option<Regex>,
    /// Matches starting at the position (`None`: anywhere).
    after: Option<Regex>,
}

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
    line: u64,
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
    /// UTF-16 with one);
    /// `file` names it in errors.
    pub fn read(input: impl BufRead, file: &str) -> Result<Srx, SrxError> {
        let (input, early) = xml::open(input);
        if let Some(source) = early {
            return Err(SrxError::Io {
                file: file.to_string(),
                source,
            });
        }
        let mut xml = Reader::from_reader(input);
        let mut buf = Vec::new();
        let mut srx = Srx {
            file: file.to_string(),
            cascade: false,
            language_rules: Vec::new(),
            maps: Vec::new(),
        };
        let mut root_seen = false;
        let mut current: Option<LanguageRule> = None;
        let mut rule: Option<PendingRule> = None;
        let mut capture: Option<(Capture, String, u64)> = None;
        // The elements open at this point, to tell a truncated file.
        let mut open: Vec<String> = Vec::new();
        loop {
            let event = xml.read_event_into(&mut buf);
            let line = xml.get_ref().line;
            if let Some(failure) = xml.get_mut().failure.take() {
                return Err(input_failure(failure, file));
            }
            let malformed = |reason: String| SrxError::Malformed {
                file: file.to_string(),
                line,
                reason,
            };
            match event {
                Err(quick_xml::Error::Io(e)) => {
                    return Err(SrxError::Io {
                        file: file.to_string(),
                        source: io::Error::new(e.kind(), e.to_string()),
                    })
                }
                Err(e) => return Err(malformed(format!("malformed XML: {e}"))),
                Ok(Event::Eof) => break,
                Ok(Event::Start(ref e) | Event::Empty(ref e)) => {
                    let empty = matches!(event, Ok(Event::Empty(_)));
                    let name = local_name(e);
                    if !empty {
                        open.push(name.clone());
                    }
                    if !root_seen {
                        if name != "srx" {
                            return Err(malformed(format!(
                                "the root element is <{name}>, not <srx>: this is not an SRX file"
                            )));
                        }
                        root_seen = true;
                        let version = attribute(e, "version").map_err(malformed)?;
                        if let Some(v) = version.filter(|v| v != "2.0" && v != "1.0") {
                            return Err(malformed(format!(
                                "SRX version {v}; tilmash reads SRX 2.0 (and 1.0)"
                            )));
                        }
                        continue;
                    }
                    match name.as_str() {
                        "header" => {
                            let cascade = attribute(e, "cascade").map_err(malformed)?;
                            srx.cascade = yes_no(cascade.as_deref(), false).map_err(|v| {
                                malformed(format!("cascade=\"{v}\": expected yes or no"))
                            })?;
                        }
                        "languagerule" => {
                            if let Some(done) = current.take() {
                                srx.language_rules.push(done);
                            }
                            let name = attribute(e, "languagerulename")
                                .map_err(malformed)?
                                .ok_or_else(|| {
                                    malformed("<languagerule> without languagerulename".into())
                                })?;
                            current = Some(LanguageRule {
                                name,
                                rules: Vec::new(),
                            });
                        }
                        "rule" => {
                            if current.is_none() {
                                return Err(malformed("<rule> outside a <languagerule>".into()));
                            }
                            let breaks = attribute(e, "break").map_err(malformed)?;
                            let breaks = yes_no(breaks.as_deref(), true).map_err(|v| {
                                malformed(format!("break=\"{v}\": expected yes or no"))
                            })?;
                            rule = Some(PendingRule {
                                line,
                                breaks,
                                before: None,
                                after: None,
                            });
                        }
                        "beforebreak" | "afterbreak" => {
                            if rule.is_none() {
                                return Err(malformed(format!("<{name}> outside a <rule>")));
                            }
                            let which = if name == "beforebreak" {
                                Capture::Before
                            } else {
                                Capture::After
                            };
                            if empty {
                                // `<beforebreak/>`: an empty expression.
                                set_capture(&mut rule, which, String::new(), line);
                            } else {
                                capture = Some((which, String::new(), line));
                            }
                        }
                        "languagemap" => {
                            let pattern = attribute(e, "languagepattern")
                                .map_err(malformed)?
                                .ok_or_else(|| {
                                    malformed("<languagemap> without languagepattern".into())
                                })?;
                            let rule_name = attribute(e, "languagerulename")
                                .map_err(malformed)?
                                .ok_or_else(|| {
                                    malformed("<languagemap> without languagerulename".into())
                                })?;
                            let compiled =
                                Regex::new(&format!("(?i)^(?:{pattern})$")).map_err(|e| {
                                    SrxError::Regex {
                                        file: file.to_string(),
                                        line,
                                        pattern: pattern.clone(),
                                        reason: first_line(&e.to_string()),
                                    }
                                })?;
                            srx.maps.push(LanguageMap {
                                pattern: compiled,
                                rule: rule_name,
                            });
                        }
                        _ => {}
                    }
                }
                Ok(Event::Text(t)) => {
                    if let Some((_, text, _)) = capture.as_mut() {
                        let s = t
                            .unescape()
                            .map_err(|e| malformed(format!("bad text: {e}")))?;
                        text.push_str(&s);
                    }
                }
                Ok(Event::CData(t)) => {
                    if let Some((_, text, _)) = capture.as_mut() {
                        text.push_str(&String::from_utf8_lossy(&t.into_inner()));
                    }
                }
                Ok(Event::End(e)) => {
                    open.pop();
                    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                    match name.as_str() {
                        "beforebreak" | "afterbreak" => {
                            if let Some((which, text, at)) = capture.take() {
                                set_capture(&mut rule, which, text, at);
                            }
                        }
                        "rule" => {
                            if let (Some(pending), Some(lr)) = (rule.take(), current.as_mut()) {
                                lr.rules.push(compile_rule(pending, file)?);
                            }
                        }
                        "languagerule" => {
                            if let Some(done) = current.take() {
                                srx.language_rules.push(done);
                            }
                        }
                        _ => {}
                    }
                }
                Ok(Event::DocType(_)) => {
                    return Err(malformed(
                        "a DOCTYPE declaration: SRX needs none, and tilmash expands no entities"
                            .into(),
                    ))
                }
                Ok(_) => {}
            }
            buf.clear();
        }
        if let Some(inside) = open.last() {
            return Err(SrxError::Malformed {
                file: file.to_string(),
                line: xml.get_ref().line,
                reason: format!("the file ends inside <{inside}>: it is truncated"),
            });
        }
        if !root_seen {
            return Err(SrxError::Malformed {
                file: file.to_string(),
                line: xml.get_ref().line,
                reason: "no <srx> element: this is not an SRX file".into(),
            });
        }
        if let Some(done) = current.take() {
            srx.language_rules.push(done);
        }
        for map in &srx.maps {
            if !srx.language_rules.iter().any(|r| r.name == map.rule) {
                return Err(SrxError::Malformed {
                    file: file.to_string(),
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

/// The unescaped value of attribute `name` (any prefix), if present.
fn attribute(e: &BytesStart<'_>, name: &str) -> Result<Option<String>, String> {
    for attr in e.attributes() {
        let attr = attr.map_err(|e| format!("bad attribute: {e}"))?;
        if attr.key.local_name().as_ref() == name.as_bytes() {
            let value = attr
                .unescape_value()
                .map_err(|e| format!("bad attribute {name}: {e}"))?;
            return Ok(Some(value.into_owned()));
        }
    }
    Ok(None)
}

fn yes_no(value: Option<&str>, default: bool) -> Result<bool, String> {
    match value.map(str::trim) {
        None => Ok(default),
        Some(v) if v.eq_ignore_ascii_case("yes") => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("no") => Ok(false),
        Some(v) => Err(v.to_string()),
    }
}

fn set_capture(rule: &mut Option<PendingRule>, which: Capture, text: String, line: u64) {
    if let Some(r) = rule.as_mut() {
        match which {
            Capture::Before => r.before = Some((text, line)),
            Capture::After => r.after = Some((text, line)),
        }
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
    let compile = |part: Option<(String, u64)>| -> Result<Option<Regex>, SrxError> {
        match part {
            None => Ok(None),
            Some((pattern, _)) if pattern.is_empty() => Ok(None),
            Some((pattern, line)) => Regex::new(&pattern).map(Some).map_err(|e| SrxError::Regex {
                file: file.to_string(),
                line,
                reason: first_line(&e.to_string()),
                pattern,
            }),
        }
    };
    let _ = pending.line;
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
                if slot.is_some() {
                    continue;
                }
                let after = match &rule.after {
                    None => true,
                    Some(re) => re.find_at(haystack, p).is_some_and(|m| m.start() == p),
                };
                if after {
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

/// The offsets where a match of `before` ends, from `from` on (every
/// offset when there is no expression). For each start offset the regex's
/// preferred match counts, as Java-based SRX engines find them.
fn before_ends(before: Option<&Regex>, haystack: &str, from: usize) -> Vec<usize> {
    let Some(re) = before else {
        return (from..=haystack.len())
            .filter(|&i| haystack.is_char_boundary(i))
            .collect();
    };
    let mut ends = Vec::new();
    let mut start = from;
    while start <= haystack.len() {
        let Some(m) = re.find_at(haystack, start) else {
            break;
        };
        ends.push(m.end());
        // Next search from the character after this match's start, so
        // that overlapping matches count too.
        let next = haystack[m.start()..]
            .chars()
            .next()
            .map_or(haystack.len() + 1, |c| m.start() + c.len_utf8());
        start = next;
    }
    ends.sort_unstable();
    ends.dedup();
    ends
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
