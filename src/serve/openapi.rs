//! `GET /openapi.json`: the API described from the request types and the
//! handlers' own annotations (utoipa), so that it cannot drift from them.
//! Answers are the documents of `--format json`, described in words.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use utoipa::OpenApi;

use super::api;
use super::error::{ErrorBody, ErrorDetail};
use crate::request::{
    AlignRequest, AnalyzeRequest, CheckRequest, GlossaryAddRequest, GlossaryEditRequest, NamedText,
    PretranslateRequest, SegmentTarget, SuggestRequest,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "tilmash",
        description = "A translation memory for a Russian/English newsroom. Every answer is the \
JSON document the command line prints with `--format json`; every error is \
`{\"error\": {\"code\", \"message\", \"field\"?, \"line\"?, \"holder\"?}}`."
    ),
    paths(
        api::healthz,
        api::stats,
        api::suggest,
        api::concordance,
        api::analyze,
        api::pretranslate,
        api::check,
        api::glossary_get,
        api::glossary_add,
        api::glossary_edit,
        api::glossary_remove,
        api::glossary_lint,
        api::import,
        api::align,
    ),
    components(schemas(
        SuggestRequest,
        AnalyzeRequest,
        NamedText,
        PretranslateRequest,
        SegmentTarget,
        CheckRequest,
        GlossaryAddRequest,
        GlossaryEditRequest,
        AlignRequest,
        ErrorBody,
        ErrorDetail,
        api::Health,
    ))
)]
struct ApiDoc;

/// The OpenAPI document.
pub async fn document() -> Response {
    match ApiDoc::openapi().to_pretty_json() {
        Ok(json) => ([(header::CONTENT_TYPE, "application/json")], json).into_response(),
        Err(e) => super::ApiError::from(crate::error::Error::Other(format!(
            "cannot write the OpenAPI document: {e}"
        )))
        .into_response(),
    }
}
