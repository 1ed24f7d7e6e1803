//! Inputs for the stable fuzz harness: arbitrary bytes, and seed files
//! (hand-written ones and real pairs from the corpora, read in place) put
//! through structure-aware mutations.

use std::path::Path;
use std::sync::Arc;

use proptest::prelude::*;
use tilmash::formats::TmxWriter;
use tilmash::unit::{Meta, Unit};

/// The files mutations start from.
pub struct Seeds(pub Vec<Vec<u8>>);

/// Pieces of syntax and trouble that mutations insert.
const FRAGMENTS: &[&[u8]] = &[
    b"<tu>",
    b"</tu>",
    b"<tuv xml:lang=\"ru\">",
    b"<tuv xml:lang=\"en\">",
    b"</tuv>",
    b"<seg>",
    b"</seg>",
    b"<ph x=\"1\">",
    b"</ph>",
    b"<![CDATA[",
    b"]]>",
    b"<!-- ",
    b" -->",
    b"&amp;",
    b"&#0;",
    b"&#x1;",
    b"&#xD800;",
    b"&#1114112;",
    b"&lol;",
    b"&#13;",
    b"<prop type=\"x-position\">",
    b"<prop type=\"x-date\">",
    b"</prop>",
    b"<note>",
    b"</note>",
    b"<header srclang=\"de\"/>",
    b"<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
    b"<!DOCTYPE tmx [<!ENTITY lol \"lol\">]>",
    b"<!DOCTYPE tmx SYSTEM \"x.dtd\">",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\r",
    b"\r\n",
    b"\n",
    b"\n\n",
    b"\t",
    b"\"",
    b"\"\"",
    b",",
    b"\\",
    b"\\t",
    b"\\n",
    b"\\u",
    b"\0",
    b"\xFF",
    b"\xC3",
    b"\xE2\x80",
    b"\xF0\x9F\x98",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b"\"ru\":",
    b"\"en\":",
    b"\"tags\":",
    b"\"context\":{",
    b"null",
    b"1e400",
    b"-0",
    b"\"\\ud800\"",
    b"\xD1\x91",
    b"\xC2\xAB",
    b"\xE2\x80\x8F",
    b"\xC2\xAD",
    b"=",
    b"[section]",
    b"memory = ",
    b"seed = [",
    b"'''",
    b"\"\"\"",
    b"#",
    b"ru\ten\n",
    b"ru,en\n",
    b"article",
    b"date",
    b"2019-02-30",
    b"99999999999999999999",
    b"00000000000000ff",
    b"20190323T120000Z",
    b"\xE2\x80\xA8",
    b"\xE2\x80\xA9",
    b"...",
    b"\xD1\x82.\xD0\xB5. ",
    b"Mr. ",
    b"U.S. ",
    b"\xC2\xBB.",
];

#[derive(Debug, Clone)]
enum Mutation {
    Truncate(u64),
    DeleteSpan(u64, u16),
    DuplicateSpan(u64, u16),
    SwapSpans(u64, u64, u16),
    DuplicateTag(u64),
    DeleteTag(u64),
    Insert(u64, usize),
    FlipByte(u64, u8),
    Reencode(u8),
    HugeAttribute(u64),
    DeepNesting(u64, u16),
    EntityBomb,
    LongRun(u64, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => any::<u64>().prop_map(Mutation::Truncate),
        1 => (any::<u64>(), any::<u16>()).prop_map(|(a, n)| Mutation::DeleteSpan(a, n)),
        1 => (any::<u64>(), any::<u16>()).prop_map(|(a, n)| Mutation::DuplicateSpan(a, n)),
        1 => (any::<u64>(), any::<u64>(), any::<u16>()).prop_map(|(a, b, n)| Mutation::SwapSpans(a, b, n)),
        1 => any::<u64>().prop_map(Mutation::DuplicateTag),
        1 => any::<u64>().prop_map(Mutation::DeleteTag),
        3 => (any::<u64>(), 0..FRAGMENTS.len()).prop_map(|(a, f)| Mutation::Insert(a, f)),
        1 => (any::<u64>(), any::<u8>()).prop_map(|(a, b)| Mutation::FlipByte(a, b)),
        1 => (0u8..8).prop_map(Mutation::Reencode),
        1 => any::<u64>().prop_map(Mutation::HugeAttribute),
        1 => (any::<u64>(), 1u16..400).prop_map(|(a, d)| Mutation::DeepNesting(a, d)),
        1 => Just(Mutation::EntityBomb),
        1 => (any::<u64>(), any::<u8>()).prop_map(|(a, b)| Mutation::LongRun(a, b)),
    ]
}

fn at(data: &[u8], pos: u64) -> usize {
    (pos % (data.len() as u64 + 1)) as usize
}

