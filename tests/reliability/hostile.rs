//! SPEC §7, third promise, by name: hostile and odd input is reported with
//! its place and skipped (or refused), never a panic. Each case runs the
//! real `tilmash import` and checks the exact messages.

use std::path::Path;

use tilmash::memory::Memory;
use tilmash::unit::Unit;

use super::support::{run, tilmash};

/// What `tilmash import FILE --memory m` said: (exit code, stdout, stderr).
fn import(dir: &Path, file: &str, bytes: &[u8]) -> (i32, String, String) {
    std::fs::write(dir.join(file), bytes).expect("write the input");
    run(tilmash(dir).args(["import", file, "--memory", "m"]))
}

/// The summary line of an import into the fresh memory `m` of `lines`
/// lines.
fn summary(added: u64, skipped: u64, lines: u64) -> String {
    let records = added + skipped;
    let s = |n: u64| if n == 1 { "" } else { "s" };
    format!(
        "m: {added} added, 0 unchanged, {skipped} skipped ({records} record{}, {lines} line{} from 1 file, 1 commit)\n",
        s(records),
        s(lines)
    )
}

fn stored(dir: &Path) -> Vec<Unit> {
    let memory = Memory::open(&dir.join("m")).expect("the memory opens");
    let mut units = Vec::new();
    memory
        .snapshot()
        .for_each_unit(|_, unit| {
            units.push(unit);
            Ok(())
        })
        .expect("units readable");
    units
}

/// Each case: name, file, content, exit code, stdout, stderr.
type Case = (&'static str, &'static str, Vec<u8>, i32, String, String);

fn tmx(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header srclang=\"ru\"/><body>\n{body}</body></tmx>\n"
    )
}

