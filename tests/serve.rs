//! `tilmash serve` against the real binary on an ephemeral loopback port:
//! every endpoint, the CLI's JSON byte for byte, each error status, the
//! write lock held by another process, commit boundaries, limits, token and
//! read-only modes, and graceful shutdown during an import.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::Workspace;
use serde_json::{json, Value};

/// A running server; killed when dropped.
struct Server {
    child: Child,
    base: String,
    agent: ureq::Agent,
    log: mpsc::Receiver<String>,
}

/// The answer to a request: status, headers we look at, body.
struct Answer {
    status: u16,
    body: String,
    content_type: String,
    disposition: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The `error` object of an error answer, checked for its shape.
    fn error(&self, status: u16) -> Value {
        assert_eq!(self.status, status, "{}", self.body);
        let value = self.json();
        let error = value["error"].clone();
        assert!(error["code"].is_string(), "{}", self.body);
        assert!(error["message"].is_string(), "{}", self.body);
        error
    }
}

impl Server {
    fn start(ws: &Workspace, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tilmash"))
            .current_dir(ws.path())
            .env("NO_COLOR", "1")
            .env_remove("TILMASH_MEMORY")
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the server");
        let stderr = child.stderr.take().expect("stderr");
        let (send, log) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(120);
        let base = loop {
            let line = log
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("the server says where it listens");
            if let Some(rest) = line.strip_prefix("listening on ") {
                break rest.split_whitespace().next().expect("address").to_string();
            }
        };
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        Server {
            child,
            base,
            agent,
            log,
        }
    }

    fn answer(mut response: ureq::http::Response<ureq::Body>) -> Answer {
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        let (content_type, disposition) = (header("content-type"), header("content-disposition"));
        Answer {
            status: response.status().as_u16(),
            body: response.body_mut().read_to_string().expect("body"),
            content_type,
            disposition,
        }
    }

    fn get(&self, path: &str) -> Answer {
        Self::answer(
            self.agent
                .get(format!("{}{path}", self.base))
                .call()
                .expect("GET"),
        )
    }

    fn get_with(&self, path: &str, authorization: &str) -> Answer {
        Self::answer(
            self.agent
                .get(format!("{}{path}", self.base))
                .header("authorization", authorization)
                .call()
                .expect("GET"),
        )
    }

    fn send(&self, method: &str, path: &str, body: &str) -> Answer {
        let url = format!("{}{path}", self.base);
        let request = match method {
            "POST" => self.agent.post(url),
            "PATCH" => self.agent.patch(url),
            _ => unreachable!("{method}"),
        };
        Self::answer(
            request
                .header("content-type", "application/json")
                .send(body)
                .expect(method),
        )
    }

    fn post(&self, path: &str, body: Value) -> Answer {
        self.send("POST", path, &body.to_string())
    }

    fn delete(&self, path: &str) -> Answer {
        Self::answer(
            self.agent
                .delete(format!("{}{path}", self.base))
                .call()
                .expect("DELETE"),
        )
    }

    fn units(&self) -> u64 {
        self.get("/healthz").json()["units"]
            .as_u64()
            .expect("units")
    }

    /// Sends SIGTERM.
    fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
    }

    /// Waits for the server to exit; its exit code and the rest of its log.
    fn wait(mut self) -> (Option<i32>, Vec<String>) {
        let deadline = Instant::now() + Duration::from_secs(60);
        let code = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break status.code();
            }
            assert!(Instant::now() < deadline, "the server did not stop");
            std::thread::sleep(Duration::from_millis(50));
        };
        let log = self.log.try_iter().collect();
        (code, log)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The bundled workspace with its glossary, memory built.
fn workspace() -> Workspace {
    let ws = Workspace::bundled().with_glossaries();
    ws.ok(&["stats"]);
    ws
}

/// `n` distinct pairs as JSONL, for imports.
fn pairs(n: usize, tag: &str) -> String {
    (0..n)
        .map(|i| {
            json!({
                "ru": format!("Пробная фраза номер {i} партии {tag}."),
                "en": format!("Test sentence number {i} of batch {tag}."),
                "article": format!("test-{tag}"),
                "date": "2024-05-01",
            })
            .to_string()
                + "\n"
        })
        .collect()
}

