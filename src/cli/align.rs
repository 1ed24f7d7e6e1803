//! `tilmash align`: the two language versions of an article (or a JSONL of
//! article pairs) split into sentences, aligned, shown and optionally
//! imported into the memory.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;

use super::session::{load_glossary, output_error, style, today, CliError, Messages, Result};
use crate::align::{
    align_with, AlignError, AlignOptions, Alignment, Anchors, GlossaryAnchors, MemoryAnchors,
    Segmenter, Stored, DEFAULT_MIN_CONFIDENCE,
};
use crate::formats::{JsonlReader, Srx, TmxWriter};
use crate::glossary::Glossary;
use crate::import::Source;
use crate::memory::Memory;
use crate::report::{
    self, aligned_article, AlignFormat, AlignSummary, AlignedArticle, ALIGN_TSV_HEADER,
};
use crate::text::{decode, Lang};
use crate::unit::{Date, Meta, Timestamp};
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub struct AlignArgs {
    /// The Russian version of the article (plain text, paragraphs separated
    /// by blank lines).
    #[arg(value_name = "RU_FILE", requires = "en", conflicts_with = "jsonl")]
    pub ru: Option<PathBuf>,

    /// The English version of the article.
    #[arg(value_name = "EN_FILE")]
    pub en: Option<PathBuf>,

    /// Article pairs, one JSON object per line: {"article", "url", "date",
    /// "ru", "en"}; `-` reads standard input.
    #[arg(long, value_name = "PAIRS.jsonl", required_unless_present = "ru")]
    pub jsonl: Option<PathBuf>,

    /// Sentence rules from an SRX 2.0 file instead of the built-in ones.
    #[arg(long, value_name = "FILE")]
    pub srx: Option<PathBuf>,

    /// Store the pairs at or above --min-confidence in the memory.
    #[arg(long)]
    pub import: bool,

    /// Lowest confidence of a pair that --import stores and TMX output
    /// holds (0–1). At 0.5 a pair is likelier right than wrong.
    #[arg(long, value_name = "P", default_value_t = DEFAULT_MIN_CONFIDENCE)]
    pub min_confidence: f64,

    /// Article id of a file pair [default: the Russian file's name].
    #[arg(long, value_name = "ID", conflicts_with = "jsonl")]
    pub article: Option<String>,

    /// Publication date of a file pair (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", conflicts_with = "jsonl")]
    pub date: Option<Date>,

    /// Origin recorded on imported units [default: the input file's name].
    #[arg(long, value_name = "NAME")]
    pub origin: Option<String>,

    /// Use the memory's exact matches as evidence (a sentence pair the
    /// memory holds already pulls the alignment its way).
    #[arg(long)]
    pub memory_evidence: bool,

    /// Do not use the workspace's glossary terms as evidence.
    #[arg(long)]
    pub no_glossary: bool,

    /// Wait up to this many seconds for another writer (with --import).
    #[arg(long, value_name = "SECONDS", default_value = "0", value_parser = crate::fs::parse_wait)]
    pub wait: Duration,

    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: AlignFormat,
}

/// One article pair to align.
struct Pair {
    /// Where it comes from, for messages: `ru.txt + en.txt`, `pairs.jsonl:3`.
    input: String,
    /// Where each side comes from, for errors about one side.
    ru_name: String,
    en_name: String,
    ru: String,
    en: String,
    meta: Meta,
}

/// Where the beads go, as the run goes.
struct Output<'a> {
    format: AlignFormat,
    out: io::StdoutLock<'a>,
    tmx: Option<TmxWriter<io::StdoutLock<'a>>>,
    /// For JSON: everything, written at the end.
    articles: Vec<AlignedArticle>,
    min_confidence: f64,
}

