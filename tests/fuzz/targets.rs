//! The fuzz targets: each takes arbitrary bytes, hands them to one parser
//! and checks what must hold for every input. A target never returns an
//! error: a panic (or a broken invariant, which panics) is a finding.
//!
//! One definition serves both harnesses: the stable proptest harness in
//! `tests/fuzz/main.rs` (`mod targets;`) and the cargo-fuzz targets in
//! `fuzz/fuzz_targets/` (`include!`d there), so that a crash found by one
//! replays in the other.

use std::io::Cursor;
use std::path::Path;

use tilmash::align::{align_texts, AlignError, AlignOptions};
use tilmash::formats::{
    open_reader, Format, JsonlWriter, ReadOptions, Record, Srx, SrxError, TsvWriter,
};
use tilmash::glossary::csv::{read_csv, write_csv};
use tilmash::glossary::tbx::{read_tbx, write_tbx};
use tilmash::glossary::{Entry, EntryRef, Glossary, GlossaryError, GlossaryFile, Parse, COLUMNS};
use tilmash::score::score;
use tilmash::text::inline::show;
use tilmash::text::{
    analyze, collapse, decode, detect, normalize, segment, words, DecodeError, Lang,
};
use tilmash::unit::Unit;
use tilmash::workspace::Config;

/// The name the readers are given; every error must carry it.
const FILE: &str = "fuzz";

/// An upper bound of the lines in `data`: every line break byte counts.
fn max_line(data: &[u8]) -> u64 {
    data.iter().filter(|&&b| b == b'\n' || b == b'\r').count() as u64 + 1
}

/// Reads `data` as `format` to the end and checks the reader's contract:
/// it ends, never panics, names the file and a plausible line in every
/// error, stops after a fatal error, and yields only records with two
/// non-empty segments that survive a round trip through the TSV and JSONL
/// writers.
pub fn read_format(format: Format, data: &[u8], opts: &ReadOptions) {
    let lines = max_line(data);
    let mut reader = open_reader(format, Cursor::new(data.to_vec()), FILE, opts);
    let mut items = 0usize;
    let mut records = Vec::new();
    while let Some(item) = reader.next() {
        items += 1;
        assert!(items <= data.len() + 2, "{format}: the reader does not end");
        match item {
            Ok(located) => {
                assert!(
                    (1..=lines).contains(&located.line),
                    "{format}: record at line {} of at most {lines}",
                    located.line
                );
                let record = located.value;
                assert!(
                    !record.ru.trim().is_empty() && !record.en.trim().is_empty(),
                    "{format}: a record with an empty segment: {record:?}"
                );
                if records.len() < 64 {
                    records.push(record);
                }
            }
            Err(e) => {
                assert_eq!(e.file(), FILE, "{format}: {e}");
                assert!(
                    (1..=lines).contains(&e.line()),
                    "{format}: error at line {} of at most {lines}: {e}",
                    e.line()
                );
                assert!(!e.to_string().is_empty());
                if e.is_fatal() {
                    assert!(
                        reader.next().is_none(),
                        "{format}: the reader goes on after a fatal error: {e}"
                    );
                    break;
                }
            }
        }
    }
    let warnings = reader.warnings();
    assert!(
        warnings.len() <= 16,
        "{format}: {} warnings",
        warnings.len()
    );
    for record in &records {
        let unit = Unit::new(record.ru.clone(), record.en.clone(), record.meta.clone());
        round_trip(&unit, record);
    }
}

/// A unit written by the TSV and JSONL writers reads back as the record
/// it came from.
fn round_trip(unit: &Unit, record: &Record) {
    let mut tsv = Vec::new();
    let mut jsonl = Vec::new();
    {
        let mut w = TsvWriter::new(&mut tsv).expect("writing to memory");
        w.write(unit).expect("writing to memory");
        w.finish().expect("writing to memory");
        let mut w = JsonlWriter::new(&mut jsonl).expect("writing to memory");
        w.write(unit).expect("writing to memory");
        w.finish().expect("writing to memory");
    }
    // TSV has no column for inline codes: it writes them as `{1}` text.
    let mut shown = record.clone();
    shown.ru = show(&record.ru).into_owned();
    shown.en = show(&record.en).into_owned();
    shown.meta.inline = Default::default();
    for (format, bytes, want) in [
        (Format::Tsv, tsv, shown),
        (Format::Jsonl, jsonl, record.clone()),
    ] {
        let back: Vec<_> = open_reader(format, Cursor::new(bytes), FILE, &ReadOptions::default())
            .map(|r| r.map(|l| l.value).map_err(|e| e.to_string()))
            .collect();
        assert_eq!(
            back,
            vec![Ok(want)],
            "{format}: a record read from fuzzed input does not survive a round trip"
        );
    }
}

pub fn tsv(data: &[u8]) {
    read_format(Format::Tsv, data, &ReadOptions::default());
}

pub fn csv(data: &[u8]) {
    read_format(Format::Csv, data, &ReadOptions::default());
}

pub fn jsonl(data: &[u8]) {
    read_format(Format::Jsonl, data, &ReadOptions::default());
}

