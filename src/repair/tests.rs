//! Repair tables: query, unit source, stored target, expected draft.

use super::*;
use crate::glossary::{Entry, EntryRef};
use crate::score::diff;
use crate::text::analyze;

fn row(concept: &str, ru: &str, en: &str, domain: &str) -> (Entry, EntryRef) {
    let mut e = Entry::new(concept, ru, en);
    e.domain = domain.to_string();
    e.pos = if domain == "term" || domain == "office" {
        "noun".into()
    } else {
        "propn".into()
    };
    let r = EntryRef {
        file: "test.tsv".into(),
        line: 1,
    };
    (e, r)
}

fn glossary() -> Glossary {
    let mut rows = vec![
        row("person-tokayev", "Токаев", "Tokayev", "person"),
        row("person-nazarbayev", "Назарбаев", "Nazarbayev", "person"),
        row("city-almaty", "Алматы", "Almaty", "place"),
        row("city-shymkent", "Шымкент", "Shymkent", "place"),
        row("city-astana", "Астана", "Astana", "place"),
        row("office-akim", "аким", "akim", "office"),
        row("office-minister", "министр", "minister", "office"),
        row(
            "event-referendum",
            "Референдум 5 июня",
            "June 5 referendum",
            "event",
        ),
    ];
    let (mut nur, r) = row("city-astana", "Нур-Султан", "Nur-Sultan", "place");
    nur.valid_from = Some(jiff::civil::date(2019, 3, 23));
    nur.valid_to = Some(jiff::civil::date(2022, 9, 17));
    rows.push((nur, r));
    rows[4].0.valid_to = Some(jiff::civil::date(2019, 3, 23));
    let (mut again, r) = row("city-astana", "Астана", "Astana", "place");
    again.valid_from = Some(jiff::civil::date(2022, 9, 17));
    rows.push((again, r));
    Glossary::new(rows)
}

fn repair_with(
    glossary: &Glossary,
    date: Date,
    lang: Lang,
    query: &str,
    source: &str,
    target: &str,
) -> Option<Outcome> {
    let repairer = Repairer::new(glossary, date);
    let q = analyze(query, lang);
    let c = analyze(source, lang);
    let t = analyze(target, lang.other());
    let d = diff(&q, &c);
    repairer.repair(&q, &repairer.query_items(&q), &c, &t, &d.edits)
}

fn today() -> Date {
    jiff::civil::date(2024, 6, 1)
}

/// (rule, lang, query, unit source, stored target, draft, complete)
const TABLE: &[(&str, Lang, &str, &str, &str, &str, bool)] = &[
    (
        "the issue's example, into English",
        Lang::Ru,
        "Назарбаев встретился с акимом Шымкента в июне.",
        "Токаев встретился с акимом Алматы в мае.",
        "Tokayev met the akim of Almaty in May.",
        "Nazarbayev met the akim of Shymkent in June.",
        true,
    ),
    (
        "the issue's example, into Russian: cases kept",
        Lang::En,
        "Nazarbayev met the akim of Shymkent in June.",
        "Tokayev met the akim of Almaty in May.",
        "Токаев встретился с акимом Алматы в мае.",
        "Назарбаев встретился с акимом Шымкента в июне.",
        true,
    ),
    (
        "instrumental of a surname and the prepositional after в",
        Lang::En,
        "The akim met Nazarbayev in Shymkent.",
        "The akim met Tokayev in Almaty.",
        "Аким встретился с Токаевым в Алматы.",
        "Аким встретился с Назарбаевым в Шымкенте.",
        true,
    ),
    (
        "possessive kept",
        Lang::Ru,
        "Указ Назарбаева подписан.",
        "Указ Токаева подписан.",
        "Tokayev's decree was signed.",
        "Nazarbayev's decree was signed.",
        true,
    ),
    (
        "a number repaired next to a name (adaptation alone would not)",
        Lang::Ru,
        "Назарбаев посетил Шымкент 12 июня.",
        "Токаев посетил Алматы 5 мая.",
        "Tokayev visited Almaty on May 5.",
        "Nazarbayev visited Shymkent on June 12.",
        true,
    ),
    (
        "weekday into Russian, accusative after в",
        Lang::En,
        "The akim will speak on Friday.",
        "The akim will speak on Tuesday.",
        "Аким выступит во вторник.",
        "Аким выступит в пятницу.",
        true,
    ),
    (
        "the target term valid on the text's date",
        Lang::Ru,
        "Аким Астаны выступил.",
        "Аким Алматы выступил.",
        "The akim of Almaty spoke.",
        "The akim of Astana spoke.",
        true,
    ),
    (
        "an article agrees",
        Lang::Ru,
        "Он встретил акима.",
        "Он встретил министра.",
        "He met a minister.",
        "He met an akim.",
        true,
    ),
    (
        "a date inside a glossary term (an event) is taken apart",
        Lang::Ru,
        "Референдум 5 июля прошел.",
        "Референдум 5 июня прошел.",
        "The June 5 referendum took place.",
        "The July 5 referendum took place.",
        true,
    ),
    (
        "an office in the accusative is animate",
        Lang::En,
        "He met the akim.",
        "He met the minister.",
        "Он встретил министра.",
        "Он встретил акима.",
        true,
    ),
];

