//! A `<tu>` being read: its segments by language, its metadata from the
//! attributes, `<note>` and `<prop>`s, and the first reason it cannot be a
//! record.

use std::collections::BTreeSet;

use super::seg::{Capture, Target};
use crate::formats::xml;
use crate::formats::{
    parse_date, parse_hash, parse_position, parse_timestamp, push_tags, remember,
};
use crate::unit::Meta;

/// A `<tu>` being read.
#[derive(Default)]
pub(super) struct Tu {
    pub(super) line: u64,
    pub(super) depth: usize,
    pub(super) ru: Option<String>,
    pub(super) en: Option<String>,
    /// Languages of the `<tuv>`s as written, without repeats.
    pub(super) langs: Vec<String>,
    pub(super) meta: Meta,
    /// `x-note`, used when there is no `<note>`.
    pub(super) prop_note: Option<String>,
    /// Bytes of text and inline XML gathered so far.
    pub(super) bytes: usize,
    pub(super) too_long: bool,
    pub(super) error: Option<String>,
    pub(super) duplicate: bool,
}

/// The `<tuv>` being read.
pub(super) struct Tuv {
    pub(super) depth: usize,
    /// `ru`, `en` or another primary language subtag, lower case.
    pub(super) primary: Option<String>,
    pub(super) has_seg: bool,
}

impl Tu {
    /// Keeps the first reason the `<tu>` is a bad record.
    pub(super) fn fail(&mut self, reason: String) {
        if self.error.is_none() {
            self.error = Some(reason);
        }
    }

    /// Stores what a finished `<seg>` (of `tuv`), `<note>` or `<prop>`
    /// held; a property tilmash does not know goes to `ignored`.
    pub(super) fn store(
        &mut self,
        capture: Capture,
        tuv: Option<&mut Tuv>,
        ignored: &mut BTreeSet<String>,
    ) {
        if let Some(c) = capture.text.chars().find(|&c| xml::xml_forbidden(c)) {
            self.fail(format!(
                "U+{:04X} is a control character that XML does not allow; this <tu> is skipped",
                u32::from(c)
            ));
        }
        let text = capture.text;
        match capture.target {
            Target::Seg => {
                if let Some(tuv) = tuv {
                    self.store_seg(tuv, text, capture.codes);
                }
            }
            Target::Note => {
                if self.meta.note.is_none() && !text.is_empty() {
                    self.meta.note = Some(text);
                }
            }
            Target::Prop(kind) => {
                if let Err(reason) = self.store_prop(&kind, text, ignored) {
                    self.fail(format!("<prop type=\"{kind}\">: {reason}"));
                }
            }
        }
    }

    /// The seg of a `<tuv>`: the first one per language is kept, a second
    /// one marks the `<tu>` as holding duplicates.
    fn store_seg(&mut self, tuv: &mut Tuv, text: String, codes: Vec<crate::unit::InlineCode>) {
        if tuv.has_seg {
            self.duplicate = true;
            return;
        }
        tuv.has_seg = true;
        let (slot, inline) = match tuv.primary.as_deref() {
            Some("ru") => (&mut self.ru, &mut self.meta.inline.ru),
            Some("en") => (&mut self.en, &mut self.meta.inline.en),
            _ => return,
        };
        if slot.is_some() {
            self.duplicate = true;
        } else {
            *slot = Some(text);
            *inline = codes;
        }
    }

    /// A `<prop type="kind">` into the metadata (see the module's list in
    /// `tmx/mod.rs`); the reason when its value is not valid.
    fn store_prop(
        &mut self,
        kind: &str,
        text: String,
        ignored: &mut BTreeSet<String>,
    ) -> Result<(), String> {
        let meta = &mut self.meta;
        let first = |slot: &mut Option<String>, text: String| {
            if slot.is_none() && !text.is_empty() {
                *slot = Some(text);
            }
        };
        match kind {
            "x-article" | "article" | "x-url" | "url" => first(&mut meta.article, text),
            "x-origin" | "origin" => first(&mut meta.origin, text),
            "x-note" => first(&mut self.prop_note, text),
            "x-tags" | "tags" => push_tags(&mut meta.tags, &text),
            _ if text.trim().is_empty() => {}
            "x-position" | "position" => meta.position = Some(parse_position(&text)?),
            "x-date" | "date" => meta.date = Some(parse_date(&text)?),
            "x-created" => meta.created = Some(parse_timestamp(&text)?),
            "x-changed" => meta.changed = Some(parse_timestamp(&text)?),
            "x-context-prev-ru" => meta.context.prev_ru = Some(parse_hash(&text, kind)?),
            "x-context-next-ru" => meta.context.next_ru = Some(parse_hash(&text, kind)?),
            "x-context-prev-en" => meta.context.prev_en = Some(parse_hash(&text, kind)?),
            "x-context-next-en" => meta.context.next_en = Some(parse_hash(&text, kind)?),
            other => remember(ignored, other),
        }
        Ok(())
    }
}
