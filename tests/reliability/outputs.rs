//! Issue 17 §5: an output replaces only what it should. A FIFO or a
//! device is written, never turned into a regular file; a command's own
//! input and a memory's files are refused; a glossary file that is a link
//! is changed where it lives; modes are kept; read-only files refused.

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::process::Command;

use super::support::{run, tilmash};

fn memory_with_units(dir: &Path) {
    std::fs::write(
        dir.join("pairs.tsv"),
        "Аким области встретился с жителями.\tThe regional akim met residents.\n\
         Погода в Астане будет тёплой.\tThe weather in Astana will be warm.\n",
    )
    .expect("write");
    let (code, _, err) = run(tilmash(dir).args(["import", "pairs.tsv", "--memory", "m"]));
    assert_eq!(code, 0, "{err}");
}

fn export_to(dir: &Path, output: &Path) -> (i32, String, String) {
    run(tilmash(dir)
        .args(["export", "--memory", "m", "--format", "tsv", "-o"])
        .arg(output))
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o7777
}

/// What a writer sends through the FIFO at `path`, read without blocking
/// (a writer that replaces the FIFO instead would leave a blocking reader
/// waiting for ever), up to a minute.
fn read_fifo(path: &Path) -> String {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .expect("the FIFO opens");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 1 << 16];
    while std::time::Instant::now() < deadline {
        match file.read(&mut chunk) {
            Ok(0) if !bytes.is_empty() => break,
            Ok(n) => bytes.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => panic!("reading the FIFO: {e}"),
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn a_fifo_is_written_not_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    memory_with_units(d);
    let fifo = d.join("pipe");
    let status = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || read_fifo(&fifo))
    };
    let (code, _, err) = export_to(d, &fifo);
    assert_eq!(code, 0, "{err}");
    let kind = std::fs::symlink_metadata(&fifo)
        .expect("metadata")
        .file_type();
    assert!(kind.is_fifo(), "the FIFO is still a FIFO");
    let text = reader.join().expect("reader thread");
    assert!(text.contains("The regional akim met residents."), "{text}");
}

#[test]
fn a_device_node_is_written_not_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    memory_with_units(d);
    // A null device of our own (root only): never the system's /dev/null.
    let null = d.join("null");
    let made = Command::new("mknod")
        .arg(&null)
        .args(["c", "1", "3"])
        .status();
    if !made.is_ok_and(|s| s.success()) {
        assert!(std::env::var_os("CI").is_none(), "mknod must work in CI");
        eprintln!("skipped: mknod needs root");
        return;
    }
    let (code, _, err) = export_to(d, &null);
    assert_eq!(code, 0, "{err}");
    let kind = std::fs::symlink_metadata(&null)
        .expect("metadata")
        .file_type();
    assert!(kind.is_char_device(), "the device is still a device");
}

#[test]
fn an_input_or_a_memory_file_is_never_the_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    memory_with_units(d);
    let manifest = d.join("m/tilmash-memory.json");
    let before = std::fs::read(&manifest).expect("manifest");
    let (code, _, err) = export_to(d, &manifest);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("is a file of the memory"), "{err}");
    assert_eq!(std::fs::read(&manifest).expect("manifest"), before);

    let text = "Аким области встретился с жителями.\n";
    std::fs::write(d.join("same.txt"), text).expect("write");
    let (code, _, err) = run(tilmash(d).args([
        "pretranslate",
        "same.txt",
        "--memory",
        "m",
        "-o",
        "same.txt",
    ]));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("same.txt: is the input same.txt; write the output to another file"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("same.txt")).expect("read"),
        text
    );
}

#[test]
fn modes_are_kept_and_read_only_files_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    memory_with_units(d);
    let private = d.join("private.tsv");
    std::fs::write(&private, "old").expect("write");
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let (code, _, err) = export_to(d, &private);
    assert_eq!(code, 0, "{err}");
    assert_eq!(mode(&private), 0o600);
    assert!(std::fs::read_to_string(&private)
        .expect("read")
        .contains("akim"));

    let frozen = d.join("frozen.tsv");
    std::fs::write(&frozen, "old").expect("write");
    std::fs::set_permissions(&frozen, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let (code, _, err) = export_to(d, &frozen);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("frozen.tsv: the file is read-only (mode 0444); make it writable"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&frozen).expect("read"), "old");
}

#[test]
fn a_linked_glossary_file_changes_where_it_lives_and_keeps_its_mode() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::create_dir_all(d.join("shared")).expect("mkdir");
    std::fs::create_dir_all(d.join("glossaries")).expect("mkdir");
    let shared = d.join("shared/terms.tsv");
    std::fs::write(&shared, "concept\tru\ten\nakim\tаким\takim\n").expect("write");
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let link = d.join("glossaries/terms.tsv");
    std::os::unix::fs::symlink("../shared/terms.tsv", &link).expect("symlink");
    let (code, _, err) = run(tilmash(d).args([
        "glossary",
        "add",
        "--concept",
        "akimat",
        "--ru",
        "акимат",
        "--en",
        "akimat",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::symlink_metadata(&link)
        .expect("metadata")
        .file_type()
        .is_symlink());
    let text = std::fs::read_to_string(&shared).expect("read");
    assert!(text.ends_with("akimat\tакимат\takimat\n"), "{text:?}");
    assert_eq!(mode(&shared), 0o640);
}