impl Output<'_> {
    fn start(format: AlignFormat, min_confidence: f64) -> Result<Self> {
        let mut out = io::stdout().lock();
        let tmx = if format == AlignFormat::Tmx {
            Some(TmxWriter::new(io::stdout().lock(), "ru").map_err(output_error)?)
        } else {
            None
        };
        if format == AlignFormat::Tsv {
            writeln!(out, "{ALIGN_TSV_HEADER}").map_err(output_error)?;
        }
        Ok(Output {
            format,
            out,
            tmx,
            articles: Vec::new(),
            min_confidence,
        })
    }

    fn article(&mut self, shown: AlignedArticle, alignment: &Alignment, meta: &Meta) -> Result<()> {
        let out: &mut dyn Write = &mut self.out;
        match self.format {
            AlignFormat::Text => {
                report::write_text_article(out, style(), self.min_confidence, &shown)
            }
            AlignFormat::Jsonl => report::write_jsonl_article(out, &shown),
            AlignFormat::Tsv => report::write_tsv_article(out, &shown),
            AlignFormat::Tmx => match self.tmx.as_mut() {
                Some(tmx) => report::write_tmx_article(tmx, alignment, meta, self.min_confidence),
                None => Ok(()),
            },
            AlignFormat::Json => {
                self.articles.push(shown);
                Ok(())
            }
        }
        .map_err(output_error)
    }

    fn finish(mut self, summary: &AlignSummary) -> Result<()> {
        match self.format {
            AlignFormat::Json => {
                report::write_json_document(&mut self.out, &self.articles, summary)
            }
            AlignFormat::Tmx => match self.tmx.take() {
                Some(tmx) => tmx.finish(),
                None => Ok(()),
            },
            _ => self.out.flush(),
        }
        .map_err(output_error)
    }
}

fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| CliError(format!("{}: {e}", path.display())))?;
    decode(&bytes).map_err(|e| CliError(format!("{}: {e}", path.display())))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Names the side's file in an alignment error.
fn align_error(e: AlignError, ru_name: &str, en_name: &str) -> String {
    let side = match &e {
        AlignError::Empty { lang }
        | AlignError::WrongLanguage { expected: lang, .. }
        | AlignError::TooLong { lang, .. } => *lang,
    };
    let name = match side {
        Lang::Ru => ru_name,
        Lang::En => en_name,
    };
    format!("{name}: {e}")
}