const ARTICLE: &str = "Инфляция в Казахстане в мае составила 8,4%. Государственная комиссия будет еженедельно докладывать Токаеву о ситуации.";

mod endpoints {
    use super::*;

    #[test]
    fn suggest_is_the_cli_json_byte_for_byte() {
        let ws = workspace();
        let server = Server::start(&ws, &[]);
        let cli = ws
            .cmd()
            .args([
                "suggest",
                "--text",
                ARTICLE,
                "--date",
                "2020-05-01",
                "--format",
                "json",
            ])
            .output()
            .expect("suggest");
        assert!(cli.status.success());
        let http = server.post(
            "/api/suggest",
            json!({"text": ARTICLE, "date": "2020-05-01"}),
        );
        assert_eq!(http.status, 200, "{}", http.body);
        assert!(http.content_type.starts_with("application/json"));
        assert_eq!(http.body, String::from_utf8_lossy(&cli.stdout));
        let doc = http.json();
        assert_eq!(doc["segments"].as_array().map(Vec::len), Some(2));
        assert_eq!(doc["segments"][0]["matches"][0]["score"], 99);
        assert_eq!(doc["segments"][1]["terms"][0]["concept"], "person-tokayev");
    }

    /// The page shows repairs from `/api/suggest`: each match carries
    /// `repaired`, `complete`, `repairs` with their spans and
    /// `unrepaired`; `no_repair` (the CLI's `--no-repair`) gives the
    /// stored target, on both endpoints, byte for byte as the CLI.
    #[test]
    fn suggest_carries_repairs_and_no_repair_gives_the_stored_target() {
        let ws = workspace();
        let server = Server::start(&ws, &[]);
        let text =
            "Nazarbayev will serve as head of state until the end of Tokayev's presidential term.";
        let stored = "Токаев будет исполнять обязанности главы государства до конца президентского срока Назарбаева.";
        let best = |doc: &Value| doc["segments"][0]["matches"][0].clone();

        let repaired = server.post("/api/suggest", json!({"text": text, "limit": 1}));
        assert_eq!(repaired.status, 200, "{}", repaired.body);
        let m = best(&repaired.json());
        assert_eq!(m["repaired"], true, "{m}");
        assert_eq!(m["complete"], true, "{m}");
        assert_eq!(
            m["target"],
            "Назарбаев будет исполнять обязанности главы государства до конца президентского срока Токаева."
        );
        let repairs = m["repairs"].as_array().expect("repairs");
        assert_eq!(repairs.len(), 2, "{m}");
        let target: Vec<char> = m["target"].as_str().expect("target").chars().collect();
        for r in repairs {
            assert_eq!(r["kind"], "person", "{r}");
            // The span is where the page marks the new words.
            let span = &r["target"]["new_span"];
            let (start, end) = (
                span["start"].as_u64().expect("start") as usize,
                span["end"].as_u64().expect("end") as usize,
            );
            let marked: String = target[start..end].iter().collect();
            assert_eq!(marked, r["target"]["new"].as_str().expect("new"), "{r}");
            assert!(r["source"]["old"].is_string() && r["target"]["old"].is_string());
        }
        assert_eq!(m["unrepaired"], json!([]));

        for (path, body) in [
            (
                "/api/suggest",
                json!({"text": text, "limit": 1, "no_repair": true}),
            ),
            (
                "/api/suggest/batch",
                json!({"segments": [text], "limit": 1, "no_repair": true}),
            ),
        ] {
            let answer = server.post(path, body);
            assert_eq!(answer.status, 200, "{path}: {}", answer.body);
            let m = best(&answer.json());
            assert_eq!(m["target"], stored, "{path}");
            assert_eq!(m["repaired"], false, "{path}");
            assert_eq!(m["complete"], false, "{path}");
            assert_eq!(m["repairs"], json!([]), "{path}");
            assert_eq!(
                m["score"],
                best(&repaired.json())["score"],
                "the score stays"
            );
        }

        let cli = ws.ok(&[
            "suggest",
            "--text",
            text,
            "--limit",
            "1",
            "--no-repair",
            "--format",
            "json",
        ]);
        let http = server.post(
            "/api/suggest",
            json!({"text": text, "limit": 1, "no_repair": true}),
        );
        assert_eq!(http.body, cli);
        let e = server
            .post("/api/suggest", json!({"text": text, "no_repair": "yes"}))
            .error(400);
        assert_eq!(e["code"], "usage");
        assert_eq!(e["field"], "no_repair", "{e}");
        let openapi = server.get("/openapi.json").json();
        assert!(
            openapi["components"]["schemas"]["SuggestRequest"]["properties"]["no_repair"]
                .is_object()
        );
        assert!(
            openapi["components"]["schemas"]["PretranslateRequest"]["properties"]["no_repair"]
                .is_object()
        );
    }

