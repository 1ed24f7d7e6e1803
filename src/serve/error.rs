//! The one error of the server: an [`Error`] of the library (or of the
//! HTTP layer) as a status and a JSON body
//! `{"error": {"code", "message", "field"?, "line"?, "holder"?}}`, with the
//! command line's wording.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{Error, ErrorKind};

/// The body of every error answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// `usage`, `not_found`, `locked`, `too_large`, `invalid`,
    /// `unavailable`, `read_only`, `timeout`, `unauthorized`, `failed`.
    pub code: &'static str,
    /// What the command line would print after `error:`.
    pub message: String,
    /// The request field a usage error is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The 1-based line of the input a bad record is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Who holds the memory's write lock (409).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
}

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    detail: ErrorDetail,
}

/// The status answering an error's kind.
pub fn status(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::Usage => StatusCode::BAD_REQUEST,
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::Locked => StatusCode::CONFLICT,
        ErrorKind::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorKind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorKind::Forbidden => StatusCode::FORBIDDEN,
        ErrorKind::Failed => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        let kind = e.kind();
        ApiError {
            status: status(kind),
            detail: ErrorDetail {
                code: kind.code(),
                message: e.to_string(),
                field: e.field().map(str::to_string),
                line: e.line(),
                holder: e.holder().map(str::to_string),
            },
        }
    }
}

impl ApiError {
    fn plain(status: StatusCode, code: &'static str, message: String) -> ApiError {
        ApiError {
            status,
            detail: ErrorDetail {
                code,
                message,
                field: None,
                line: None,
                holder: None,
            },
        }
    }

    /// A request over the server's `--timeout`.
    pub fn timeout() -> ApiError {
        ApiError::plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            "the request took longer than the server's --timeout allows".into(),
        )
    }

    /// A request without the server's bearer token.
    pub fn unauthorized() -> ApiError {
        ApiError::plain(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "this server needs `Authorization: Bearer TOKEN` (the token of its --token file)"
                .into(),
        )
    }

    /// A body that is not the JSON of the request: 400 naming the field
    /// when the problem is in one (413 when the body is over the limit).
    pub fn body(e: serde_path_to_error::Error<serde_json::Error>) -> ApiError {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let message = match path.as_str() {
            "." | "" => format!("the request body: {inner}"),
            _ => format!("`{path}`: {inner}"),
        };
        let mut error = ApiError::plain(StatusCode::BAD_REQUEST, "usage", message);
        error.detail.field = unknown_field(&inner.to_string())
            .or_else(|| (path != "." && !path.is_empty()).then_some(path));
        error
    }

    /// A query string that is not the request's.
    pub fn query(e: serde_path_to_error::Error<serde_urlencoded::de::Error>) -> ApiError {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        let mut error = ApiError::plain(
            StatusCode::BAD_REQUEST,
            "usage",
            format!("the query string: {inner}"),
        );
        error.detail.field =
            unknown_field(&inner).or_else(|| (path != "." && !path.is_empty()).then_some(path));
        error
    }
}

/// The field serde names in "unknown field `x`" and "missing field `x`".
fn unknown_field(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("missing field `"))?;
    Some(rest.split('`').next()?.to_string())
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(ErrorBody { error: self.detail })).into_response()
    }
}
