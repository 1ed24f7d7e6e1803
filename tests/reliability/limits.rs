//! Issue 17 §9 and §11: resource bounds of `suggest` (its output written
//! as found, so memory does not grow with the text; a segment's length
//! capped; the glossary compiled once into a cache) and what reaches a
//! terminal (control characters in stored metadata shown as escapes).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use tilmash::memory::Memory;
use tilmash::unit::{Meta, Unit};

use super::support::{corpora, run, tilmash};

/// The first `n` pairs of a real corpus file, as TSV lines.
fn real_pairs(n: usize) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(corpora().join("wmt_newstest2019_ru-orig.tsv"))
        .expect("corpus readable");
    text.lines()
        .filter_map(|l| l.split_once('\t'))
        .filter(|(ru, _)| ru.ends_with('.') && ru.len() < 400)
        .take(n)
        .map(|(ru, en)| (ru.to_string(), en.to_string()))
        .collect()
}

/// Runs tilmash with `args` in `dir` under `/usr/bin/time -v`, its
/// output thrown away; its peak resident set in KiB. (Not `wait4` from
/// here: Linux keeps a process's peak across `exec`, so a child forked
/// from this large test process would start from its peak.)
fn peak_kib(dir: &Path, args: &[&str]) -> u64 {
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(env!("CARGO_BIN_EXE_tilmash"))
        .args(args)
        .current_dir(dir)
        .env_remove("TILMASH_MEMORY")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("/usr/bin/time runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.trim().parse().ok())
        .expect("time -v reports the peak")
}

/// Issue 17 §9: `suggest` held every result of a text until the end (a
/// 50 MB text: 1.7 GB). Twenty times the text (1,200 segments, each with
/// 50 matches: some 100 MB of results held by the old code) must not
/// raise the peak by more than 40 MB.
#[test]
fn suggest_writes_as_it_goes_and_its_memory_does_not_grow_with_the_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let pairs = real_pairs(60);
    assert_eq!(pairs.len(), 60, "enough real pairs");
    let tsv: String = pairs
        .iter()
        .map(|(ru, en)| format!("{ru}\t{en}\n"))
        .collect();
    std::fs::write(d.join("pairs.tsv"), tsv).expect("write pairs");
    let (code, _, err) = run(tilmash(d).args(["import", "pairs.tsv", "--memory", "m"]));
    assert_eq!(code, 0, "{err}");
    let text: String = pairs.iter().map(|(ru, _)| format!("{ru}\n")).collect();
    std::fs::write(d.join("once.txt"), &text).expect("write text");
    std::fs::write(d.join("twenty.txt"), text.repeat(20)).expect("write text");
    if !Path::new("/usr/bin/time").exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs /usr/bin/time (apt-get install time)"
        );
        eprintln!("skipped: /usr/bin/time is not installed (apt-get install time)");
        return;
    }
    let suggest = |file: &str, limit: &str| {
        vec![
            "suggest".to_string(),
            file.to_string(),
            "--memory".into(),
            "m".into(),
            "--no-glossary".into(),
            "--min-score".into(),
            "0".into(),
            "--limit".into(),
            limit.into(),
            "--format".into(),
            "json".into(),
        ]
    };
    let peak = |file: &str| {
        let args = suggest(file, "50");
        peak_kib(d, &args.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let once = peak("once.txt");
    let twenty = peak("twenty.txt");
    eprintln!("peak RSS: 60 segments {once} KiB, 1,200 segments {twenty} KiB");
    assert!(
        twenty < once + 40 * 1024,
        "the peak grew from {once} KiB to {twenty} KiB with twenty times the text"
    );
    // The streamed document is the one a slice would give: valid JSON,
    // every segment once, in order.
    let (code, out, err) = run(tilmash(d).args(suggest("twenty.txt", "1")));
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("one JSON document");
    let segments = json["segments"].as_array().expect("segments");
    assert_eq!(segments.len(), 1200);
    for (i, s) in segments.iter().enumerate() {
        assert_eq!(s["segment"], i + 1);
        assert_eq!(s["matches"][0]["score"], 100, "segment {}", i + 1);
    }
}

/// A folder with the memory `m` of one pair, «Аким провёл брифинг.».
fn briefing_memory() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("pairs.tsv"),
        "Аким провёл брифинг.\tThe akim held a briefing.\n",
    )
    .expect("write");
    let (code, _, err) = run(tilmash(dir.path()).args(["import", "pairs.tsv", "--memory", "m"]));
    assert_eq!(code, 0, "{err}");
    dir
}