    #[test]
    fn batch_takes_segments_as_given_with_neighbours() {
        let ws = workspace();
        let server = Server::start(&ws, &[]);
        // Two consecutive segments of one bundled article: each is the
        // other's context, so the second is a context match (101).
        let export = ws.ok(&[
            "export",
            "--format",
            "jsonl",
            "--article",
            "kz-2021-inflation-may",
        ]);
        let units: Vec<Value> = export
            .lines()
            .map(|l| serde_json::from_str(l).expect("unit"))
            .collect();
        let mut sorted = units.clone();
        sorted.sort_by_key(|u| u["position"].as_u64());
        let segments: Vec<&str> = sorted[..3]
            .iter()
            .map(|u| u["ru"].as_str().expect("ru"))
            .collect();
        let answer = server.post(
            "/api/suggest/batch",
            json!({"segments": segments, "limit": 1}),
        );
        assert_eq!(answer.status, 200, "{}", answer.body);
        let doc = answer.json();
        let got: Vec<&Value> = doc["segments"]
            .as_array()
            .expect("segments")
            .iter()
            .collect();
        assert_eq!(got.len(), 3, "one segment per string, none split or merged");
        assert_eq!(got[1]["text"], segments[1]);
        assert_eq!(got[1]["matches"][0]["score"], 101, "{}", answer.body);
    }