/// The span of the `n`-th tag (`<` to the next `>`), if there is one.
fn tag(data: &[u8], n: u64) -> Option<(usize, usize)> {
    let starts: Vec<usize> = data
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'<')
        .map(|(i, _)| i)
        .collect();
    let start = *starts.get((n % starts.len().max(1) as u64) as usize)?;
    let end = data[start..].iter().position(|&b| b == b'>')? + start + 1;
    Some((start, end))
}

fn reencode(data: Vec<u8>, kind: u8) -> Vec<u8> {
    let text = String::from_utf8_lossy(&data).into_owned();
    let utf16 = |bom: &[u8], be: bool| {
        let mut out = bom.to_vec();
        for u in text.encode_utf16() {
            out.extend_from_slice(&if be { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        out
    };
    match kind {
        0 => utf16(&[0xFF, 0xFE], false),
        1 => utf16(&[0xFE, 0xFF], true),
        2 => utf16(&[], false),
        // Windows-1251, as a newsroom's old export would be.
        3 => text
            .chars()
            .map(|c| match c {
                'А'..='я' => (c as u32 - 'А' as u32 + 0xC0) as u8,
                'ё' => 0xB8,
                'Ё' => 0xA8,
                c if c.is_ascii() => c as u8,
                _ => b'?',
            })
            .collect(),
        // Latin-1 bytes for the characters it has.
        4 => text.chars().map(|c| u32::from(c).min(0xFF) as u8).collect(),
        5 => [&[0xEF, 0xBB, 0xBF][..], &data].concat(),
        6 => text.replace("\r\n", "\r").replace('\n', "\r").into_bytes(),
        _ => text
            .replace("\r\n", "\n")
            .replace('\n', "\r\n")
            .into_bytes(),
    }
}

fn apply(mut data: Vec<u8>, mutations: Vec<Mutation>) -> Vec<u8> {
    for m in mutations {
        match m {
            Mutation::Truncate(p) => data.truncate(at(&data, p)),
            Mutation::DeleteSpan(p, n) => {
                let a = at(&data, p);
                let b = (a + usize::from(n % 256)).min(data.len());
                data.drain(a..b);
            }
            Mutation::DuplicateSpan(p, n) => {
                let a = at(&data, p);
                let b = (a + usize::from(n % 512)).min(data.len());
                let span = data[a..b].to_vec();
                data.splice(b..b, span);
            }
            Mutation::SwapSpans(p, q, n) => {
                let (a, b) = (at(&data, p), at(&data, q));
                let (a, b) = (a.min(b), a.max(b));
                let n = usize::from(n % 128).min(b - a).min(data.len() - b);
                let (first, second) = (data[a..a + n].to_vec(), data[b..b + n].to_vec());
                data[a..a + n].copy_from_slice(&second);
                data[b..b + n].copy_from_slice(&first);
            }
            Mutation::DuplicateTag(n) => {
                if let Some((a, b)) = tag(&data, n) {
                    let span = data[a..b].to_vec();
                    data.splice(b..b, span);
                }
            }
            Mutation::DeleteTag(n) => {
                if let Some((a, b)) = tag(&data, n) {
                    data.drain(a..b);
                }
            }
            Mutation::Insert(p, f) => {
                let a = at(&data, p);
                data.splice(a..a, FRAGMENTS[f].iter().copied());
            }
            Mutation::FlipByte(p, b) => {
                if !data.is_empty() {
                    let a = at(&data, p) % data.len();
                    data[a] ^= b.max(1);
                }
            }
            Mutation::Reencode(kind) => data = reencode(data, kind),
            Mutation::HugeAttribute(p) => {
                let a = at(&data, p);
                let attr = format!(" x-huge=\"{}\"", "ж".repeat(50_000));
                data.splice(a..a, attr.into_bytes());
            }
            Mutation::DeepNesting(p, depth) => {
                let a = at(&data, p);
                let d = usize::from(depth);
                let nest = ["<hi>".repeat(d), "ж".to_string(), "</hi>".repeat(d)].concat();
                data.splice(a..a, nest.into_bytes());
            }
            Mutation::EntityBomb => {
                let mut bomb = String::from("<!DOCTYPE tmx [<!ENTITY a \"aaaaaaaaaa\">");
                for c in b'b'..=b'k' {
                    let prev = format!("&{};", (c - 1) as char).repeat(10);
                    bomb.push_str(&format!("<!ENTITY {} \"{prev}\">", c as char));
                }
                bomb.push_str("]>\n");
                let a = data
                    .windows(2)
                    .position(|w| w == b"?>")
                    .map_or(0, |i| i + 2);
                data.splice(a..a, bomb.into_bytes());
            }
            Mutation::LongRun(p, b) => {
                let a = at(&data, p);
                data.splice(a..a, std::iter::repeat_n(b, 70_000));
            }
        }
        data.truncate(1 << 20);
    }
    data
}

/// Arbitrary bytes, bytes from a syntax-heavy alphabet, or a mutated seed.
pub fn input(seeds: Seeds) -> impl Strategy<Value = Vec<u8>> {
    let seeds = Arc::new(seeds.0);
    let count = seeds.len().max(1);
    let alphabet: Vec<u8> =
        b"<>/=\"'\t\n\r&;#x{}[],:\\ abruentsgvqlp01.-\xD0\xB0\xD1\x91\xFF\x00".to_vec();
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..1024),
        1 => prop::collection::vec(prop::sample::select(alphabet), 0..1024),
        4 => (0..count, prop::collection::vec(mutation(), 1..6)).prop_map(move |(i, ms)| {
            apply(seeds.get(i).cloned().unwrap_or_default(), ms)
        }),
    ]
}

/// Real pairs from the corpora (read in place), a few from each of some files.
fn real_pairs() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/corpora");
    let mut pairs = Vec::new();
    for name in [
        "wmt_newstest2019_ru-orig.tsv",
        "tatoeba_test_v2021-08-07.tsv",
        "wmt23_generaltest2023_ru-orig.tsv",
    ] {
        if let Ok(text) = std::fs::read_to_string(dir.join(name)) {
            pairs.extend(
                text.lines()
                    .take(12)
                    .filter_map(|l| l.split_once('\t'))
                    .map(|(ru, en)| (ru.to_string(), en.to_string())),
            );
        }
    }
    pairs
}