/// Issue 17 §9: a 100 KB "sentence" took 80 s with `--exhaustive`. A
/// segment over 4,000 characters is refused before any is scored, naming
/// it; at 4,000 it is scored.
#[test]
fn a_segment_longer_than_the_cap_is_refused_naming_it() {
    let dir = briefing_memory();
    let d = dir.path();
    // A second segment of 4,000 characters: the longest scored.
    let fits = format!("Аким провёл брифинг. Ж{}", "ж".repeat(3999));
    let long = format!("Аким провёл брифинг. Слово{}", " слово".repeat(20_000));
    for exhaustive in [false, true] {
        let mut args = vec!["suggest", "--memory", "m", "--no-glossary"];
        if exhaustive {
            args.push("--exhaustive");
        }
        std::fs::write(d.join("fits.txt"), &fits).expect("write");
        std::fs::write(d.join("long.txt"), &long).expect("write");
        let (code, out, err) = run(tilmash(d).args(&args).arg("fits.txt"));
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("The akim held a briefing."), "{out}");
        let (code, out, err) = run(tilmash(d).args(&args).arg("long.txt"));
        assert_eq!((code, out.as_str()), (1, ""), "{err}");
        assert_eq!(
            err,
            "error: segment 2 (characters 21–120026 of the text) is 120005 characters long; \
             a segment is scored up to 4000 characters (the longest sentence of the project's \
             corpora has 3,066): is the text missing its full stops, or is it a table? Split it \
             into sentences\n"
        );
    }
}

/// A memory holding metadata with terminal escapes, as one written before
/// imports refused them (or by another tool).
fn memory_with_escapes(dir: &Path) {
    let memory = Memory::create(&dir.join("m")).expect("create");
    let mut writer = memory.writer(Duration::ZERO).expect("writer");
    let meta = Meta {
        article: Some("art\u{1b}[2J".into()),
        origin: Some("feed\u{9b}31m".into()),
        ..Meta::default()
    };
    writer
        .add_all(vec![Unit::new(
            "Аким провёл брифинг\u{7f}.".into(),
            "The akim held a briefing.".into(),
            meta,
        )])
        .expect("add");
    writer.finish().expect("commit");
}

/// Issue 17 §11: `suggest` and `concordance` printed an article's `ESC [2J`
/// raw (the terminal cleared). Text output shows control characters as
/// escapes; JSON keeps the value exactly.
#[test]
fn control_characters_reach_a_terminal_only_as_visible_escapes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    memory_with_escapes(d);
    let raw = |s: &str| s.chars().any(|c| c.is_control() && c != '\n');
    for args in [
        vec!["suggest", "--text", "Аким провёл брифинг."],
        vec!["concordance", "брифинг"],
    ] {
        let (code, out, err) = run(tilmash(d).args(&args).args(["--memory", "m"]));
        assert_eq!(code, 0, "{err}");
        assert!(
            !raw(&out),
            "{args:?}: a control character printed raw: {out:?}"
        );
        assert!(out.contains("art\\u{1b}[2J"), "{args:?}: {out}");
        if args[0] == "suggest" {
            assert!(out.contains("feed\\u{9b}31m"), "{out}");
            assert!(out.contains("брифинг\\u{7f}"), "{out}");
        }
        let (code, out, err) = run(tilmash(d)
            .args(&args)
            .args(["--memory", "m", "--format", "json"]));
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("art\\u001b[2J"), "{args:?}: {out}");
    }
}

