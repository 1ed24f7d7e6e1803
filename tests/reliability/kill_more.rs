//! SPEC §7, first promise, for the other writers: kill -9 during
//! `glossary add` leaves the glossary file as it was or with the row
//! added, never a part, and the next add works; kill -9 during `align
//! --import` leaves the memory at its last commit (an article run commits
//! once, at the end) and a rerun completes it without duplicates.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use super::support::{contents, corpora, env_number, kill_after, run, seed, tilmash, Rng};

/// A glossary file large enough that reading and rewriting it takes a
/// while: the bundled people plus 30,000 generated rows.
fn big_glossary() -> String {
    let people = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("glossaries/people.tsv"),
    )
    .expect("bundled glossary");
    let mut text = people;
    for i in 0..30_000 {
        text.push_str(&format!(
            "term-gen-{i}\tтермин{i}\tterm{i}\t\t\tpreferred\t\t\tnoun\tterm\tgenerated\t\n"
        ));
    }
    text
}

fn glossary_add(dir: &Path) -> Command {
    let mut cmd = tilmash(dir);
    cmd.args([
        "glossary",
        "add",
        "--concept",
        "person-kill-test",
        "--ru",
        "Убитов",
        "--en",
        "Ubitov",
        "--pos",
        "propn",
        "--file",
        "people.tsv",
    ]);
    cmd
}

/// The files of `dir` other than `keep`.
fn others(dir: &Path, keep: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("list")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != keep)
        .collect()
}

#[test]
fn kill_during_glossary_add() {
    let kills = env_number("TILMASH_GLOSSARY_KILLS", 12);
    let mut rng = Rng(seed("kill -9 during glossary add"));
    let work = tempfile::tempdir().expect("temp dir");
    let glossaries = work.path().join("glossaries");
    std::fs::create_dir_all(&glossaries).expect("mkdir");
    let file = glossaries.join("people.tsv");
    let old = big_glossary();

    // Uninterrupted: the new version, and how long an add takes.
    std::fs::write(&file, &old).expect("write");
    let start = Instant::now();
    let (code, _, err) = run(&mut glossary_add(work.path()));
    let full = start.elapsed();
    assert_eq!(code, 0, "{err}");
    let new = std::fs::read_to_string(&file).expect("read");
    assert_eq!(new.lines().count(), old.lines().count() + 1);

    let mut seen = [0usize; 2];
    for round in 0..kills {
        std::fs::write(&file, &old).expect("reset");
        let at = Duration::from_micros(rng.below(full.as_micros() as usize + 1) as u64);
        let finished = kill_after(&mut glossary_add(work.path()), at);
        let now = std::fs::read_to_string(&file).expect("the file is there");
        let version = if now == old {
            0
        } else if now == new {
            1
        } else {
            panic!(
                "kill {} at {at:?}: people.tsv is neither version ({} bytes)",
                round + 1,
                now.len()
            )
        };
        seen[version] += 1;
        // The next add works (a lock left by the killed one is taken
        // over) and gives the new version.
        if version == 0 {
            let (code, _, err) = run(&mut glossary_add(work.path()));
            assert_eq!(code, 0, "an add after a kill at {at:?}: {err}");
            assert_eq!(std::fs::read_to_string(&file).expect("read"), new);
        }
        eprintln!(
            "kill {}: at {:.3} s, {}{}",
            round + 1,
            at.as_secs_f64(),
            ["old version", "new version"][version],
            if finished { " (add had ended)" } else { "" }
        );
    }
    let left = others(&glossaries, "people.tsv");
    assert!(
        left.len() <= 2,
        "files of killed writers pile up in the glossary folder: {left:?}"
    );
    eprintln!("{kills} kills during glossary add: {seen:?} (old, new)");
}

/// Article pairs as `align --jsonl` reads them: consecutive sentences of
/// a real corpus, eight to an article, one paragraph each.
fn article_pairs(dir: &Path, articles: usize) -> PathBuf {
    let text = std::fs::read_to_string(corpora().join("wmt_newstest2016_mixed-orig.tsv"))
        .expect("corpus readable");
    let pairs: Vec<(&str, &str)> = text.lines().filter_map(|l| l.split_once('\t')).collect();
    let mut out = String::new();
    for (k, chunk) in pairs.chunks(8).take(articles).enumerate() {
        let ru: Vec<&str> = chunk.iter().map(|p| p.0).collect();
        let en: Vec<&str> = chunk.iter().map(|p| p.1).collect();
        let line = serde_json::json!({
            "article": format!("wmt16-{k}"),
            "date": "2016-05-01",
            "ru": ru.join("\n\n"),
            "en": en.join("\n\n"),
        });
        out.push_str(&format!("{line}\n"));
    }
    let path = dir.join("pairs.jsonl");
    std::fs::write(&path, out).expect("write");
    path
}

fn align_import(dir: &Path, memory: &Path, pairs: &Path) -> Command {
    let mut cmd = tilmash(dir);
    cmd.arg("--memory")
        .arg(memory)
        .args(["-q", "align", "--import", "--format", "jsonl", "--jsonl"])
        .arg(pairs);
    cmd
}

#[test]
fn kill_during_align_import() {
    let kills = env_number("TILMASH_ALIGN_KILLS", 4);
    let mut rng = Rng(seed("kill -9 during align --import"));
    let work = tempfile::tempdir().expect("temp dir");
    let pairs = article_pairs(work.path(), 300);

    let memory = work.path().join("uninterrupted");
    let start = Instant::now();
    let (code, _, err) = run(&mut align_import(work.path(), &memory, &pairs));
    let full = start.elapsed();
    assert_eq!(code, 0, "{err}");
    let (n, all) = contents(&memory).expect("the memory exists");
    assert_eq!(n as usize, all.len(), "a unit is stored twice");
    assert!(all.len() >= 500, "only {} units aligned", all.len());

    for round in 0..kills {
        let memory = work.path().join(format!("round-{round}"));
        // Within the first 90% of the time a run takes (the last runs
        // faster, its files cached).
        let at = Duration::from_micros(rng.below(full.as_micros() as usize * 9 / 10 + 1) as u64);
        let finished = kill_after(&mut align_import(work.path(), &memory, &pairs), at);
        // One commit, at the end: nothing or everything.
        let held: HashSet<u64> = contents(&memory).map(|(_, ids)| ids).unwrap_or_default();
        assert!(
            held.is_empty() || held == all,
            "kill {} at {at:?}: the memory holds {} of {} units",
            round + 1,
            held.len(),
            all.len()
        );
        let (code, _, err) = run(&mut align_import(work.path(), &memory, &pairs));
        assert_eq!(code, 0, "rerun after a kill at {at:?}: {err}");
        let (n, ids) = contents(&memory).expect("the memory exists");
        assert_eq!(n as usize, ids.len(), "a unit is stored twice");
        assert_eq!(ids, all, "the rerun completes the memory");
        eprintln!(
            "kill {}: at {:.3} s, memory held {} units{}; rerun completed it",
            round + 1,
            at.as_secs_f64(),
            held.len(),
            if finished { " (align had ended)" } else { "" }
        );
        std::fs::remove_dir_all(&memory).expect("clean up");
    }
}
