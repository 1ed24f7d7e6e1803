//! `tilmash align`: the two language versions of an article (or a JSONL of
//! article pairs) split into sentences, aligned, shown and optionally
//! imported into the memory.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use super::session::{load_glossary, output_error, Error, Messages, Result};
use crate::align::{AlignError, GlossaryAnchors, MemoryAnchors, Segmenter, DEFAULT_MIN_CONFIDENCE};
use crate::formats::{JsonlReader, Srx, TmxWriter};
use crate::glossary::Glossary;
use crate::import::Source;
use crate::memory::Memory;
use crate::operations::{align_options, AlignedPair, ArticleAligner};
use crate::report::{self, AlignFormat, AlignSummary, AlignedArticle, Style, ALIGN_TSV_HEADER};
use crate::request::{check_align, today};
use crate::text::{decode, Lang};
use crate::unit::{Date, Meta};
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
    #[arg(long, value_name = "DATE", value_parser = crate::cli::args::parse_date, conflicts_with = "jsonl")]
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
    pub wait: std::time::Duration,

    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: AlignFormat,
}

/// Where the beads go, as the run goes.
struct BeadSink<'a> {
    format: AlignFormat,
    out: io::StdoutLock<'a>,
    tmx: Option<TmxWriter<io::StdoutLock<'a>>>,
    /// For JSON: everything, written at the end.
    articles: Vec<AlignedArticle>,
    min_confidence: f64,
    style: Style,
}