/// A glossary of `MIN_CACHED_ROWS` generated rows and one about the akim,
/// whose English term is `akim_en` (four letters).
fn big_glossary(dir: &Path, akim_en: &str) {
    let letters: Vec<char> = "абвгдежзиклмнопрстуфхцчшэюя".chars().collect();
    let name = |mut i: usize| {
        let mut s = String::from("река");
        for _ in 0..3 {
            s.push(letters[i % letters.len()]);
            i /= letters.len();
        }
        s
    };
    let mut text =
        String::from("concept\tru\ten\tru_variants\ten_variants\tstatus\tvalid_from\tvalid_to\tpos\tdomain\tnote\n");
    text.push_str(&format!(
        "akim\tаким\t{akim_en}\t\t\tpreferred\t\t\tnoun\t\t\n"
    ));
    for i in 0..tilmash::glossary::cache::MIN_CACHED_ROWS {
        text.push_str(&format!(
            "river-{i}\t{}\triver {i}\t\t\tpreferred\t\t\tpropn\tplace\t\n",
            name(i)
        ));
    }
    std::fs::create_dir_all(dir.join("glossaries")).expect("mkdir");
    std::fs::write(dir.join("glossaries/big.tsv"), text).expect("write glossary");
}

/// The English term `suggest` gives for «аким», and the cache file.
fn akim_term(dir: &Path) -> (String, Vec<u8>) {
    let (code, out, err) = run(tilmash(dir)
        .env("TILMASH_CACHE_DIR", dir.join("cache"))
        .args([
            "suggest",
            "--memory",
            "m",
            "--format",
            "json",
            "--text",
            "Аким провёл брифинг.",
        ]));
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let term = json["segments"][0]["terms"][0]["targets"][0]["term"]
        .as_str()
        .unwrap_or("none")
        .to_string();
    let files: Vec<_> = std::fs::read_dir(dir.join("cache"))
        .expect("the cache folder exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    assert_eq!(files.len(), 1, "one cache file: {files:?}");
    (term, std::fs::read(&files[0]).expect("cache readable"))
}

/// Issue 17 §9: a 55 MB glossary made every `suggest` take 48 s (all of
/// it compiling the glossary's forms). The compiled tables are cached
/// outside the glossary folder, read back while the files are unchanged,
/// compiled again when a file's bytes change (even with its size and
/// time kept), and never trusted when damaged.
#[test]
fn a_compiled_glossary_is_cached_never_stale_and_never_trusted_damaged() {
    let dir = briefing_memory();
    let d = dir.path();
    big_glossary(d, "akim");
    let (term, first) = akim_term(d);
    assert_eq!(term, "akim");
    let (term, again) = akim_term(d);
    assert_eq!(
        (term.as_str(), again == first),
        ("akim", true),
        "read back, not rewritten"
    );
    let names: Vec<String> = std::fs::read_dir(d.join("glossaries"))
        .expect("list")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    assert_eq!(names, ["big.tsv"], "nothing written beside the glossary");

    // The same size and modification time, other bytes.
    let file = d.join("glossaries/big.tsv");
    let modified = std::fs::metadata(&file)
        .and_then(|m| m.modified())
        .expect("mtime");
    big_glossary(d, "amir");
    std::fs::File::options()
        .write(true)
        .open(&file)
        .and_then(|f| f.set_modified(modified))
        .expect("set the old time");
    let (term, edited) = akim_term(d);
    assert_eq!(term, "amir", "the edit is seen");
    assert_ne!(edited, first);

    // Damaged: bytes flipped in the middle, then cut short.
    let cache = std::fs::read_dir(d.join("cache"))
        .expect("list")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .next()
        .expect("the cache file");
    let mut flipped = edited.clone();
    let middle = flipped.len() / 2;
    for b in &mut flipped[middle..middle + 64] {
        *b ^= 0x5A;
    }
    for damaged in [flipped, edited[..edited.len() / 3].to_vec()] {
        std::fs::write(&cache, &damaged).expect("damage the cache");
        let (term, rebuilt) = akim_term(d);
        assert_eq!(term, "amir", "a damaged cache is not trusted");
        assert_eq!(rebuilt, edited, "and is compiled again");
    }
}