pub fn run(workspace: &Workspace, args: AlignArgs, messages: &Messages) -> Result<i32> {
    if !(0.0..=1.0).contains(&args.min_confidence) {
        return Err(CliError(
            "--min-confidence takes a number from 0 to 1".into(),
        ));
    }
    let srx = match &args.srx {
        Some(path) => Some(Srx::open(path).map_err(CliError::new)?),
        None => None,
    };
    let segmenter = match &srx {
        Some(srx) => Segmenter::srx(srx).map_err(CliError::new)?,
        None => Segmenter::Builtin,
    };
    // The memory, when it is written or consulted (a workspace's memory is
    // built from its seed files first, as for every command).
    let memory = if args.import && workspace.seed.is_empty() {
        Some(Memory::open_or_create(&workspace.memory).map_err(CliError::new)?)
    } else if args.import || args.memory_evidence {
        Some(super::session::open_memory(workspace, messages)?)
    } else {
        None
    };
    let snapshot = match (&memory, args.memory_evidence) {
        (Some(m), true) => Some(m.snapshot()),
        _ => None,
    };
    let memory_anchors = snapshot.as_ref().map(MemoryAnchors::new);
    let glossary = if args.no_glossary {
        Glossary::default()
    } else {
        load_glossary(workspace)?
    };
    let glossary_anchors = GlossaryAnchors::new(&glossary, args.date.unwrap_or_else(today));
    let mut opts = AlignOptions::default();
    if !glossary.is_empty() {
        opts.anchors.push(&glossary_anchors);
    }
    if let Some(anchors) = &memory_anchors {
        opts.anchors.push(anchors as &(dyn Anchors + Sync));
    }
    let mut writer = match (&memory, args.import) {
        (Some(m), true) => Some(m.writer(args.wait).map_err(CliError::new)?),
        _ => None,
    };
    let mut summary = AlignSummary {
        min_confidence: args.min_confidence,
        memory: writer
            .as_ref()
            .and(memory.as_ref())
            .map(|m| m.path().display().to_string()),
        import: writer.as_ref().map(|_| Stored::default()),
        ..AlignSummary::default()
    };
    let mut output = Output::start(args.format, args.min_confidence)?;
    let now = Timestamp::now();
    // A spinner for bulk runs, on a terminal only.
    let bar = if args.jsonl.is_some() {
        messages.progress(None)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut run = |pair: Pair, summary: &mut AlignSummary, output: &mut Output<'_>| -> Result<()> {
        let alignment = match align_with(&pair.ru, &pair.en, &segmenter, &opts) {
            Ok(a) => a,
            Err(e) => {
                if args.jsonl.is_none() {
                    return Err(CliError(align_error(e, &pair.ru_name, &pair.en_name)));
                }
                let line = align_error(e, &pair.ru_name, &pair.en_name);
                bar.suspend(|| messages.warn(&format!("{line}; skipped")));
                summary.skipped += 1;
                return Ok(());
            }
        };
        let mut meta = pair.meta;
        meta.created.get_or_insert(now);
        meta.changed.get_or_insert(now);
        let fates = match writer.as_mut() {
            Some(w) => {
                let (stored, fates) = alignment
                    .store(w, &meta, args.min_confidence)
                    .map_err(CliError::new)?;
                if let Some(total) = summary.import.as_mut() {
                    total.add(&stored);
                }
                Some(fates)
            }
            None => None,
        };
        let shown = aligned_article(pair.input, &alignment, &meta, fates.as_deref());
        summary.count(&shown);
        bar.set_message(format!("{} articles", summary.articles));
        output.article(shown, &alignment, &meta)
    };
    let mut exit = 0;
    match (&args.ru, &args.en, &args.jsonl) {
        (Some(ru), Some(en), _) => {
            let meta = Meta {
                article: Some(args.article.clone().unwrap_or_else(|| file_name(ru))),
                date: args.date,
                origin: Some(args.origin.clone().unwrap_or_else(|| file_name(ru))),
                ..Meta::default()
            };
            let pair = Pair {
                input: format!("{} + {}", ru.display(), en.display()),
                ru_name: ru.display().to_string(),
                en_name: en.display().to_string(),
                ru: read_text(ru)?,
                en: read_text(en)?,
                meta,
            };
            run(pair, &mut summary, &mut output)?;
        }
        (_, _, Some(jsonl)) => {
            let source = Source::from_arg(jsonl);
            let name = source.name();
            let (input, _) = source
                .open()
                .map_err(|e| CliError(format!("{name}: {e}")))?;
            let origin = args
                .origin
                .clone()
                .unwrap_or_else(|| source.default_origin());
            let mut reader = JsonlReader::new(input, &name);
            for item in reader.by_ref() {
                match item {
                    Ok(located) => {
                        let record = located.value;
                        let mut meta = record.meta;
                        meta.origin.get_or_insert_with(|| origin.clone());
                        let input = format!("{name}:{}", located.line);
                        let pair = Pair {
                            ru_name: input.clone(),
                            en_name: input.clone(),
                            input,
                            ru: record.ru,
                            en: record.en,
                            meta,
                        };
                        run(pair, &mut summary, &mut output)?;
                    }
                    Err(e) => {
                        bar.suspend(|| messages.warn(&e.to_string()));
                        if e.is_fatal() {
                            exit = 1;
                        } else {
                            summary.skipped += 1;
                        }
                    }
                }
            }
            let unknown = reader.unknown_keys();
            if !unknown.is_empty() {
                let keys: Vec<&str> = unknown.iter().map(String::as_str).collect();
                messages.warn(&format!("{name}: ignored keys: {}", keys.join(", ")));
            }
        }
        _ => {
            return Err(CliError(
                "give RU_FILE and EN_FILE, or --jsonl PAIRS.jsonl".into(),
            ))
        }
    }
    bar.finish_and_clear();
    if let Some(w) = writer.take() {
        w.finish().map_err(CliError::new)?;
    }
    output.finish(&summary)?;
    if args.format != AlignFormat::Json {
        messages.say(&report::summary_line(&summary));
    }
    Ok(exit)
}