#[test]
fn repair_table() {
    let g = glossary();
    for &(rule, lang, query, source, target, draft, complete) in TABLE {
        let out = repair_with(&g, today(), lang, query, source, target)
            .unwrap_or_else(|| panic!("{rule}: nothing repaired"));
        assert_eq!(out.target, draft, "{rule}: {:?}", out.unrepaired);
        assert_eq!(out.complete, complete, "{rule}: {:?}", out.unrepaired);
    }
}

#[test]
fn unknown_names_are_transliterated_from_their_base_form() {
    let g = glossary();
    let out = repair_with(
        &g,
        today(),
        Lang::Ru,
        "Аким встретился с Жумабековым.",
        "Аким встретился с Косановым.",
        "The akim met Kosanov.",
    )
    .unwrap();
    assert_eq!(
        out.target, "The akim met Zhumabekov.",
        "{:?}",
        out.unrepaired
    );
    assert_eq!(out.repairs[0].kind, RepairKind::Name);
    let out = repair_with(
        &g,
        today(),
        Lang::En,
        "The akim met Zhumabekov.",
        "The akim met Kosanov.",
        "Аким встретился с Косановым.",
    )
    .unwrap();
    assert_eq!(
        out.target, "Аким встретился с Жумабековым.",
        "{:?}",
        out.unrepaired
    );
}

#[test]
fn the_date_picks_the_name() {
    let g = glossary();
    let out = repair_with(
        &g,
        jiff::civil::date(2020, 6, 1),
        Lang::Ru,
        "Аким Астаны выступил.",
        "Аким Алматы выступил.",
        "The akim of Almaty spoke.",
    )
    .unwrap();
    assert_eq!(out.target, "The akim of Nur-Sultan spoke.");
}

#[test]
fn never_worse() {
    let g = glossary();
    // The target names Almaty twice, the source once: which one is it?
    let out = repair_with(
        &g,
        today(),
        Lang::Ru,
        "Аким Шымкента выступил.",
        "Аким Алматы выступил.",
        "The Almaty akim spoke in Almaty.",
    )
    .unwrap();
    assert_eq!(out.target, "The Almaty akim spoke in Almaty.");
    assert!(!out.complete);
    assert!(out.repairs.is_empty());
    assert_eq!(out.unrepaired.len(), 1);
    assert!(
        out.unrepaired[0].reason.contains("2 times"),
        "{:?}",
        out.unrepaired
    );
    // Not found at all.
    let out = repair_with(
        &g,
        today(),
        Lang::Ru,
        "Аким Шымкента выступил.",
        "Аким Алматы выступил.",
        "The city's akim spoke.",
    )
    .unwrap();
    assert_eq!(out.target, "The city's akim spoke.");
    assert!(out.unrepaired[0].reason.contains("not found"));
    // The case cannot be told: left alone.
    let out = repair_with(
        &g,
        today(),
        Lang::En,
        "Shymkent welcomed the akim.",
        "Almaty welcomed the akim.",
        "Жители любят Алматы.",
    )
    .unwrap();
    assert_eq!(out.target, "Жители любят Алматы.");
    assert!(out.unrepaired[0].reason.contains("ambiguous"));
}