    #[test]
    fn every_other_endpoint_answers_its_document() {
        let ws = workspace();
        let server = Server::start(&ws, &[]);

        let health = server.get("/healthz").json();
        assert_eq!(health["status"], "ok");
        assert_eq!(health["units"], 423);

        let stats = server.get("/api/stats").json();
        assert_eq!(stats["units"], 423);
        assert_eq!(stats["articles"], 54);

        let concordance = server.get("/api/concordance?q=%D0%B1%D0%B0%D0%B7%D0%BE%D0%B2%D1%83%D1%8E%20%D1%81%D1%82%D0%B0%D0%B2%D0%BA%D1%83&limit=2");
        assert_eq!(concordance.status, 200, "{}", concordance.body);
        let concordance = concordance.json();
        assert_eq!(concordance["lang"], "ru");
        assert_eq!(concordance["shown"], 2);

        let analysis = server.post("/api/analyze", json!({"text": ARTICLE}));
        assert_eq!(analysis.status, 200, "{}", analysis.body);
        let analysis = analysis.json();
        assert_eq!(analysis["total"]["total"]["segments"], 2, "{analysis}");

        let draft = server.post(
            "/api/pretranslate",
            json!({"text": ARTICLE, "name": "article.txt", "format": "xliff",
                   "targets": [{"segment": 2, "target": "My own.", "confirmed": true}]}),
        );
        assert_eq!(draft.status, 200, "{}", draft.body);
        assert!(
            draft.disposition.contains("attachment"),
            "{}",
            draft.disposition
        );
        assert!(
            draft.disposition.contains("article.xlf"),
            "{}",
            draft.disposition
        );
        assert!(draft.body.contains("urn:oasis:names:tc:xliff:document:2.0"));
        assert!(
            draft.body.contains("My own."),
            "the translator's target is the draft"
        );
        let segment_2 = draft
            .body
            .split("<segment ")
            .find(|s| s.starts_with("id=\"s2\""))
            .unwrap_or_else(|| panic!("no segment s2 in {}", draft.body));
        assert!(
            segment_2.starts_with("id=\"s2\" state=\"translated\" subState=\"tilmash:confirmed\""),
            "a confirmed target is the translator's own, not a memory match: {segment_2}"
        );
        // A target for a run of segments (a paragraph match taken in the
        // page) may not run past the text: the error names the field.
        let past = server.post(
            "/api/pretranslate",
            json!({"text": ARTICLE, "format": "xliff12",
                   "targets": [{"segment": 2, "target": "Both.", "segments": 2}]}),
        );
        assert_eq!(past.status, 400, "{}", past.body);
        assert!(
            past.body.contains("targets") && past.body.contains("2 segments"),
            "{}",
            past.body
        );
        let merged = server.post(
            "/api/pretranslate",
            json!({"text": ARTICLE, "format": "xliff12",
                   "targets": [{"segment": 1, "target": "Both.", "segments": 2}]}),
        );
        assert_eq!(merged.status, 200, "{}", merged.body);
        assert!(
            merged.body.contains("merged-trans=\"yes\""),
            "{}",
            merged.body
        );

        let check = server.post(
            "/api/check",
            json!({"source": "Токаев прибыл в Астану.", "target": "The president arrived in Astana.", "date": "2020-05-01"}),
        );
        assert_eq!(check.status, 200, "{}", check.body);
        let problems = check.json();
        assert!(
            problems.as_array().is_some_and(|p| !p.is_empty()),
            "{problems}"
        );

        let found = server
            .get("/api/glossary?find=%D0%A2%D0%BE%D0%BA%D0%B0%D0%B5%D0%B2%D1%83&date=2020-05-01")
            .json();
        assert_eq!(found[0]["concept"], "person-tokayev");
        let listed = server.get("/api/glossary?concept=person-tokayev").json();
        assert_eq!(listed[0]["file"], "people.tsv");
        assert!(listed[0]["line"].as_u64().is_some());

        let lint = server.get("/api/glossary/lint");
        assert_eq!(lint.status, 200, "{}", lint.body);
        assert!(lint.json().is_array());

        let aligned = server.post(
            "/api/align",
            json!({"ru": "Токаев прибыл в Астану. Он провёл встречу.",
                   "en": "Tokayev arrived in Astana. He held a meeting."}),
        );
        assert_eq!(aligned.status, 200, "{}", aligned.body);
        let aligned = aligned.json();
        assert_eq!(aligned["summary"]["pairs"], 2, "{aligned}");

        let openapi = server.get("/openapi.json").json();
        for path in [
            "/api/suggest",
            "/api/concordance",
            "/api/analyze",
            "/api/pretranslate",
            "/api/check",
            "/api/glossary",
            "/api/glossary/{file}/{line}",
            "/api/glossary/lint",
            "/api/import",
            "/api/align",
            "/api/stats",
            "/healthz",
        ] {
            assert!(
                openapi["paths"][path].is_object(),
                "{path} in /openapi.json"
            );
        }
        assert!(
            openapi["components"]["schemas"]["SuggestRequest"]["properties"]["min_score"]
                .is_object()
        );

        let page = server.get("/");
        assert_eq!(page.status, 200);
        assert!(page.content_type.starts_with("text/html"));
        assert!(page.body.contains("id=\"source\""));
    }

