//! The handlers: each parses its request into the checked request type,
//! runs one library function on a blocking thread, and writes the report
//! `--format json` writes.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use super::error::ApiError;
use super::state::AppState;
use crate::error::{Error, Result};
use crate::glossary::Glossary;
use crate::operations;
use crate::report::glossary::{write_findings, write_hits, write_problems, write_rows, Row};
use crate::report::{self, DraftFormat, OutputFormat, Style};
use crate::request::{
    AlignRequest, AnalyzeRequest, CheckRequest, ConcordanceRequest, GlossaryAddRequest,
    GlossaryEditRequest, GlossaryFindRequest, GlossaryListRequest, ImportRequest,
    PretranslateRequest, RowSelection, SuggestRequest,
};

type Shared = State<Arc<AppState>>;

/// A JSON body parsed into a request type: 400 naming the field when it
/// is not that type, 413 over the body limit.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<Arc<AppState>> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(
        request: Request,
        state: &Arc<AppState>,
    ) -> std::result::Result<Self, ApiError> {
        let bytes =
            Bytes::from_request(request, state)
                .await
                .map_err(|rejection| match rejection.status() {
                    StatusCode::PAYLOAD_TOO_LARGE => ApiError::from(Error::TooLarge {
                        limit: state.body_limit,
                    }),
                    _ => ApiError::from(Error::Other(rejection.body_text())),
                })?;
        let mut json = serde_json::Deserializer::from_slice(&bytes);
        serde_path_to_error::deserialize(&mut json)
            .map(JsonBody)
            .map_err(ApiError::body)
    }
}

/// A query string parsed into a request type: 400 naming the field.
pub struct QueryOf<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for QueryOf<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> std::result::Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or("");
        serde_path_to_error::deserialize(form_urlencoded_parse(query.as_bytes()))
            .map(QueryOf)
            .map_err(ApiError::query)
    }
}

fn form_urlencoded_parse(query: &[u8]) -> serde_urlencoded::de::Deserializer<'_> {
    serde_urlencoded::Deserializer::new(form_urlencoded::parse(query))
}

/// Runs `work` on a blocking thread (searches and imports are CPU and
/// disk work that must not stall the runtime).
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T> + Send + 'static,
) -> std::result::Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Error::Other(format!("the request failed: {e}")))?
        .map_err(ApiError::from)
}

/// Runs a search (`work`) on a blocking thread once one of the server's
/// search slots (one per core, [`AppState::searches`]) is free. Searches
/// are CPU work: run all at once they share the cores and every one takes
/// as long as all those in flight (8 clients on 2 cores: p99 43 ms); one
/// per core, first come first served, a search waits its turn without a
/// thread and then runs at full speed. Imports and glossary edits take no
/// slot (an import would hold one for minutes).
async fn search<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce() -> Result<T> + Send + 'static,
) -> std::result::Result<T, ApiError> {
    let slot = state
        .searches
        .clone()
        .acquire_owned()
        .await
        .map_err(|e| Error::Other(format!("the server is stopping: {e}")))?;
    blocking(move || {
        let _slot = slot; // freed when the work ends, even if the client left
        work()
    })
    .await
}

/// A JSON answer written by a report function.
fn json(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<Response> {
    let mut body = Vec::new();
    write(&mut body).map_err(|e| Error::Other(format!("cannot write the answer: {e}")))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// The glossary a request asked for: the workspace's, or none.
fn glossary_if(state: &AppState, wanted: bool) -> Result<Arc<Glossary>> {
    if wanted {
        state.glossary()
    } else {
        Ok(Arc::new(Glossary::default()))
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: &'static str,
    /// Units in the memory's last commit.
    pub units: u64,
}

/// `GET /healthz`.
#[utoipa::path(get, path = "/healthz", responses((status = 200, body = Health)))]
pub async fn healthz(State(state): Shared) -> std::result::Result<Response, ApiError> {
    blocking(move || {
        let units = state.snapshot()?.len();
        json(|out| {
            report::write_json(
                out,
                &Health {
                    status: "ok",
                    units,
                },
            )
        })
    })
    .await
}

/// `GET /api/stats`: the `stats --format json` document.
#[utoipa::path(get, path = "/api/stats", responses((status = 200, description = "the `stats --format json` document")))]
pub async fn stats(State(state): Shared) -> std::result::Result<Response, ApiError> {
    blocking(move || {
        state.memory.refresh()?;
        let mut stats = state.memory.stats()?;
        stats.memory = state.memory_name();
        json(|out| report::write_json(out, &stats))
    })
    .await
}

/// `POST /api/suggest` (a text) and `/api/suggest/batch` (its segments):
/// the `suggest --format json` document.
#[utoipa::path(post, path = "/api/suggest", request_body = SuggestRequest,
    responses((status = 200, description = "the `suggest --format json` document"),
              (status = 400, body = super::error::ErrorBody)))]
pub async fn suggest(
    State(state): Shared,
    JsonBody(request): JsonBody<SuggestRequest>,
) -> std::result::Result<Response, ApiError> {
    search(&state.clone(), move || {
        request.check()?;
        let glossary = glossary_if(&state, request.glossary)?;
        let segments = operations::suggest_text(&state.snapshot()?, &glossary, &request)?;
        json(|out| {
            report::write_suggestions(
                out,
                OutputFormat::Json,
                Style::default(),
                &state.memory_name(),
                request.min_score,
                &segments,
            )
        })
    })
    .await
}

/// `GET /api/concordance?q=…`: the `concordance --format json` document.
#[utoipa::path(get, path = "/api/concordance", params(("q" = String, Query, description = "the word or phrase"),
    ("lang" = Option<String>, Query), ("limit" = Option<usize>, Query), ("width" = Option<usize>, Query)),
    responses((status = 200, description = "the `concordance --format json` document"),
              (status = 400, body = super::error::ErrorBody)))]