#[test]
fn every_occurrence_accounted_for() {
    let g = glossary();
    let out = repair_with(
        &g,
        today(),
        Lang::Ru,
        "Токаев и Токаев.",
        "Назарбаев и Назарбаев.",
        "Nazarbayev and Nazarbayev.",
    )
    .unwrap();
    assert_eq!(out.target, "Tokayev and Tokayev.");
    assert_eq!(out.repairs.len(), 2);
    assert!(out.complete);
}

#[test]
fn nothing_to_do_without_items() {
    let g = glossary();
    assert!(repair_with(
        &g,
        today(),
        Lang::Ru,
        "Аким выступил вчера.",
        "Аким выступил сегодня.",
        "The akim spoke today.",
    )
    .is_none());
}

#[test]
fn spans_of_a_repair() {
    let g = glossary();
    let out = repair_with(
        &g,
        today(),
        Lang::Ru,
        "Встреча в Шымкенте.",
        "Встреча в Алматы.",
        "A meeting in Almaty.",
    )
    .unwrap();
    let r = &out.repairs[0];
    assert_eq!(r.kind, RepairKind::Place);
    assert_eq!(
        (r.source.old.as_str(), r.source.new.as_str()),
        ("Алматы", "Шымкенте")
    );
    assert_eq!(r.source.old_span, Span { start: 10, end: 16 });
    assert_eq!(r.target.old, "Almaty");
    assert_eq!(r.target.new, "Shymkent");
    assert_eq!(r.target.old_span, Span { start: 13, end: 19 });
    assert_eq!(r.target.new_span, Span { start: 13, end: 21 });
}

/// A target with inline codes: the spans count its characters as shown
/// (`{1}`), the form the match's JSON, the page and the reports write.
#[test]
fn spans_in_a_target_with_inline_codes_count_the_codes_as_shown() {
    use crate::text::inline::{placeholder, show, CodeKind};
    let open = placeholder(CodeKind::Open, 1).unwrap_or('x');
    let close = placeholder(CodeKind::Close, 1).unwrap_or('x');
    let g = glossary();
    let target = format!("A {open}meeting{close} in Almaty.");
    let out = repair_with(
        &g,
        today(),
        Lang::Ru,
        "Встреча в Шымкенте.",
        "Встреча в Алматы.",
        &target,
    )
    .unwrap();
    let r = &out.repairs[0];
    let slice = |text: &str, s: Span| -> String {
        show(text)
            .chars()
            .skip(s.start)
            .take(s.end - s.start)
            .collect()
    };
    assert_eq!(slice(&target, r.target.old_span), "Almaty");
    assert_eq!(slice(&out.target, r.target.new_span), "Shymkent");
    assert_eq!(r.target.new_span, Span { start: 20, end: 28 });
}

/// A difference with one side empty reads as that side alone: the XLIFF
/// note of a draft said "not repaired:  → октября (…)".
#[test]
fn a_change_with_an_empty_side_shows_the_other_alone() {
    let change = |old: &str, new: &str| Change {
        old: old.into(),
        new: new.into(),
        old_span: Span { start: 0, end: 0 },
        new_span: Span { start: 0, end: 0 },
    };
    assert_eq!(change("", "октября").shown(), "октября");
    assert_eq!(change("мая", "").shown(), "мая");
    assert_eq!(change("мая", "октября").shown(), "мая → октября");
}