impl BeadSink<'_> {
    fn start(format: AlignFormat, min_confidence: f64, style: Style) -> Result<Self> {
        let mut out = io::stdout().lock();
        let tmx = if format == AlignFormat::Tmx {
            Some(TmxWriter::new(io::stdout().lock(), "ru").map_err(output_error)?)
        } else {
            None
        };
        if format == AlignFormat::Tsv {
            writeln!(out, "{ALIGN_TSV_HEADER}").map_err(output_error)?;
        }
        Ok(BeadSink {
            format,
            out,
            tmx,
            articles: Vec::new(),
            min_confidence,
            style,
        })
    }

    fn article(&mut self, pair: AlignedPair) -> Result<()> {
        let AlignedPair {
            shown,
            alignment,
            meta,
        } = pair;
        let (alignment, meta) = (&alignment, &meta);
        let out: &mut dyn Write = &mut self.out;
        match self.format {
            AlignFormat::Text => {
                report::write_text_article(out, self.style, self.min_confidence, &shown)
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
    let bytes =
        std::fs::read(path).map_err(|e| Error::Other(format!("{}: {e}", path.display())))?;
    decode(&bytes).map_err(|e| Error::Other(format!("{}: {e}", path.display())))
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

/// The memory an alignment writes or consults, if any (a workspace's
/// memory is built from its seed files first, as for every command).
fn memory_for(
    workspace: &Workspace,
    args: &AlignArgs,
    messages: &Messages,
) -> Result<Option<Memory>> {
    Ok(if args.import && workspace.seed.is_empty() {
        Some(Memory::open_or_create(&workspace.memory)?)
    } else if args.import || args.memory_evidence {
        Some(super::session::open_memory(workspace, messages)?)
    } else {
        None
    })
}

pub fn run(workspace: &Workspace, args: AlignArgs, messages: &Messages) -> Result<i32> {
    let checked = check_align(args.min_confidence, args.wait.as_secs_f64())?;
    let srx = match &args.srx {
        Some(path) => Some(Srx::open(path).map_err(Error::other)?),
        None => None,
    };
    let segmenter = match &srx {
        Some(srx) => Segmenter::srx(srx).map_err(Error::other)?,
        None => Segmenter::Builtin,
    };
    let memory = memory_for(workspace, &args, messages)?;
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
    let glossary_anchors = (!glossary.is_empty())
        .then(|| GlossaryAnchors::new(&glossary, args.date.unwrap_or_else(today)));
    let opts = align_options(glossary_anchors.as_ref(), memory_anchors.as_ref());
    let writer = match (&memory, args.import) {
        (Some(m), true) => Some(m.writer(checked.wait)?),
        _ => None,
    };
    let mut aligner = ArticleAligner::new(
        &segmenter,
        opts,
        writer,
        memory.as_ref(),
        args.min_confidence,
    );
    let mut output = BeadSink::start(args.format, args.min_confidence, messages.style)?;
    let exit = match (&args.ru, &args.en, &args.jsonl) {
        (Some(ru), Some(en), _) => {
            align_files(&mut aligner, &mut output, ru, en, &args)?;
            0
        }
        (_, _, Some(jsonl)) => align_jsonl(&mut aligner, &mut output, jsonl, &args, messages)?,
        _ => {
            return Err(Error::usage(
                "ru",
                "give RU_FILE and EN_FILE, or --jsonl PAIRS.jsonl",
            ))
        }
    };
    let mut summary = aligner.finish()?;
    if summary.memory.is_some() {
        summary.memory = Some(workspace.memory_name());
    }
    output.finish(&summary)?;
    if args.format != AlignFormat::Json {
        messages.say(&report::summary_line(&summary));
    }
    Ok(exit)
}

/// Aligns the article pair of two files; an error names the file.
fn align_files(
    aligner: &mut ArticleAligner<'_>,
    output: &mut BeadSink<'_>,
    ru: &Path,
    en: &Path,
    args: &AlignArgs,
) -> Result<()> {
    let meta = Meta {
        article: Some(args.article.clone().unwrap_or_else(|| file_name(ru))),
        date: args.date,
        origin: Some(args.origin.clone().unwrap_or_else(|| file_name(ru))),
        ..Meta::default()
    };
    let input = format!("{} + {}", ru.display(), en.display());
    let (ru_text, en_text) = (read_text(ru)?, read_text(en)?);
    match aligner.align(input, &ru_text, &en_text, meta)? {
        Ok(pair) => output.article(pair),
        Err(e) => Err(Error::Invalid {
            line: None,
            message: align_error(e, &ru.display().to_string(), &en.display().to_string()),
        }),
    }
}

/// Aligns every article pair of a JSONL file (or standard input): an
/// article that cannot be aligned, or a bad line, is reported and
/// skipped. Returns the exit code: 1 if the file stopped early.
fn align_jsonl(
    aligner: &mut ArticleAligner<'_>,
    output: &mut BeadSink<'_>,
    jsonl: &Path,
    args: &AlignArgs,
    messages: &Messages,
) -> Result<i32> {
    let source = Source::from_arg(jsonl);
    let name = source.name();
    let (input, _) = source
        .open()
        .map_err(|e| Error::Other(format!("{name}: {e}")))?;
    let origin = args
        .origin
        .clone()
        .unwrap_or_else(|| source.default_origin());
    // A spinner, on a terminal only.
    let bar = messages.progress(None);
    let mut exit = 0;
    let mut reader = JsonlReader::new(input, &name);
    for item in reader.by_ref() {
        match item {
            Ok(located) => {
                let record = located.value;
                let mut meta = record.meta;
                meta.origin.get_or_insert_with(|| origin.clone());
                let input = format!("{name}:{}", located.line);
                match aligner.align(input.clone(), &record.ru, &record.en, meta)? {
                    Ok(pair) => output.article(pair)?,
                    Err(e) => {
                        let line = align_error(e, &input, &input);
                        bar.suspend(|| messages.warn(&format!("{line}; skipped")));
                        aligner.summary.skipped += 1;
                    }
                }
                bar.set_message(format!("{} articles", aligner.summary.articles));
            }
            Err(e) => {
                bar.suspend(|| messages.warn(&e.to_string()));
                if e.is_fatal() {
                    exit = 1;
                } else {
                    aligner.summary.skipped += 1;
                }
            }
        }
    }
    bar.finish_and_clear();
    let unknown = reader.unknown_keys();
    if !unknown.is_empty() {
        let keys: Vec<&str> = unknown.iter().map(String::as_str).collect();
        messages.warn(&format!("{name}: ignored keys: {}", keys.join(", ")));
    }
    Ok(exit)
}
