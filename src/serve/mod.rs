//! `tilmash serve`: the memory over HTTP, and the translator's page.
//!
//! A thin layer, as in axum's own examples: each handler parses the
//! request into the checked request type the command line builds
//! ([`crate::request`]), runs the same library function
//! ([`crate::operations`]) off the async runtime, and writes the same
//! report `--format json` prints. Everything cross-cutting is one visible
//! stack of tower layers (`router`): request id, one log line per
//! request, timeout, concurrency limit, body limit, compression, the bearer
//! token. Nothing below `serve/` knows about HTTP.

mod api;
mod error;
mod openapi;
mod page;
mod state;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::error_handling::HandleErrorLayer;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::Router;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};

use crate::error::Error;
use crate::memory::Memory;
use crate::workspace::Workspace;
pub use error::ApiError;
use state::AppState;

/// How the server runs (checked by the command line).
#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub listen: SocketAddr,
    /// The bearer token every request must carry, if any.
    pub token: Option<String>,
    /// Refuse imports and glossary edits.
    pub read_only: bool,
    /// Largest request body, in bytes (JSON requests).
    pub body_limit: usize,
    /// Largest import body, in bytes (streamed).
    pub import_limit: usize,
    /// Longest a request may take (imports excepted: they take
    /// `import_timeout`).
    pub timeout: Duration,
    pub import_timeout: Duration,
    /// Requests served at once; more wait their turn.
    pub max_concurrency: usize,
}

/// The header carrying each request's id.
const REQUEST_ID: &str = "x-request-id";

/// Request ids: a counter, unique for the life of the process.
#[derive(Clone, Default)]
struct Counter(Arc<AtomicU64>);

impl MakeRequestId for Counter {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let id = self.0.fetch_add(1, Ordering::Relaxed) + 1;
        HeaderValue::from_str(&id.to_string())
            .ok()
            .map(RequestId::new)
    }
}

/// The application: routes, then the layers every request passes through
/// (outermost first).
fn router(state: Arc<AppState>, config: &ServeConfig) -> Router {
    let import_routes = Router::new()
        // The import body is streamed: its own limit is counted as it is read.
        .route("/api/import", post(api::import))
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(timed_out))
                .timeout(config.import_timeout),
        );
    let api_routes = Router::new()
        .route("/api/stats", get(api::stats))
        .route("/api/suggest", post(api::suggest))
        .route("/api/suggest/batch", post(api::suggest))
        .route("/api/concordance", get(api::concordance))
        .route("/api/analyze", post(api::analyze))
        .route("/api/pretranslate", post(api::pretranslate))
        .route("/api/check", post(api::check))
        .route(
            "/api/glossary",
            get(api::glossary_get).post(api::glossary_add),
        )
        .route("/api/glossary/lint", get(api::glossary_lint))
        .route(
            "/api/glossary/{file}/{line}",
            patch(api::glossary_edit).delete(api::glossary_remove),
        )
        .route("/api/align", post(api::align))
        .layer(DefaultBodyLimit::max(config.body_limit))
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(timed_out))
                .timeout(config.timeout),
        );
    Router::new()
        .route("/healthz", get(api::healthz))
        .route("/openapi.json", get(openapi::document))
        .merge(api_routes)
        .merge(import_routes)
        .fallback(page_or_not_found)
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(
                    header::HeaderName::from_static(REQUEST_ID),
                    Counter::default(),
                ))
                .layer(PropagateRequestIdLayer::new(
                    header::HeaderName::from_static(REQUEST_ID),
                ))
                .layer(middleware::from_fn(log_request))
                .concurrency_limit(config.max_concurrency)
                .layer(CompressionLayer::new())
                .layer(middleware::from_fn_with_state(state.clone(), authorize)),
        )
        .with_state(state)
}

/// A request over its time: 503 with the JSON error body. (Work already
/// handed to a blocking thread finishes; an import still commits or not
/// as a whole.)
async fn timed_out(_: tower::BoxError) -> ApiError {
    ApiError::timeout()
}

/// One line per request on stderr: id, method, path, status, milliseconds.
async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_string();
    let response = next.run(request).await;
    eprintln!(
        "{id} {method} {path} {} {:.1} ms",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}

/// With `--token`, every request carries `Authorization: Bearer TOKEN`
/// (compared in constant time), except `/healthz` and the page's own
/// files, which hold no data (the page asks for the token and sends it
/// with its API calls).
async fn authorize(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let Some(token) = &state.token else {
        return next.run(request).await;
    };
    let path = request.uri().path();
    let public = path == "/healthz"
        || (request.method() == axum::http::Method::GET
            && !path.starts_with("/api/")
            && page::asset(path).is_some());
    if public {
        return next.run(request).await;
    }
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if constant_time_eq(given.as_bytes(), token.as_bytes()) {
        next.run(request).await
    } else {
        ApiError::unauthorized().into_response()
    }
}

/// Equal bytes, in a time that depends only on the lengths.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The page's files for GET; 404 (as JSON) for anything else.
async fn page_or_not_found(method: axum::http::Method, uri: axum::http::Uri) -> Response {
    if method == axum::http::Method::GET && !uri.path().starts_with("/api/") {
        if let Some(asset) = page::asset(uri.path()) {
            return (
                [(header::CONTENT_TYPE, asset.content_type)],
                Body::from(asset.body),
            )
                .into_response();
        }
    }
    ApiError::from(Error::NotFound(format!(
        "no such page or endpoint: {method} {}",
        uri.path()
    )))
    .into_response()
}

/// Serves `memory` until SIGTERM or Ctrl-C; requests in flight finish
/// first. Prints `listening on http://ADDRESS` on stderr once bound (the
/// address carries the port chosen when `--listen` asks for port 0).
pub fn run(config: ServeConfig, workspace: Workspace, memory: Memory) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Other(format!("cannot start the server: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|e| Error::Other(format!("cannot listen on {}: {e}", config.listen)))?;
        let address = listener
            .local_addr()
            .map_err(|e| Error::Other(format!("cannot listen on {}: {e}", config.listen)))?;
        let state = Arc::new(AppState::new(workspace, memory, &config));
        let app = router(state, &config);
        eprintln!(
            "listening on http://{address}{}",
            if config.read_only { " (read-only)" } else { "" }
        );
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown_signal())
            .await
            .map_err(|e| Error::Other(format!("the server stopped: {e}")))
    })?;
    // The runtime's drop waits for blocking tasks (an import finishing
    // its commit) before the process exits.
    runtime.shutdown_timeout(Duration::from_secs(600));
    eprintln!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    eprintln!("shutting down: finishing the requests in flight");
}