pub fn tmx(data: &[u8]) {
    read_format(Format::Tmx, data, &ReadOptions::default());
}

/// `tilmash.toml`: any text parses or gives an error naming the file.
pub fn config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Err(e) = Config::parse(&text, Path::new("fuzz/tilmash.toml")) {
        let message = e.to_string();
        assert!(message.starts_with("fuzz/tilmash.toml: "), "{message}");
        assert!(!message.contains('\n'), "one line: {message}");
    }
}

/// Text handling on arbitrary bytes: decoding, and on the decoded (or
/// lossily decoded) text normalization, words, sentences, analysis,
/// language detection and the match score of two halves.
pub fn text(data: &[u8]) {
    match decode(data) {
        Ok(text) => text_checks(&text),
        Err(DecodeError::InvalidUtf8 { offset } | DecodeError::InvalidUtf16 { offset }) => {
            assert!(offset <= data.len(), "offset {offset} past {}", data.len());
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let skip = if text.starts_with('\u{feff}') { 3 } else { 0 };
        assert_eq!(
            decode(data).as_deref(),
            Ok(&text[skip..]),
            "UTF-8 decodes as itself"
        );
    }
    text_checks(&String::from_utf8_lossy(data));
}

fn text_checks(text: &str) {
    let _ = normalize(text);
    let collapsed = collapse(text);
    assert_eq!(collapse(&collapsed), collapsed, "collapse is idempotent");
    for w in words(text) {
        assert!(
            w.start < w.end && w.end <= text.len(),
            "word span {}..{}",
            w.start,
            w.end
        );
        assert!(text.is_char_boundary(w.start) && text.is_char_boundary(w.end));
    }
    let _ = detect(text);
    for lang in [Lang::Ru, Lang::En] {
        let mut last = 0;
        for s in segment(text, lang) {
            assert!(
                s.start <= s.end && s.end <= text.len(),
                "segment {}..{}",
                s.start,
                s.end
            );
            assert!(s.start >= last, "segments overlap or go back");
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            last = s.end;
        }
        let analyzed = analyze(text, lang);
        for t in &analyzed.tokens {
            assert!(t.start < t.end && t.end <= text.len());
        }
        // Two halves scored against each other, and a text against itself
        // (the distance is quadratic in words: only on segment-sized text).
        if text.len() > 4096 {
            continue;
        }
        let cut = (0..=text.len() / 2)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        let (a, b) = (analyze(&text[..cut], lang), analyze(&text[cut..], lang));
        let scored = score(&a, &b, &b, false);
        assert!(scored.score <= 101 && scored.fuzzy <= 100);
        let same = score(&analyzed, &analyzed, &analyzed, true);
        assert!(
            same.fuzzy == 100,
            "a text against itself: fuzzy {}",
            same.fuzzy
        );
    }
}

/// SRX rules: any bytes give rules or an error naming the file (and a line
/// where there is one); rules that load split their own text (and a
/// sample) into ordered, trimmed segments on character boundaries.
pub fn srx(data: &[u8]) {
    match Srx::read(data, FILE) {
        Ok(rules) => {
            let own = String::from_utf8_lossy(&data[..data.len().min(4096)]).into_owned();
            let sample = "Аким г. Астаны прибыл. Mr. Smith left? Yes; no.\n\nНовый абзац";
            for lang in [Lang::Ru, Lang::En] {
                let Ok(segmenter) = rules.segmenter(lang) else {
                    continue;
                };
                for text in [own.as_str(), sample] {
                    let mut last = 0;
                    for s in segmenter.segment(text) {
                        assert!(last <= s.start && s.start < s.end && s.end <= text.len());
                        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                        last = s.end;
                    }
                }
            }
        }
        Err(e) => {
            let message = e.to_string();
            assert!(message.starts_with("fuzz"), "{message}");
            if let SrxError::Malformed { line, .. } | SrxError::Regex { line, .. } = e {
                assert!(line <= max_line(data), "line {line}: {message}");
            }
        }
    }
}

/// Alignment: the two halves of any text align, or give an error saying
/// which side is empty, in the wrong language or too long; every sentence
/// of both sides is in exactly one bead, in order, and every confidence is
/// in 0..1.
pub fn align(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let cut = (0..=text.len() / 2)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let (ru, en) = text.split_at(cut);
    match align_texts(ru, en, &AlignOptions::default()) {
        Ok(a) => {
            let (mut r, mut e) = (0, 0);
            for b in &a.beads {
                assert_eq!((b.ru.start, b.en.start), (r, e), "beads in order: {b:?}");
                assert!(!b.ru.is_empty() || !b.en.is_empty(), "an empty bead");
                assert!((0.0..=1.0).contains(&b.confidence), "{b:?}");
                (r, e) = (b.ru.end, b.en.end);
            }
            assert_eq!((r, e), (a.ru.len(), a.en.len()), "every sentence in a bead");
        }
        Err(
            AlignError::Empty { .. }
            | AlignError::WrongLanguage { .. }
            | AlignError::TooLong { .. },
        ) => {}
    }
}

/// Checks a glossary error: it names the file, and a line within the
/// input.
fn glossary_error(e: &GlossaryError, data: &[u8]) {
    let message = e.to_string();
    assert!(message.starts_with("fuzz:"), "{message}");
    match e {
        GlossaryError::Malformed { line, .. } | GlossaryError::Encoding { line, .. } => {
            assert!(
                (1..=max_line(data)).contains(&(*line as u64)),
                "line {line} of at most {}: {message}",
                max_line(data)
            );
        }
        GlossaryError::Xml { line, .. } => {
            assert!(*line <= max_line(data), "line {line}: {message}");
        }
        other => panic!("reading bytes gave neither a malformed row nor bad XML: {other}"),
    }
}

/// A usable entry whose fields a glossary file can hold.
fn usable(entry: &Entry) {
    assert!(entry.problem().is_none(), "{entry:?}");
    for column in COLUMNS {
        let value = entry.field(column);
        assert!(
            !value.contains(['\t', '\n', '\r']),
            "column {column} holds a tab or line break: {entry:?}"
        );
    }
}

/// A glossary file (`glossaries/*.tsv`): any bytes give a file or an
/// error naming the file and a line. A file writes back byte for byte;
/// strict reading fails exactly when lenient reading found a problem;
/// every entry is usable and survives a rewrite of its line.
pub fn glossary_tsv(data: &[u8]) {
    let path = Path::new(FILE);
    let strict = GlossaryFile::parse(data, path, Parse::Strict);
    match GlossaryFile::parse(data, path, Parse::Lenient) {
        Ok((file, problems)) => {
            assert_eq!(
                file.to_text().as_bytes(),
                data,
                "a glossary file writes back as read"
            );
            for p in &problems {
                glossary_error(p, data);
            }
            assert_eq!(
                strict.is_err(),
                !problems.is_empty(),
                "strict and lenient reading disagree"
            );
            let entries: Vec<(usize, Entry)> = file
                .entries()
                .take(4)
                .map(|(line, e)| (line, e.clone()))
                .collect();
            let mut edited = file;
            for (line, entry) in entries {
                assert!((line as u64) <= max_line(data), "entry at line {line}");
                usable(&entry);
                edited
                    .replace(line, entry.clone())
                    .unwrap_or_else(|e| panic!("line {line} cannot be rewritten: {e}"));
                let text = edited.to_text();
                let (again, _) = GlossaryFile::parse(text.as_bytes(), path, Parse::Lenient)
                    .unwrap_or_else(|e| panic!("a rewritten file does not read back: {e}"));
                assert_eq!(again.entry_at(line), Some(&entry), "line {line} rewritten");
            }
        }
        Err(e) => {
            glossary_error(&e, data);
            assert!(strict.is_err(), "lenient reading failed, strict did not");
        }
    }
}

/// A glossary CSV (`glossary import FILE.csv`): entries or errors naming
/// the file and a line; every entry is usable, and the entries written as
/// CSV read back the same (columns tilmash does not know aside).
pub fn glossary_csv(data: &[u8]) {
    match read_csv(data, FILE) {
        Ok(rows) => {
            let mut entries = Vec::new();
            for (line, entry) in rows {
                assert!((1..=max_line(data)).contains(&(line as u64)), "line {line}");
                usable(&entry);
                let mut entry = entry;
                entry.extra.clear();
                entries.push(entry);
            }
            let mut out = Vec::new();
            write_csv(&mut out, &entries).expect("writing to memory");
            let back: Vec<Entry> = read_csv(&out[..], FILE)
                .unwrap_or_else(|e| panic!("written CSV does not read back: {e:?}"))
                .into_iter()
                .map(|(_, e)| e)
                .collect();
            assert_eq!(back, entries, "CSV round trip");
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "an error without a reason");
            for e in &errors {
                glossary_error(e, data);
            }
        }
    }
}