pub async fn concordance(
    State(state): Shared,
    QueryOf(request): QueryOf<ConcordanceRequest>,
) -> std::result::Result<Response, ApiError> {
    search(&state.clone(), move || {
        state.memory.refresh()?;
        let (lang, found) = operations::concordance(&state.memory, &request)?;
        json(|out| {
            report::write_concordance(
                out,
                OutputFormat::Json,
                Style::default(),
                report::ConcordanceQuery {
                    memory: &state.memory_name(),
                    phrase: &request.phrase,
                    lang,
                    width: request.width,
                },
                &found,
            )
        })
    })
    .await
}

/// `POST /api/analyze`: the `analyze --format json` document.
#[utoipa::path(post, path = "/api/analyze", request_body = AnalyzeRequest,
    responses((status = 200, description = "the `analyze --format json` document"),
              (status = 400, body = super::error::ErrorBody)))]
pub async fn analyze(
    State(state): Shared,
    JsonBody(request): JsonBody<AnalyzeRequest>,
) -> std::result::Result<Response, ApiError> {
    search(&state.clone(), move || {
        let analysis = operations::analyze_request(&state.snapshot()?, &request)?;
        json(|out| {
            report::write_analysis(
                out,
                OutputFormat::Json,
                Style::default(),
                &state.memory_name(),
                &analysis,
            )
        })
    })
    .await
}

/// `POST /api/pretranslate`: the draft as a file to download.
#[utoipa::path(post, path = "/api/pretranslate", request_body = PretranslateRequest,
    responses((status = 200, description = "the draft file (XLIFF 2.0 or 1.2, TSV, Markdown or JSON) as an attachment"),
              (status = 400, body = super::error::ErrorBody)))]
pub async fn pretranslate(
    State(state): Shared,
    JsonBody(request): JsonBody<PretranslateRequest>,
) -> std::result::Result<Response, ApiError> {
    search(&state.clone(), move || {
        request.check()?;
        let glossary = glossary_if(&state, request.glossary)?;
        let draft = operations::pretranslate_text(
            &state.snapshot()?,
            &state.memory_name(),
            &glossary,
            &request,
        )?;
        let mut body = Vec::new();
        report::write_draft(&mut body, request.format, &draft)
            .map_err(|e| Error::Other(format!("cannot write the draft: {e}")))?;
        let (content_type, extension) = match request.format {
            DraftFormat::Xliff2 | DraftFormat::Xliff12 => ("application/xliff+xml", "xlf"),
            DraftFormat::Tsv => ("text/tab-separated-values; charset=utf-8", "tsv"),
            DraftFormat::Md => ("text/markdown; charset=utf-8", "md"),
            DraftFormat::Json => ("application/json", "json"),
        };
        let stem = request
            .name
            .as_deref()
            .map(|n| n.rsplit_once('.').map_or(n, |(stem, _)| stem))
            .filter(|n| !n.is_empty())
            .unwrap_or("draft");
        // Only safe characters in the header's file name.
        let stem: String = stem
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || "-_".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        Ok((
            [
                (header::CONTENT_TYPE, content_type.to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{stem}.{extension}\""),
                ),
            ],
            body,
        )
            .into_response())
    })
    .await
}

/// `POST /api/check`: the `check --format json` document.
#[utoipa::path(post, path = "/api/check", request_body = CheckRequest,
    responses((status = 200, description = "the `check --format json` document: the problems found"),
              (status = 400, body = super::error::ErrorBody)))]