    #[test]
    fn glossary_edits_add_change_and_remove_one_row() {
        let ws = workspace();
        let server = Server::start(&ws, &[]);
        let added = server.post(
            "/api/glossary",
            json!({"concept": "person-testov", "ru": "Тестов", "en": "Testov",
                   "pos": "propn", "domain": "person", "file": "people.tsv"}),
        );
        assert_eq!(added.status, 201, "{}", added.body);
        let row = added.json();
        assert_eq!(row["file"], "people.tsv");
        let line = row["line"].as_u64().expect("line");
        let text = std::fs::read_to_string(ws.path().join("glossaries/people.tsv")).expect("file");
        assert!(text
            .lines()
            .nth(line as usize - 1)
            .is_some_and(|l| l.contains("Тестов")));

        let changed = server.send(
            "PATCH",
            &format!("/api/glossary/people.tsv/{line}"),
            r#"{"set": {"valid_to": "2030-01-01"}}"#,
        );
        assert_eq!(changed.status, 200, "{}", changed.body);
        assert_eq!(changed.json()["valid_to"], "2030-01-01");

        let removed = server.delete(&format!("/api/glossary/people.tsv/{line}"));
        assert_eq!(removed.status, 204, "{}", removed.body);
        let text = std::fs::read_to_string(ws.path().join("glossaries/people.tsv")).expect("file");
        assert!(!text.contains("Тестов"));

        // Found again by the next search: the glossary is read again.
        server.post(
            "/api/glossary",
            json!({"concept": "person-testov", "ru": "Тестов", "en": "Testov", "file": "people.tsv"}),
        );
        let hits = server
            .get("/api/glossary?find=%D0%A2%D0%B5%D1%81%D1%82%D0%BE%D0%B2")
            .json();
        assert_eq!(hits[0]["concept"], "person-testov", "{hits}");
    }

    #[test]
    fn import_adds_units_that_the_next_search_finds() {
        let ws = workspace();
        let server = Server::start(&ws, &[]);
        let body = r#"{"ru": "Жираф в зоопарке Караганды отметил день рождения.", "en": "A giraffe at the Karaganda zoo celebrated its birthday.", "article": "zoo", "date": "2024-06-01", "origin": "tilmash-page"}"#;
        let answer = server.send("POST", "/api/import?format=jsonl", body);
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert_eq!(answer.json()["added"], 1);
        // The memory by its name in the workspace, as the CLI says it.
        assert_eq!(answer.json()["memory"], "memories/main");
        assert_eq!(server.units(), 424);
        let found = server
            .post(
                "/api/suggest",
                json!({"text": "Жираф в зоопарке Караганды отметил день рождения."}),
            )
            .json();
        // Alone in its article and in the query: a context match.
        assert_eq!(found["segments"][0]["matches"][0]["score"], 101, "{found}");
    }
}

mod errors {
    use super::*;

    #[test]
    fn usage_errors_are_400_naming_the_field() {
        let ws = workspace();
        let server = Server::start(&ws, &[]);
        let e = server
            .post("/api/suggest", json!({"text": "Да.", "limit": 0}))
            .error(400);
        assert_eq!(e["field"], "limit");
        assert_eq!(e["code"], "usage");
        // The same wording as the command line's.
        let (code, _, err) = ws.run(&["suggest", "--text", "Да.", "--limit", "0"]);
        assert_eq!(code, 2);
        assert!(
            err.contains(e["message"].as_str().expect("message")),
            "{err}"
        );

        let e = server
            .post("/api/suggest", json!({"text": "Да.", "min_score": 300}))
            .error(400);
        assert_eq!(e["field"], "min_score");
        let e = server
            .post("/api/suggest", json!({"text": "Да.", "limits": 3}))
            .error(400);
        assert_eq!(e["field"], "limits");
        let e = server
            .post("/api/suggest", json!({"text": "Да.", "date": "yesterday"}))
            .error(400);
        assert_eq!(e["field"], "date");
        let e = server.send("POST", "/api/suggest", "{not json").error(400);
        assert_eq!(e["code"], "usage");
        let e = server.get("/api/concordance?q=a&limit=x").error(400);
        assert_eq!(e["field"], "limit");
        let e = server.get("/api/concordance?lang=ru").error(400);
        assert_eq!(e["field"], "q");
    }