fn tu(ru: &str, en: &str) -> String {
    format!("<tu><tuv xml:lang=\"ru\"><seg>{ru}</seg></tuv><tuv xml:lang=\"en\"><seg>{en}</seg></tuv></tu>\n")
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

#[test]
fn hostile_and_odd_input_by_name() {
    let stopped = |file: &str, first: &str| {
        format!("error: {file}:{first}\nwarning: {file}: stopped early, see the error above\n")
    };
    // A file that stopped before its first pair: nothing imported, exit 1.
    let stopped_empty = |file: &str, first: &str| {
        format!(
            "{}error: nothing imported: {file} stopped at the error above\n",
            stopped(file, first)
        )
    };
    let cases: Vec<Case> = vec![
        (
            // Header 6 bytes, "Аа\tAa\n" 8 bytes: line 3 starts at byte 14,
            // its "Б" takes 2, so the stray 0xFF is byte 16.
            "invalid UTF-8: the byte offset, the rest of the file refused",
            "bad.tsv",
            b"ru\ten\n\xD0\x90\xD0\xB0\tAa\n\xD0\x91\xFF\xD0\xB1\tB\n\xD0\x92\tC\n".to_vec(),
            1,
            summary(1, 0, 3),
            stopped("bad.tsv", "3: invalid UTF-8 at byte 16 (save the file as UTF-8)"),
        ),
        (
            "UTF-16 TMX with a BOM is read",
            "utf16.tmx",
            utf16le_with_bom(&tmx(&tu("Аким Алматы провёл брифинг.", "The akim of Almaty held a briefing.")).replace("UTF-8", "UTF-16")),
            0,
            summary(1, 0, 5),
            String::new(),
        ),
        (
            "XML control characters in TMX: reported with the line, the unit skipped",
            "ctl.tmx",
            tmx(&[
                tu("Контроль&#1;", "Control"),
                tu("Сырой\u{1}", "Raw"),
                tu("Нуль", "Zero\u{0}"),
                tu("Хорошо", "Good"),
            ]
            .concat())
            .into_bytes(),
            0,
            summary(1, 3, 7),
            "warning: ctl.tmx:3: U+0001 is a control character that XML does not allow; this <tu> is skipped\n\
             warning: ctl.tmx:4: U+0001 is a control character that XML does not allow; this <tu> is skipped\n\
             warning: ctl.tmx:5: U+0000 is a control character that XML does not allow; this <tu> is skipped\n"
                .to_string(),
        ),
        (
            "entity-expansion bomb: refused before any expansion",
            "bomb.tmx",
            [
                "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [\n<!ENTITY a \"aaaaaaaaaa\">\n",
                &(b'b'..=b'z')
                    .map(|c| format!("<!ENTITY {} \"{}\">\n", c as char, format!("&{};", (c - 1) as char).repeat(10)))
                    .collect::<String>(),
                "]>\n<tmx><body><tu><tuv xml:lang=\"ru\"><seg>&z;</seg></tuv><tuv xml:lang=\"en\"><seg>&z;</seg></tuv></tu></body></tmx>\n",
            ]
            .concat()
            .into_bytes(),
            1,
            summary(0, 0, 30),
            stopped_empty("bomb.tmx", "2: the DOCTYPE declares entities: DTD entity declarations are refused; remove the internal DTD subset"),
        ),
        (
            // Checking 200,000 names for duplicates pairwise took a minute.
            "an element with 200,000 attributes: refused at once",
            "attrs.tmx",
            tmx(&tu("Аким", "Akim").replacen(
                "<tu>",
                &format!("<tu{}>", (0..200_000).map(|i| format!(" a{i}=\"\"")).collect::<String>()),
                1,
            ))
            .into_bytes(),
            1,
            summary(0, 0, 4),
            stopped_empty("attrs.tmx", "3: <tu> has more than 256 attributes; this is not a usable file"),
        ),
        (
            "external entity (XXE): refused the same way",
            "xxe.tmx",
            b"<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>\n<tmx><body><tu><tuv xml:lang=\"ru\"><seg>&x;</seg></tuv><tuv xml:lang=\"en\"><seg>x</seg></tuv></tu></body></tmx>\n".to_vec(),
            1,
            summary(0, 0, 3),
            stopped_empty("xxe.tmx", "2: the DOCTYPE declares entities: DTD entity declarations are refused; remove the internal DTD subset"),
        ),
        (
            "empty segments, also when only invisible characters",
            "empty.tsv",
            "ru\ten\n\tEmpty\nПусто\t \n\u{200B}\u{00AD}\tInvisible\nПолно\tFull\n".as_bytes().to_vec(),
            0,
            summary(1, 3, 5),
            "warning: empty.tsv:2: empty Russian segment\nwarning: empty.tsv:3: empty English segment\nwarning: empty.tsv:4: empty Russian segment\n".to_string(),
        ),
        (
            "empty segments in JSONL",
            "empty.jsonl",
            "{\"ru\":\"\",\"en\":\"Empty\"}\n{\"ru\":\"Полно\",\"en\":\"Full\"}\n{\"ru\":\"Пусто\",\"en\":\"\\u200d\"}\n".as_bytes().to_vec(),
            0,
            summary(1, 2, 3),
            "warning: empty.jsonl:1: empty Russian segment\nwarning: empty.jsonl:3: empty English segment\n".to_string(),
        ),
        (
            "a TMX in other languages: one clear error for the file",
            "langs.tmx",
            "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"de\"/><body>\n<tu><tuv xml:lang=\"de\"><seg>Zwei</seg></tuv><tuv xml:lang=\"fr\"><seg>Deux</seg></tuv></tu>\n<tu><tuv xml:lang=\"de\"><seg>Drei</seg></tuv><tuv xml:lang=\"fr\"><seg>Trois</seg></tuv></tu>\n</body></tmx>\n"
                .as_bytes().to_vec(),
            1,
            summary(0, 0, 5),
            stopped_empty("langs.tmx", "3: this TMX holds languages de, fr (source language de); tilmash needs ru and en, so nothing was read from it"),
        ),
        (
            "CRLF and CR-only endings",
            "crlf.tsv",
            "ru\ten\r\nПервый\tFirst\r\nВторой\tSecond\rТретий\tThird\r".as_bytes().to_vec(),
            0,
            summary(3, 0, 4),
            String::new(),
        ),
        (
            "NUL bytes and other control characters: the record skipped",
            "nul.tsv",
            "ru\ten\nНоль\u{0}\tZero\nОдин\tOne\u{1}\nДва\tTwo\n".as_bytes().to_vec(),
            0,
            summary(1, 2, 4),
            "warning: nul.tsv:2: the Russian segment holds U+0000, a control character that XML does not allow\n\
             warning: nul.tsv:3: the English segment holds U+0001, a control character that XML does not allow\n"
                .to_string(),
        ),
        (
            // Issue 17 §11: it skipped every record after line 3 with one
            // warning and exit 0.
            "a CSV quote left open: the file stops there, naming the lines lost, exit 1",
            "open.csv",
            format!(
                "ru,en\nАким,Akim\n\"Мэр,Mayor\n{}",
                (0..1000).map(|i| format!("Слово {i},Word {i}\n")).collect::<String>()
            )
            .into_bytes(),
            1,
            summary(1, 0, 1003),
            stopped(
                "open.csv",
                "3: unclosed quote: the quote opened on line 3 is never closed, so lines 3–1003 \
                 (1001 lines, with every record on them) would be read as one field; nothing from \
                 line 3 on was imported. Close the quote (a quote inside a quoted field is written \"\")",
            ),
        ),
        (
            // Issue 17 §11: printed raw to the terminal by `suggest` and
            // `concordance`, and U+FFFD in a TMX export.
            "terminal escapes in article and origin: the record skipped",
            "esc.tsv",
            "ru\ten\tarticle\torigin\nОдин\tOne\ta\u{1b}[2J\tx\nДва\tTwo\ta\tx\u{1b}]0;pwned\u{7}\nТри\tThree\ta\tx\n"
                .as_bytes()
                .to_vec(),
            0,
            summary(1, 2, 4),
            "warning: esc.tsv:2: the article holds U+001B, a control character that XML does not allow\n\
             warning: esc.tsv:3: the origin holds U+001B, a control character that XML does not allow\n"
                .to_string(),
        ),
        (
            "terminal escapes in JSONL metadata: the record skipped",
            "esc.jsonl",
            "{\"ru\":\"Один\",\"en\":\"One\",\"origin\":\"\\u001b[31mred\"}\n{\"ru\":\"Два\",\"en\":\"Two\",\"tags\":[\"\\u009b2J\"]}\n{\"ru\":\"Три\",\"en\":\"Three\"}\n"
                .as_bytes()
                .to_vec(),
            0,
            summary(1, 2, 3),
            "warning: esc.jsonl:1: the origin holds U+001B, a control character that XML does not allow\n\
             warning: esc.jsonl:2: a tag holds U+009B, a control character that terminals act on\n"
                .to_string(),
        ),
        (
            "UTF-16 TSV without a BOM: refused with the way out",
            "utf16.tsv",
            "Один\tOne\n".encode_utf16().flat_map(u16::to_le_bytes).collect(),
            1,
            summary(0, 0, 1),
            stopped_empty("utf16.tsv", "1: the file looks like UTF-16LE without a byte-order mark (its first line holds NUL bytes); convert it to UTF-8, e.g. with `iconv -f UTF-16LE -t UTF-8`"),
        ),
        (
            "right-to-left marks and zero-width joiners are kept as written",
            "bidi.tsv",
            "ru\ten\nАким\u{200F} Алматы\u{200D}\tThe akim\u{200E} of Almaty\n".as_bytes().to_vec(),
            0,
            summary(1, 0, 2),
            String::new(),
        ),
    ];
    let mut failures = Vec::new();
    for (name, file, bytes, code, stdout, stderr) in cases {
        let dir = tempfile::tempdir().expect("temp dir");
        let got = import(dir.path(), file, &bytes);
        if got != (code, stdout.clone(), stderr.clone()) {
            failures.push(format!(
                "{name}:\n  expected {code} {stdout:?} {stderr:?}\n  got      {} {:?} {:?}",
                got.0, got.1, got.2
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn odd_text_is_stored_as_written_and_found_through_normalization() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let (code, _, err) = import(
        d,
        "odd.tsv",
        "ru\ten\r\nАким\u{200F} Алматы\u{200D}\tThe akim\u{200E} of Almaty\r\nПервый\tFirst\rВторой\tSecond\r"
            .as_bytes(),
    );
    assert_eq!(code, 0, "{err}");
    let mut pairs: Vec<(String, String)> = stored(d).into_iter().map(|u| (u.ru, u.en)).collect();
    pairs.sort();
    assert_eq!(
        pairs,
        [
            (
                "Аким\u{200F} Алматы\u{200D}".to_string(),
                "The akim\u{200E} of Almaty".to_string()
            ),
            ("Второй".to_string(), "Second".to_string()),
            ("Первый".to_string(), "First".to_string()),
        ]
    );
    // Normalization drops the invisible marks: every word is the same
    // (fuzzy 100), but the raw texts differ, so the score is 99.
    let (code, out, err) = run(tilmash(d).args([
        "suggest",
        "--memory",
        "m",
        "--format",
        "json",
        "--text",
        "Аким Алматы",
    ]));
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let best = &json["segments"][0]["matches"][0];
    assert_eq!(
        (&best["score"], &best["fuzzy"], &best["target"]),
        (
            &serde_json::json!(99),
            &serde_json::json!(100),
            &serde_json::json!("The akim\u{200E} of Almaty")
        )
    );
}

#[test]
fn a_10_mb_line_is_imported_whole_and_a_17_mb_line_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let ten = "ж".repeat(5 << 20); // 10 MiB of two-byte letters
    let seventeen = "x".repeat(17 << 20);
    let input = format!("ru\ten\n{ten}\tTen\n{seventeen}\tSeventeen\nКороткий\tShort\n");
    let (code, out, err) = import(d, "long.tsv", input.as_bytes());
    assert_eq!(
        (code, out, err),
        (
            0,
            summary(2, 1, 4),
            "warning: long.tsv:3: record too long: 17825802 bytes, the limit is 16 MiB (16777216 bytes)\n"
                .to_string()
        )
    );
    let units = stored(d);
    assert!(units.iter().any(|u| u.ru == ten && u.en == "Ten"));
}

/// Issue 17 §11: a folder given to `import` is named as a folder (it said
/// "no such file"); a FIFO is read as a stream.
#[test]
fn a_folder_is_refused_by_name_and_a_fifo_is_read() {
    use std::os::unix::fs::OpenOptionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::create_dir(d.join("pairs")).expect("mkdir");
    let (code, out, err) = run(tilmash(d).args(["import", "pairs", "--memory", "m"]));
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (1, "", "error: pairs: is a folder; give the files in it\n")
    );
    let status = std::process::Command::new("mkfifo")
        .arg(d.join("pipe.tsv"))
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    let writer = {
        let fifo = d.join("pipe.tsv");
        std::thread::spawn(move || {
            std::fs::write(
                fifo,
                "Аким встретился с жителями.\tThe akim met residents.\n",
            )
            .expect("the FIFO takes the pairs")
        })
    };
    let (code, out, err) = run(tilmash(d).args(["import", "pipe.tsv", "--memory", "m"]));
    // Should the import not have read it, a reader of our own lets the
    // writer finish.
    let _ = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(d.join("pipe.tsv"));
    writer.join().expect("writer thread");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 added"), "{out}");
}

/// Issue 17 §11: a character device is read as a stream (it said "no such
/// file"); one that only ever gives NUL bytes (`/dev/zero`) is refused at
/// once instead of being read for ever.
#[test]
fn a_character_device_is_read_and_an_endless_nul_stream_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let (_, out, err) = run(tilmash(d).args(["import", "/dev/null", "--memory", "m"]));
    assert!(!err.contains("no such file"), "{err}");
    assert!(
        out.contains("0 added") || err.contains("/dev/null"),
        "{out}{err}"
    );
    let mut child = tilmash(d)
        .args(["import", "/dev/zero", "--memory", "z"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("tilmash starts");
    let start = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > std::time::Duration::from_secs(60) {
            super::support::kill9(&mut child);
            panic!("`import /dev/zero` still reading after 60 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("output");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "/dev/zero:1: the input starts with 1024 NUL bytes: it is not text (a device such \
             as /dev/zero, or a binary file?)"
        ),
        "{err}"
    );
}