pub async fn check(
    State(state): Shared,
    JsonBody(request): JsonBody<CheckRequest>,
) -> std::result::Result<Response, ApiError> {
    blocking(move || {
        let problems = operations::check_texts(&*state.glossary()?, &request)?;
        json(|out| write_problems(out, OutputFormat::Json, Style::default(), &problems))
    })
    .await
}

/// `GET /api/glossary?find=TEXT`: `glossary find --format json`; without
/// `find`, `glossary list --format json` (filters `concept`, `domain`,
/// `status`, `date`).
#[utoipa::path(get, path = "/api/glossary", params(("find" = Option<String>, Query, description = "a word or text: its terms"),
    ("date" = Option<String>, Query), ("from" = Option<String>, Query), ("concept" = Option<String>, Query),
    ("domain" = Option<String>, Query), ("status" = Option<String>, Query)),
    responses((status = 200, description = "`glossary find --format json`, or `glossary list --format json` without `find`"),
              (status = 400, body = super::error::ErrorBody)))]
pub async fn glossary_get(
    State(state): Shared,
    uri: axum::http::Uri,
) -> std::result::Result<Response, ApiError> {
    let query = uri.query().unwrap_or("");
    let finds = form_urlencoded::parse(query.as_bytes()).any(|(key, _)| key == "find");
    if finds {
        let QueryOf(request) = query_of::<GlossaryFindRequest>(query)?;
        blocking(move || {
            let hits = operations::glossary_find(&*state.glossary()?, &request)?;
            json(|out| write_hits(out, OutputFormat::Json, Style::default(), &hits))
        })
        .await
    } else {
        let QueryOf(request) = query_of::<GlossaryListRequest>(query)?;
        blocking(move || {
            let files = operations::glossary_files(&state.workspace.glossaries)?;
            let found = operations::glossary_list(&files, &request)?;
            let rows: Vec<Row> = found.iter().map(|(at, entry)| Row { at, entry }).collect();
            json(|out| write_rows(out, OutputFormat::Json, &rows))
        })
        .await
    }
}

fn query_of<T: DeserializeOwned>(query: &str) -> std::result::Result<QueryOf<T>, ApiError> {
    serde_path_to_error::deserialize(form_urlencoded_parse(query.as_bytes()))
        .map(QueryOf)
        .map_err(ApiError::query)
}

/// A glossary row as `glossary list --format json` shows it.
fn row_json(at: &crate::glossary::EntryRef, entry: &crate::glossary::Entry) -> Result<Vec<u8>> {
    serde_json::to_vec_pretty(&Row { at, entry })
        .map_err(|e| Error::Other(format!("cannot write the answer: {e}")))
}

/// Runs a glossary edit: refused on a read-only server; the folder's lock
/// makes it wait for no one (409 naming the holder: another process, or
/// another request of this server).
async fn glossary_write<T: Send + 'static>(
    state: Arc<AppState>,
    edit: impl FnOnce(&AppState) -> Result<T> + Send + 'static,
) -> std::result::Result<T, ApiError> {
    state.writable()?;
    blocking(move || edit(&state)).await
}

/// `POST /api/glossary`: adds a row; 201 with the row, its file and line.
#[utoipa::path(post, path = "/api/glossary", request_body = GlossaryAddRequest,
    responses((status = 201, description = "the row added, with `file` and `line`"),
              (status = 400, body = super::error::ErrorBody), (status = 409, body = super::error::ErrorBody)))]
pub async fn glossary_add(
    State(state): Shared,
    JsonBody(request): JsonBody<GlossaryAddRequest>,
) -> std::result::Result<Response, ApiError> {
    let body = glossary_write(state, move |state| {
        let (at, entry) =
            operations::glossary_add(&state.workspace.glossaries, &request, Duration::ZERO)?;
        row_json(&at, &entry)
    })
    .await?;
    Ok((
        StatusCode::CREATED,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response())
}

/// `PATCH /api/glossary/{file}/{line}` `{"set": {"column": "value"}}`:
/// the row as it is now.
#[utoipa::path(patch, path = "/api/glossary/{file}/{line}", request_body = GlossaryEditRequest,
    params(("file" = String, Path, description = "a file name of the glossary folder"), ("line" = usize, Path)),
    responses((status = 200, description = "the row, with `file` and `line`"),
              (status = 404, body = super::error::ErrorBody)))]