fn meta(i: usize) -> Meta {
    let mut meta = Meta {
        article: Some(format!("https://example.kz/{}", i / 4)),
        position: Some(i as u32 % 4),
        origin: Some("fuzz seed".into()),
        tags: vec!["a".into(), "b c".into()],
        ..Meta::default()
    };
    if i.is_multiple_of(3) {
        meta.note = Some("note & <note>".into());
    }
    meta
}

impl Seeds {
    pub fn plain(files: Vec<Vec<u8>>) -> Seeds {
        Seeds(files)
    }

    pub fn tsv(files: &[Vec<u8>]) -> Seeds {
        let mut seeds = files.to_vec();
        let pairs = real_pairs();
        seeds.push(
            pairs
                .iter()
                .map(|(ru, en)| format!("{ru}\t{en}\n"))
                .collect::<String>()
                .into_bytes(),
        );
        let mut out = Vec::new();
        if let Ok(mut w) = tilmash::formats::TsvWriter::new(&mut out) {
            for (i, (ru, en)) in pairs.iter().enumerate() {
                let _ = w.write(&Unit::new(ru.clone(), en.clone(), meta(i)));
            }
            let _ = w.finish();
        }
        seeds.push(out);
        Seeds(seeds)
    }

    pub fn csv(files: &[Vec<u8>]) -> Seeds {
        let mut seeds = files.to_vec();
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        seeds.push(
            std::iter::once("ru,en,article\n".to_string())
                .chain(
                    real_pairs()
                        .iter()
                        .enumerate()
                        .map(|(i, (ru, en))| format!("{},{},a{}\n", quote(ru), quote(en), i / 3)),
                )
                .collect::<String>()
                .into_bytes(),
        );
        Seeds(seeds)
    }

    pub fn jsonl(files: &[Vec<u8>]) -> Seeds {
        let mut seeds = files.to_vec();
        let mut out = Vec::new();
        if let Ok(mut w) = tilmash::formats::JsonlWriter::new(&mut out) {
            for (i, (ru, en)) in real_pairs().iter().enumerate() {
                let _ = w.write(&Unit::new(ru.clone(), en.clone(), meta(i)));
            }
            let _ = w.finish();
        }
        seeds.push(out);
        Seeds(seeds)
    }

    pub fn tmx(files: &[Vec<u8>]) -> Seeds {
        let mut seeds = files.to_vec();
        let mut out = Vec::new();
        if let Ok(mut w) = TmxWriter::new(&mut out, "ru") {
            for (i, (ru, en)) in real_pairs().iter().enumerate() {
                let _ = w.write(&Unit::new(ru.clone(), en.clone(), meta(i)));
            }
            let _ = w.finish();
        }
        seeds.push(reencode(out.clone(), 0));
        seeds.push(out);
        Seeds(seeds)
    }

    /// Glossary TSV: the seed files and the bundled glossary's files.
    pub fn glossary(files: &[Vec<u8>]) -> Seeds {
        let mut seeds = files.to_vec();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("glossaries");
        for name in ["people.tsv", "terms.tsv"] {
            if let Ok(bytes) = std::fs::read(dir.join(name)) {
                seeds.push(bytes);
            }
        }
        Seeds(seeds)
    }

    pub fn text(files: &[Vec<u8>]) -> Seeds {
        let mut seeds = files.to_vec();
        let pairs = real_pairs();
        let ru: Vec<&str> = pairs.iter().map(|(ru, _)| ru.as_str()).collect();
        let en: Vec<&str> = pairs.iter().map(|(_, en)| en.as_str()).collect();
        seeds.push(ru.join(" ").into_bytes());
        seeds.push(en.join("\n\n").into_bytes());
        Seeds(seeds)
    }
}
