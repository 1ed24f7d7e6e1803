//! Import → export → import keeps every unit, its metadata and its
//! alternatives (SPEC §5 `export`), for TMX, TSV and JSONL, through the
//! library API: generated pairs with Cyrillic, ё, « », no-break spaces,
//! soft hyphens, inline tags, line breaks and empty notes are imported
//! into one memory, exported, imported into a second memory, and the two
//! memories must hold the same units field for field.

use std::path::Path;

use proptest::prelude::*;
use tilmash::export::{export, ExportFormat, ExportOptions};
use tilmash::formats::JsonlWriter;
use tilmash::import::{import, ImportOptions, Source};
use tilmash::memory::Memory;
use tilmash::unit::{Context, Date, Meta, Unit, UnitFilter};

/// Characters that stress every format.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => prop::char::range('а', 'я'),
        1 => prop::char::range('a', 'z'),
        2 => prop::sample::select(vec![
            'ё', 'Ё', '«', '»', '„', '“', '\u{a0}', '\u{ad}', '\u{200b}', '—', '–', ' ', ' ',
            '\t', '\n', '\r', '<', '>', '&', '"', '\'', '\\', ';', ',', '.', '0', '7', '😀',
        ]),
    ]
}

/// Inline markup as it reaches a memory: kept as text.
fn inline_tag() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "<b>",
        "</b>",
        "<ph x=\"1\"/>",
        "<bpt i=\"1\">&lt;i&gt;</bpt>",
        "{1}",
        "&amp;",
    ])
    .prop_map(str::to_string)
}

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            8 => tricky_char().prop_map(String::from),
            1 => inline_tag(),
        ],
        0..max,
    )
    .prop_map(|parts| parts.concat())
}

fn segment() -> impl Strategy<Value = String> {
    // Visible text: a soft hyphen or zero-width space alone is an empty
    // segment, which every reader refuses.
    text(30).prop_filter("a segment has text", |s| {
        !tilmash::text::normalize(s).is_empty()
    })
}

fn meta() -> impl Strategy<Value = Meta> {
    (
        prop::option::of(prop::sample::select(vec!["kz-1", "kz-2", "uz-«3»"])),
        prop::option::of(0u32..6),
        prop::option::of((2015i16..2025, 1i8..=12, 1i8..=28)),
        prop::option::of(prop::sample::select(vec!["", "wire", "desk ё"])),
        // Empty notes are common: a CAT tool writes `<note></note>`.
        prop::option::of(prop_oneof![Just(String::new()), text(12)]),
        prop::collection::vec(text(6), 0..3),
        prop::option::of(prop::array::uniform4(prop::option::of(any::<u64>()))),
    )
        .prop_map(
            |(article, position, date, origin, note, tags, context)| Meta {
                article: article.map(str::to_string),
                position,
                date: date.and_then(|(y, m, d)| Date::new(y, m, d).ok()),
                origin: origin.map(str::to_string),
                note,
                tags,
                context: context.map_or_else(Context::default, |c| Context {
                    prev_ru: c[0],
                    next_ru: c[1],
                    prev_en: c[2],
                    next_en: c[3],
                }),
                ..Meta::default()
            },
        )
}

/// Pairs, some of which share their Russian side (alternatives) or repeat
/// an earlier pair (one unit on import, with one more place when the
/// repeat's article or position differs).
fn pairs() -> impl Strategy<Value = Vec<(String, String, Meta)>> {
    (
        prop::collection::vec((segment(), segment(), meta()), 1..8),
        prop::collection::vec((any::<prop::sample::Index>(), segment(), meta()), 0..3),
        prop::collection::vec(any::<prop::sample::Index>(), 0..2),
    )
        .prop_map(|(mut pairs, alternatives, repeats)| {
            for (i, en, meta) in alternatives {
                let ru = pairs[i.index(pairs.len())].0.clone();
                pairs.push((ru, en, meta));
            }
            for i in repeats {
                let again = pairs[i.index(pairs.len())].clone();
                pairs.push(again);
            }
            pairs
        })
}

fn units(memory: &Memory) -> Result<Vec<Unit>, TestCaseError> {
    let mut units = Vec::new();
    memory
        .snapshot()
        .for_each_unit(|_, unit| {
            units.push(unit);
            Ok(())
        })
        .map_err(fail)?;
    units.sort_by_key(|u| u.id);
    Ok(units)
}

fn fail(e: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

fn import_file(memory_dir: &Path, file: &Path) -> Result<Memory, TestCaseError> {
    let memory = Memory::create(memory_dir).map_err(fail)?;
    let summary = import(
        &memory,
        &[Source::File(file.to_path_buf())],
        &ImportOptions::default(),
        &mut |_| {},
    )
    .map_err(fail)?;
    prop_assert_eq!(summary.skipped, 0, "no record of {:?} is refused", file);
    memory.reload().map_err(fail)?;
    Ok(memory)
}

/// What a TSV export gives back: tags are `;`-separated there, so a tag
/// holding `;` returns as several (trimmed, empty ones dropped).
fn through_tsv(mut unit: Unit) -> Unit {
    unit.meta.tags = unit
        .meta
        .tags
        .iter()
        .flat_map(|t| t.split(';'))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    unit
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn import_export_import_keeps_every_unit(pairs in pairs()) {
        let dir = tempfile::tempdir().map_err(fail)?;
        let input = dir.path().join("input.jsonl");
        {
            let file = std::fs::File::create(&input).map_err(fail)?;
            let mut writer = JsonlWriter::new(file).map_err(fail)?;
            for (ru, en, meta) in &pairs {
                writer.write(&Unit::new(ru.clone(), en.clone(), meta.clone())).map_err(fail)?;
            }
            writer.finish().map_err(fail)?;
        }
        let first = import_file(&dir.path().join("first"), &input)?;
        let original = units(&first)?;
        let distinct: std::collections::HashSet<_> =
            pairs.iter().map(|(ru, en, _)| tilmash::unit::UnitId::of(ru, en)).collect();
        prop_assert_eq!(original.len(), distinct.len(), "one unit per distinct pair");

        for format in [ExportFormat::Tmx, ExportFormat::Tsv, ExportFormat::Jsonl] {
            let name = format!("export.{}", format!("{format:?}").to_lowercase());
            let exported = dir.path().join(&name);
            let file = std::fs::File::create(&exported).map_err(fail)?;
            let opts = ExportOptions { format, filter: UnitFilter::default() };
            let summary = export(&first.snapshot(), file, &opts).map_err(fail)?;
            // A pair repeated at another place is one unit written once
            // per place.
            let places: usize = original.iter().map(|u| u.places().count()).sum();
            prop_assert_eq!(summary.units as usize, original.len());
            prop_assert_eq!(summary.records as usize, places);

            let second = import_file(&dir.path().join(format!("second-{name}")), &exported)?;
            let back = units(&second)?;
            let expected: Vec<Unit> = match format {
                ExportFormat::Tsv => original.iter().cloned().map(through_tsv).collect(),
                _ => original.clone(),
            };
            prop_assert_eq!(&back, &expected, "{:?}", format);
        }
    }
}
