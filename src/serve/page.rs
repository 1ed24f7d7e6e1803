//! The translator's page: the files of `web/`, embedded in the binary at
//! build time and looked up by request path (no file system access at run
//! time, so no request path can reach a file outside this fixed list).

/// One embedded file of the page: what the server sends for a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asset {
    /// The `Content-Type` header value.
    pub content_type: &'static str,
    /// The file's bytes, as committed under `web/`.
    pub body: &'static [u8],
}

const HTML: &str = "text/html; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";

/// The page's file for a request path (`/` is `index.html`), or `None` when
/// the path names no file of the page.
pub fn asset(path: &str) -> Option<Asset> {
    let (content_type, body): (&'static str, &'static [u8]) = match path {
        "/" | "/index.html" => (HTML, include_bytes!("../../web/index.html")),
        "/style.css" => (CSS, include_bytes!("../../web/style.css")),
        "/app.js" => (JS, include_bytes!("../../web/app.js")),
        "/api.js" => (JS, include_bytes!("../../web/api.js")),
        "/concordance.js" => (JS, include_bytes!("../../web/concordance.js")),
        "/dom.js" => (JS, include_bytes!("../../web/dom.js")),
        "/export.js" => (JS, include_bytes!("../../web/export.js")),
        "/glossary.js" => (JS, include_bytes!("../../web/glossary.js")),
        "/repair.js" => (JS, include_bytes!("../../web/repair.js")),
        "/segment.js" => (JS, include_bytes!("../../web/segment.js")),
        "/store.js" => (JS, include_bytes!("../../web/store.js")),
        _ => return None,
    };
    Some(Asset { content_type, body })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_and_index_are_the_same_html_page() {
        let root = asset("/").expect("/ is the page");
        assert_eq!(root.content_type, HTML);
        assert_eq!(asset("/index.html"), Some(root));
        let text = std::str::from_utf8(root.body).expect("the page is UTF-8");
        assert!(
            text.contains("id=\"source\""),
            "the page has textarea#source"
        );
        assert!(text.contains("id=\"suggest\""), "the page has #suggest");
    }

    #[test]
    fn each_file_has_its_content_type() {
        assert_eq!(asset("/style.css").map(|a| a.content_type), Some(CSS));
        assert_eq!(asset("/app.js").map(|a| a.content_type), Some(JS));
    }

    /// Every module the page imports is served: a file added to `web/`
    /// but not to [`asset`] would break the page only in the browser.
    #[test]
    fn every_imported_module_is_served() {
        let mut pending = vec!["/app.js".to_string()];
        let mut seen = Vec::new();
        while let Some(path) = pending.pop() {
            if seen.contains(&path) {
                continue;
            }
            let file = asset(&path).unwrap_or_else(|| panic!("{path} is imported but not served"));
            let text = std::str::from_utf8(file.body).expect("modules are UTF-8");
            for line in text.lines().filter(|l| l.starts_with("import ")) {
                let name = line.rsplit("\"./").next().and_then(|r| r.split('"').next());
                pending.push(format!("/{}", name.expect("imports name ./FILE")));
            }
            seen.push(path);
        }
        assert!(seen.len() > 1, "app.js imports the other modules");
    }

    #[test]
    fn unknown_and_traversing_paths_are_not_found() {
        for path in [
            "",
            "/nope.js",
            "/../Cargo.toml",
            "/web/index.html",
            "//index.html",
            "/index.html/",
            "/%2e%2e/Cargo.toml",
            "/api/suggest",
        ] {
            assert_eq!(asset(path), None, "{path:?} must not be served");
        }
    }
}