/// TBX (`glossary import FILE.tbx`): entries or an error naming the file
/// and a line; every entry is usable, and the entries written as TBX
/// read back with the same terms, variants, dates, domain and note.
pub fn tbx(data: &[u8]) {
    match read_tbx(data, FILE) {
        Ok(entries) => {
            for entry in &entries {
                usable(entry);
            }
            let glossary = Glossary::new(entries.iter().enumerate().map(|(i, e)| {
                let at = EntryRef {
                    file: FILE.into(),
                    line: i + 2,
                };
                (e.clone(), at)
            }));
            let mut out = Vec::new();
            write_tbx(&mut out, &glossary).expect("writing to memory");
            let back = read_tbx(&out[..], FILE)
                .unwrap_or_else(|e| panic!("written TBX does not read back: {e}"));
            let shape = |e: &Entry| {
                (
                    e.ru.clone(),
                    e.en.clone(),
                    e.ru_variants.clone(),
                    e.en_variants.clone(),
                    e.valid_from,
                    e.valid_to,
                    e.domain.clone(),
                    e.note.clone(),
                )
            };
            assert_eq!(
                back.iter().map(shape).collect::<Vec<_>>(),
                entries.iter().map(shape).collect::<Vec<_>>(),
                "TBX round trip"
            );
        }
        Err(e) => glossary_error(&e, data),
    }
}