    #[test]
    fn not_found_and_paths_outside_the_glossary_folder() {
        let ws = workspace();
        let server = Server::start(&ws, &[]);
        assert_eq!(server.get("/api/nothing").error(404)["code"], "not_found");
        assert_eq!(server.get("/no-such-page.html").status, 404);
        server.delete("/api/glossary/people.tsv/99999").error(404);
        server.delete("/api/glossary/nobody.tsv/2").error(404);
        for path in [
            "/api/glossary/..%2Ftilmash.toml/1",
            "/api/glossary/..%2F..%2Fetc%2Fpasswd.tsv/1",
            "/api/glossary/%2Fetc%2Fpasswd/1",
        ] {
            let e = server.delete(path).error(400);
            assert_eq!(e["field"], "at", "{path}");
        }
        let e = server
            .post(
                "/api/glossary",
                json!({"concept": "x-y", "ru": "Икс", "en": "X", "file": "../x.tsv"}),
            )
            .error(400);
        assert_eq!(e["field"], "file");
        assert!(!ws.path().join("x.tsv").exists());
    }

    #[test]
    fn a_bad_import_record_is_422_with_its_line() {
        let ws = workspace();
        let server = Server::start(&ws, &[]);
        let body = format!("{}{{\"ru\": \"\"}}\n", pairs(2, "bad"));
        let e = server
            .send("POST", "/api/import?format=jsonl&strict=true", &body)
            .error(422);
        assert_eq!(e["line"], 3);
        assert_eq!(server.units(), 423, "a refused import stores nothing");
        // Without strict, the bad record is skipped and listed with its line.
        let answer = server.send("POST", "/api/import?format=jsonl", &body);
        assert_eq!(answer.status, 200, "{}", answer.body);
        let summary = answer.json();
        assert_eq!(summary["added"], 2);
        assert_eq!(summary["skipped"], 1);
        assert_eq!(summary["problems"][0]["line"], 3);
    }

    #[test]
    fn bodies_over_the_limit_are_413() {
        let ws = workspace();
        let server = Server::start(&ws, &["--body-limit", "1k", "--import-limit", "2k"]);
        let e = server
            .post("/api/suggest", json!({"text": "Да. ".repeat(1000)}))
            .error(413);
        assert_eq!(e["code"], "too_large");
        server
            .send("POST", "/api/import?format=jsonl", &pairs(100, "big"))
            .error(413);
        assert_eq!(server.units(), 423, "nothing of a refused import is stored");
        // Under the limit, fine.
        assert_eq!(
            server.post("/api/suggest", json!({"text": "Да."})).status,
            200
        );
    }

    #[test]
    fn a_request_over_the_timeout_is_503() {
        let ws = workspace();
        let server = Server::start(&ws, &["--timeout", "0.001"]);
        let text = ARTICLE.repeat(200);
        let e = server
            .post("/api/suggest", json!({"text": text, "exhaustive": true}))
            .error(503);
        assert_eq!(e["code"], "timeout");
    }
}

mod writers {
    use super::*;

    /// A CLI import reading standard input holds the memory's write lock
    /// until its input ends.
    fn cli_import_from_stdin(ws: &Workspace, args: &[&str]) -> Child {
        Command::new(env!("CARGO_BIN_EXE_tilmash"))
            .current_dir(ws.path())
            .env_remove("TILMASH_MEMORY")
            .args(["import", "-", "--input-format", "jsonl"])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("import")
    }

