//! Replacing a file whole: the new content goes to a temporary file beside
//! the target, is synced, and is renamed over it, so that the path holds
//! either the old or the new content, never a part, even after `kill -9` or
//! a power cut (the folder is synced too).
//!
//! What the path is decides how it is written:
//! - a symbolic link is followed: its target is replaced, the link stays
//!   (a glossary file linked from a shared folder changes where it lives);
//! - a FIFO, a device or a socket is written directly, never replaced by a
//!   regular file (`-o /dev/stdout`, `-o FIFO`);
//! - an existing regular file keeps its permission bits; a read-only one
//!   (no write bit at all) is refused, as an editor would;
//! - a folder is refused.

use std::fs::{File, OpenOptions, Permissions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// How many symbolic links are followed before giving up (Linux's limit).
const MAX_LINKS: usize = 40;
const BUFFER: usize = 1 << 16;

/// Writes `bytes` to `path` atomically (see the module documentation).
/// On failure the target is untouched and the temporary file removed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)?;
    file.commit()
}

/// A file being written atomically. Dropped without [`AtomicFile::commit`],
/// it removes its temporary file and leaves the target untouched.
pub struct AtomicFile {
    /// The file replaced: the path given, its links followed.
    target: PathBuf,
    /// The temporary file, `None` when writing the target directly.
    tmp: Option<PathBuf>,
    file: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Starts writing `path`: a temporary file beside its target, or the
    /// target itself when it is a FIFO, a device or a socket.
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        let target = follow_links(path)?;
        let permissions = match std::fs::metadata(&target) {
            Ok(meta) if meta.is_dir() => {
                return Err(io::Error::new(
                    io::ErrorKind::IsADirectory,
                    "is a folder; give a file name",
                ))
            }
            Ok(meta) if !meta.is_file() => {
                let file = OpenOptions::new().write(true).open(&target)?;
                return Ok(AtomicFile {
                    target,
                    tmp: None,
                    file: Some(BufWriter::with_capacity(BUFFER, file)),
                });
            }
            Ok(meta) if meta.permissions().readonly() => {
                return Err(io::Error::new(
                    io::ErrorKind::PermissionDenied,
                    format!(
                        "the file is read-only{}; make it writable (chmod u+w) to replace it",
                        mode_text(&meta.permissions())
                    ),
                ))
            }
            Ok(meta) => Some(meta.permissions()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        let dir = folder_of(&target);
        if !dir.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("the folder {} does not exist", dir.display()),
            ));
        }
        let tmp = dir.join(format!(
            "{}{}",
            temporary_prefix(&target),
            std::process::id()
        ));
        let file = File::create(&tmp)?;
        if let Some(permissions) = permissions {
            if let Err(e) = file.set_permissions(permissions) {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
        }
        Ok(AtomicFile {
            target,
            tmp: Some(tmp),
            file: Some(BufWriter::with_capacity(BUFFER, file)),
        })
    }

    /// The file that is replaced (links followed).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Finishes the file: synced, then renamed over the target.
    pub fn commit(mut self) -> io::Result<()> {
        let Some(writer) = self.file.take() else {
            return Ok(());
        };
        let file = writer.into_inner().map_err(|e| e.into_error())?;
        let Some(tmp) = self.tmp.take() else {
            return Ok(()); // written directly; nothing to sync or rename
        };
        let done = file
            .sync_all()
            .and_then(|()| std::fs::rename(&tmp, &self.target));
        drop(file);
        if let Err(e) = done {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        let dir = folder_of(&self.target);
        if let Ok(dir) = File::open(dir) {
            let _ = dir.sync_all();
        }
        remove_stale_temporaries(dir, &temporary_prefix(&self.target));
        Ok(())
    }

    fn writer(&mut self) -> io::Result<&mut BufWriter<File>> {
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("the output file is closed"))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer()?.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer()?.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer()?.flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        self.file.take();
        if let Some(tmp) = self.tmp.take() {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Whether `a` and `b` are the same file (device and inode, links
/// followed); `false` when either does not exist.
pub fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// `path` with its symbolic links followed (the last component's, as many
/// times as it takes); a dangling link gives the path it points to.
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&path)?;
                path = folder_of(&path).join(link);
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("more than {MAX_LINKS} symbolic links in a row"),
    ))
}

/// The folder a file is in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// `.NAME.tmp`: the temporary files of `path` are this and a pid.
fn temporary_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.tmp")
}

/// ` (mode 0444)`, on Unix.
fn mode_text(permissions: &Permissions) -> String {
    use std::os::unix::fs::PermissionsExt;
    format!(" (mode {:04o})", permissions.mode() & 0o7777)
}

/// Removes the temporary files that writers killed before their rename
/// left beside the file, so that they do not pile up in a glossary folder
/// under git.
fn remove_stale_temporaries(dir: &Path, prefix: &str) {
    for path in super::left_by_dead_processes(dir, prefix) {
        let _ = std::fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[test]
    fn replaces_keeping_the_mode_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, Permissions::from_mode(0o600)).unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(mode(&path), 0o600);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn follows_a_link_to_its_target() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("shared")).unwrap();
        let target = dir.path().join("shared/terms.tsv");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("terms.tsv");
        std::os::unix::fs::symlink("shared/terms.tsv", &link).unwrap();
        write_atomically(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }

    #[test]
    fn a_drop_without_commit_leaves_the_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        std::fs::write(&path, "old").unwrap();
        let mut file = AtomicFile::create(&path).unwrap();
        file.write_all(b"half").unwrap();
        drop(file);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_folders_and_read_only_files() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_atomically(dir.path(), b"x").unwrap_err();
        assert_eq!(err.to_string(), "is a folder; give a file name");
        let path = dir.path().join("ro.txt");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, Permissions::from_mode(0o444)).unwrap();
        let err = write_atomically(&path, b"x").unwrap_err();
        assert!(err
            .to_string()
            .starts_with("the file is read-only (mode 0444)"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    }
}