pub async fn glossary_edit(
    State(state): Shared,
    Path((file, line)): Path<(String, String)>,
    JsonBody(mut request): JsonBody<GlossaryEditRequest>,
) -> std::result::Result<Response, ApiError> {
    request.at = Some(format!("{file}:{line}"));
    let body = glossary_write(state, move |state| {
        let (at, entry, _) =
            operations::glossary_edit(&state.workspace.glossaries, &request, Duration::ZERO)?;
        row_json(&at, &entry)
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// `DELETE /api/glossary/{file}/{line}`: 204.
#[utoipa::path(delete, path = "/api/glossary/{file}/{line}",
    params(("file" = String, Path), ("line" = usize, Path)),
    responses((status = 204), (status = 404, body = super::error::ErrorBody)))]
pub async fn glossary_remove(
    State(state): Shared,
    Path((file, line)): Path<(String, String)>,
) -> std::result::Result<Response, ApiError> {
    let request = RowSelection {
        at: Some(format!("{file}:{line}")),
        ..RowSelection::default()
    };
    glossary_write(state, move |state| {
        operations::glossary_remove(&state.workspace.glossaries, &request, Duration::ZERO)
    })
    .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /api/glossary/lint`: the `glossary lint --format json` findings.
#[utoipa::path(get, path = "/api/glossary/lint",
    responses((status = 200, description = "the `glossary lint --format json` findings")))]
pub async fn glossary_lint(State(state): Shared) -> std::result::Result<Response, ApiError> {
    blocking(move || {
        let findings = operations::glossary_lint(&state.workspace.glossaries)?;
        json(|out| write_findings(out, OutputFormat::Json, &findings))
    })
    .await
}

/// `POST /api/import?format=…`: the body streamed into the memory; the
/// `import --format json` summary, with the problems and their lines.
#[utoipa::path(post, path = "/api/import", params(("format" = Option<String>, Query, description = "tsv, csv, jsonl, tmx [default: sniffed]"),
    ("origin" = Option<String>, Query), ("columns" = Option<String>, Query), ("header" = Option<bool>, Query),
    ("strict" = Option<bool>, Query), ("batch" = Option<u64>, Query), ("wait" = Option<f64>, Query)),
    request_body(content = String, description = "the pairs, TSV/CSV/JSONL/TMX", content_type = "application/octet-stream"),
    responses((status = 200, description = "the `import --format json` summary"),
              (status = 409, body = super::error::ErrorBody), (status = 413, body = super::error::ErrorBody),
              (status = 422, body = super::error::ErrorBody)))]
pub async fn import(
    State(state): Shared,
    QueryOf(request): QueryOf<ImportRequest>,
    headers: axum::http::HeaderMap,
    body: Body,
) -> std::result::Result<Response, ApiError> {
    state.writable()?;
    let opts = request.check()?;
    let limit = state.import_limit;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(Error::TooLarge { limit }.into());
    }
    let over = Arc::new(AtomicBool::new(false));
    let input = body_reader(body, limit, over.clone());
    blocking(move || {
        let imported = operations::import_stream(&state.memory, input, &opts);
        if over.load(Ordering::Relaxed) {
            return Err(Error::TooLarge { limit });
        }
        let summary = imported?;
        state.memory.refresh()?;
        json(|out| report::write_json(out, &summary))
    })
    .await
}

/// The body as a blocking reader for the import thread. A body cut
/// short, or longer than `limit` bytes, is a read error there (the import
/// then commits nothing); `over` tells the two apart.
fn body_reader(
    body: Body,
    limit: usize,
    over: Arc<AtomicBool>,
) -> Box<dyn std::io::BufRead + Send> {
    use futures_util::StreamExt;
    use tokio_util::io::{StreamReader, SyncIoBridge};
    let mut read = 0usize;
    let stream = body.into_data_stream().map(move |chunk| {
        let chunk = chunk.map_err(std::io::Error::other)?;
        read = read.saturating_add(chunk.len());
        if read > limit {
            over.store(true, Ordering::Relaxed);
            return Err(std::io::Error::other(format!(
                "the body is larger than the import limit of {limit} bytes"
            )));
        }
        Ok(chunk)
    });
    Box::new(std::io::BufReader::with_capacity(
        1 << 16,
        SyncIoBridge::new(StreamReader::new(stream)),
    ))
}

/// `POST /api/align`: the `align --format json` document.
#[utoipa::path(post, path = "/api/align", request_body = AlignRequest,
    responses((status = 200, description = "the `align --format json` document"),
              (status = 422, body = super::error::ErrorBody)))]
pub async fn align(
    State(state): Shared,
    JsonBody(request): JsonBody<AlignRequest>,
) -> std::result::Result<Response, ApiError> {
    if request.import {
        state.writable()?;
    }
    blocking(move || {
        request.check()?;
        let glossary = glossary_if(&state, request.glossary)?;
        let (article, summary) = operations::align_request(&state.memory, &glossary, &request)?;
        if request.import {
            state.memory.refresh()?;
        }
        json(|out| report::write_json_document(out, &[article], &summary))
    })
    .await
}