    fn wait_for_lock(ws: &Workspace) {
        let lock = ws.path().join("memories/main/write.lock");
        let deadline = Instant::now() + Duration::from_secs(30);
        while !std::fs::read_to_string(&lock).is_ok_and(|t| t.contains("import")) {
            assert!(Instant::now() < deadline, "the CLI import took the lock");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn a_writer_in_another_process_makes_imports_409_naming_it() {
        let ws = workspace();
        let server = Server::start(&ws, &[]);
        let mut cli = cli_import_from_stdin(&ws, &[]);
        wait_for_lock(&ws);
        let e = server
            .send("POST", "/api/import?format=jsonl", &pairs(1, "x"))
            .error(409);
        assert_eq!(e["code"], "locked");
        let holder = e["holder"].as_str().expect("holder");
        assert!(holder.contains(&format!("pid {}", cli.id())), "{holder}");
        let aligned = server.post(
            "/api/align",
            json!({"ru": "Токаев прибыл.", "en": "Tokayev arrived.", "import": true}),
        );
        aligned.error(409);
        // Readers go on meanwhile.
        assert_eq!(server.units(), 423);
        // The CLI's import, once committed, is seen by the server.
        let mut stdin = cli.stdin.take().expect("stdin");
        stdin.write_all(pairs(5, "cli").as_bytes()).expect("write");
        drop(stdin);
        assert!(cli.wait().expect("import").success());
        assert_eq!(server.units(), 428);
    }

    #[test]
    fn a_glossary_edit_while_another_process_edits_is_409() {
        let ws = workspace();
        let server = Server::start(&ws, &[]);
        let lock = ws.path().join("glossaries/.tilmash-glossary.lock");
        // flock(1) holds the folder's lock as a `glossary edit` would.
        // (`--close`: the lock is flock's own, released when it is killed.)
        let mut holder = Command::new("flock")
            .arg("--close")
            .arg(&lock)
            .args(["sleep", "30"])
            .spawn()
            .expect("flock");
        // Wait until flock(1) holds the lock of the file at the path: a
        // probe with `-n` fails then. No server write runs meanwhile, so the
        // file flock(1) locks cannot be one the server removes on release
        // (flock(1), unlike tilmash, does not check that its file is still
        // at the path after the wait).
        let deadline = Instant::now() + Duration::from_secs(10);
        while Command::new("flock")
            .arg("-n")
            .arg(&lock)
            .arg("true")
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
        {
            assert!(Instant::now() < deadline, "flock(1) did not take the lock");
            std::thread::sleep(Duration::from_millis(50));
        }
        let answer = server.post(
            "/api/glossary",
            json!({"concept": "person-testov", "ru": "Тестов", "en": "Testov", "file": "people.tsv"}),
        );
        assert_eq!(answer.error(409)["code"], "locked");
        server.delete("/api/glossary/people.tsv/8").error(409);
        // Reads go on.
        assert_eq!(server.get("/api/glossary/lint").status, 200);
        let _ = holder.kill();
        let _ = holder.wait();
        let added = server.post(
            "/api/glossary",
            json!({"concept": "person-testov", "ru": "Тестов", "en": "Testov", "file": "people.tsv"}),
        );
        assert_eq!(added.status, 201, "{}", added.body);
    }

    #[test]
    fn readers_during_an_import_see_only_commits() {
        let ws = workspace();
        let server = Server::start(&ws, &[]);
        let mut cli = cli_import_from_stdin(&ws, &["--batch", "400"]);
        let mut stdin = cli.stdin.take().expect("stdin");
        let writer = std::thread::spawn(move || stdin.write_all(pairs(2000, "batch").as_bytes()));
        let mut seen = std::collections::BTreeSet::new();
        while cli.try_wait().expect("import").is_none() {
            seen.insert(server.units());
        }
        writer.join().expect("writer").expect("write");
        seen.insert(server.units());
        let commits: Vec<u64> = (0..=5).map(|k| 423 + 400 * k).collect();
        for units in &seen {
            assert!(
                commits.contains(units),
                "{units} units is no commit: {seen:?}"
            );
        }
        assert_eq!(seen.last(), Some(&2423));
    }
}

mod modes {
    use super::*;

    #[test]
    fn a_token_guards_every_request_but_health() {
        let ws = workspace();
        let token = "s3cret-token-of-the-newsroom";
        ws.file("token.txt", format!("{token}\n"));
        let server = Server::start(&ws, &["--token", "token.txt"]);
        assert_eq!(server.get("/api/stats").error(401)["code"], "unauthorized");
        assert_eq!(server.get_with("/api/stats", "Bearer wrong").status, 401);
        assert_eq!(server.get_with("/openapi.json", "Bearer wrong").status, 401);
        // The page's own files hold no data: the page loads, then asks
        // for the token.
        assert_eq!(server.get("/").status, 200);
        assert_eq!(
            server
                .get_with("/api/stats", &format!("Bearer {token}"))
                .status,
            200
        );
        assert_eq!(server.get("/healthz").status, 200);
    }

    #[test]
    fn read_only_refuses_writes_and_answers_searches() {
        let ws = workspace();
        let server = Server::start(&ws, &["--read-only"]);
        server
            .send("POST", "/api/import?format=jsonl", &pairs(1, "ro"))
            .error(403);
        server
            .post(
                "/api/glossary",
                json!({"concept": "x-y", "ru": "Икс", "en": "X", "file": "people.tsv"}),
            )
            .error(403);
        server.delete("/api/glossary/people.tsv/8").error(403);
        assert_eq!(
            server.post("/api/suggest", json!({"text": ARTICLE})).status,
            200
        );
        assert_eq!(server.units(), 423);
    }

    #[test]
    fn beyond_loopback_needs_a_token_or_read_only() {
        let ws = workspace();
        let (code, _, err) = ws.run(&["serve", "--listen", "0.0.0.0:0"]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("--token FILE"), "{err}");
    }
}

mod shutdown {
    use super::*;

    /// A body that sends its first half, then waits for a signal.
    struct Paused {
        first: Vec<u8>,
        rest: Vec<u8>,
        started: Option<mpsc::Sender<()>>,
        resume: mpsc::Receiver<()>,
    }

    impl Read for Paused {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if !self.first.is_empty() {
                let n = buf.len().min(self.first.len());
                buf[..n].copy_from_slice(&self.first[..n]);
                self.first.drain(..n);
                return Ok(n);
            }
            if let Some(started) = self.started.take() {
                let _ = started.send(());
                let _ = self.resume.recv();
            }
            let n = buf.len().min(self.rest.len());
            buf[..n].copy_from_slice(&self.rest[..n]);
            self.rest.drain(..n);
            Ok(n)
        }
    }

    #[test]
    fn sigterm_during_an_import_lets_it_commit_then_stops() {
        let ws = workspace();
        let server = Server::start(&ws, &[]);
        let body = pairs(300, "term").into_bytes();
        let (started, is_started) = mpsc::channel();
        let (resume, resumed) = mpsc::channel();
        let mut paused = Paused {
            first: body[..body.len() / 2].to_vec(),
            rest: body[body.len() / 2..].to_vec(),
            started: Some(started),
            resume: resumed,
        };
        let url = format!("{}/api/import?format=jsonl", server.base);
        let agent = server.agent.clone();
        let request = std::thread::spawn(move || {
            let response = agent
                .post(url)
                .send(ureq::SendBody::from_reader(&mut paused))
                .expect("import");
            Server::answer(response)
        });
        is_started.recv().expect("the body is half sent");
        std::thread::sleep(Duration::from_millis(200));
        server.terminate();
        std::thread::sleep(Duration::from_millis(200));
        resume.send(()).expect("resume");
        let answer = request.join().expect("request");
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert_eq!(answer.json()["added"], 300);
        let (code, log) = server.wait();
        assert_eq!(code, Some(0), "{log:?}");
        let stats = ws.json(&["stats", "--format", "json"]);
        assert_eq!(stats["units"], 723);
    }

    #[test]
    fn a_body_cut_short_leaves_the_last_commit() {
        let ws = workspace();
        let server = Server::start(&ws, &[]);
        let address = server.base.trim_start_matches("http://").to_string();
        let half = pairs(50, "cut");
        let mut stream = std::net::TcpStream::connect(&address).expect("connect");
        write!(
            stream,
            "POST /api/import?format=jsonl HTTP/1.1\r\nHost: {address}\r\nContent-Length: {}\r\n\r\n{half}",
            half.len() * 2
        )
        .expect("send");
        std::thread::sleep(Duration::from_millis(300));
        drop(stream);
        std::thread::sleep(Duration::from_millis(500));
        assert_eq!(server.units(), 423, "nothing of the cut import is stored");
        // The lock is free again: the next import goes through.
        let answer = server.send("POST", "/api/import?format=jsonl", &pairs(3, "next"));
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert_eq!(server.units(), 426);
    }
}
