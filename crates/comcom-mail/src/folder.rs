//! Delivery into a local mail folder, used when no SMTP server is configured:
//! one `.eml` file per message, which any mail reader opens.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use tokio::io::AsyncWriteExt;

/// Characters kept as they are in a file name; everything else, including `/`,
/// `\` and `%`, is percent-encoded, so two message ids never share a file.
const ENCODED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'@')
    .remove(b'+')
    .remove(b'=');

/// Longest file name written, below the 255 bytes most file systems allow.
const MAX_NAME: usize = 240;

/// Writes `message` as `<dir>/<message id>.eml`, creating the folder when needed.
/// The bytes go to a hidden temporary file first and are renamed into place, so
/// a reader never sees half a message; the same id written twice leaves one file.
pub(crate) async fn write(
    dir: &Path,
    message_id: &str,
    message: &[u8],
) -> std::io::Result<PathBuf> {
    tokio::fs::create_dir_all(dir).await?;

    let path = dir.join(file_name(message_id));
    let temporary = dir.join(temporary_name(message_id));
    let written = write_synced(&temporary, message).await;
    let renamed = match written {
        Ok(()) => tokio::fs::rename(&temporary, &path).await,
        Err(error) => Err(error),
    };
    if renamed.is_err() {
        let _ = tokio::fs::remove_file(&temporary).await;
    }
    renamed.map(|()| path)
}

async fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = tokio::fs::File::create(path).await?;
    file.write_all(bytes).await?;
    file.sync_all().await
}

/// The message id, percent-encoded, with a leading dot encoded too so that no
/// name is hidden, `.` or `..`.
fn file_name(message_id: &str) -> String {
    let mut name: String = utf8_percent_encode(message_id, ENCODED).collect();
    if name.starts_with('.') {
        name.replace_range(..1, "%2E");
    }
    if name.is_empty() {
        name.push_str("%00");
    }
    // Ids this long do not come from the outbox (`uuid@host`); cutting them may
    // make two share a file, which is better than failing to write at all.
    if name.len() > MAX_NAME - ".eml".len() {
        let mut cut = MAX_NAME - ".eml".len();
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        name.truncate(cut);
    }
    name + ".eml"
}

/// A name unique to this process and call, starting with a dot so that readers
/// listing `*.eml` files skip it.
fn temporary_name(message_id: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let stem = file_name(message_id);
    let stem = &stem[..stem.len().min(200)];
    format!(".{stem}.{}.{count}.tmp", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_ordinary_ids_readable() {
        assert_eq!(
            file_name("3f2a-9c@comcom.example.org"),
            "3f2a-9c@comcom.example.org.eml"
        );
    }

    #[test]
    fn file_names_cannot_leave_the_folder_or_hide() {
        let cases = [
            ("../../etc/passwd", "%2E.%2F..%2Fetc%2Fpasswd.eml"),
            ("a/b@c", "a%2Fb@c.eml"),
            ("a\\b@c", "a%5Cb@c.eml"),
            ("..", "%2E..eml"),
            (".", "%2E.eml"),
            ("", "%00.eml"),
            ("a%2Fb@c", "a%252Fb@c.eml"),
        ];
        for (id, expected) in cases {
            let name = file_name(id);

            assert_eq!(name, expected, "{id:?}");
            assert!(!name.contains('/') && !name.starts_with('.'), "{name}");
        }
    }

    #[test]
    fn long_ids_give_names_within_file_system_limits() {
        let name = file_name(&format!("{}@{}", "é".repeat(300), "h".repeat(300)));

        assert!(
            name.len() <= MAX_NAME && name.ends_with(".eml"),
            "{}",
            name.len()
        );
    }

    #[tokio::test]
    async fn writing_the_same_id_twice_leaves_one_complete_file() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("mail").join("out");

        let first = write(&folder, "id-1@host", b"first").await.unwrap();
        let second = write(&folder, "id-1@host", b"second").await.unwrap();

        assert_eq!(first, second);
        let names: Vec<_> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, vec!["id-1@host.eml".to_owned()]);
        assert_eq!(std::fs::read(second).unwrap(), b"second");
    }
}
