//! comcom's file storage. Documents are kept through `object_store`: a local
//! folder by default, an S3-compatible bucket by configuration. Object keys
//! are random ids, never names people chose; an upload is streamed (hashed
//! and counted as it goes) and becomes visible only once complete, and an
//! upload that does not finish leaves nothing behind.

pub mod names;
pub mod pdf;
pub mod sniff;
pub mod text;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::path::Path as Key;
use object_store::prefix::PrefixStore;
use object_store::{GetOptions, GetRange, ObjectStore, ObjectStoreExt, WriteMultipart};
use sha2::{Digest, Sha256};

/// 100 MB per file unless configured otherwise.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 100 * 1000 * 1000;
/// 2 GB per space unless configured otherwise.
pub const DEFAULT_SPACE_QUOTA_BYTES: u64 = 2 * 1000 * 1000 * 1000;

/// What the storage refuses or fails at.
#[derive(Debug, thiserror::Error)]
pub enum FilesError {
    #[error("storage configuration: {0}")]
    Config(String),
    #[error("object not found")]
    NotFound,
    #[error("storage: {0}")]
    Storage(String),
}

impl From<object_store::Error> for FilesError {
    fn from(e: object_store::Error) -> Self {
        match e {
            object_store::Error::NotFound { .. } => FilesError::NotFound,
            other => FilesError::Storage(other.to_string()),
        }
    }
}

/// Size limits for documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub space_quota_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            space_quota_bytes: DEFAULT_SPACE_QUOTA_BYTES,
        }
    }
}

/// Where documents are kept.
#[derive(Clone)]
pub struct FileStore {
    inner: Arc<dyn ObjectStore>,
    describe: String,
    /// The folder, for a local store (tests count its files).
    local_root: Option<PathBuf>,
    /// Bytes buffered before a part is written (S3 wants at least 5 MiB).
    part_bytes: usize,
    pub limits: Limits,
}

impl std::fmt::Debug for FileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe)
    }
}

impl FileStore {
    /// A folder on this machine (created when missing).
    pub fn local(root: &Path, limits: Limits) -> Result<FileStore, FilesError> {
        std::fs::create_dir_all(root)
            .map_err(|e| FilesError::Config(format!("cannot create {}: {e}", root.display())))?;
        let root = root
            .canonicalize()
            .map_err(|e| FilesError::Config(format!("{}: {e}", root.display())))?;
        let store = LocalFileSystem::new_with_prefix(&root)?.with_automatic_cleanup(true);
        Ok(FileStore {
            inner: Arc::new(store),
            describe: format!("folder {}", root.display()),
            local_root: Some(root),
            part_bytes: 1024 * 1024,
            limits,
        })
    }

    /// An S3-compatible bucket, `s3://bucket[/prefix]`; credentials, region
    /// and endpoint come from the usual `AWS_*` variables.
    pub fn s3(url: &str, limits: Limits) -> Result<FileStore, FilesError> {
        let parsed = url::Url::parse(url).map_err(|e| FilesError::Config(format!("{url}: {e}")))?;
        if parsed.scheme() != "s3" || parsed.host_str().is_none_or(str::is_empty) {
            return Err(FilesError::Config(format!(
                "{url}: expected s3://bucket or s3://bucket/prefix"
            )));
        }
        // rustls needs one process-wide crypto provider; ring, as for SMTP.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let bucket = parsed.host_str().unwrap_or_default().to_owned();
        let prefix = parsed.path().trim_matches('/').to_owned();
        let store = AmazonS3Builder::from_env()
            .with_bucket_name(&bucket)
            .build()
            .map_err(|e| FilesError::Config(e.to_string()))?;
        let inner: Arc<dyn ObjectStore> = if prefix.is_empty() {
            Arc::new(store)
        } else {
            Arc::new(PrefixStore::new(store, prefix.as_str()))
        };
        Ok(FileStore {
            inner,
            describe: format!("bucket {url}"),
            local_root: None,
            part_bytes: 5 * 1024 * 1024,
            limits,
        })
    }

    /// Kept in memory (lost at exit): a default for code paths that never store files.
    pub fn memory(limits: Limits) -> FileStore {
        FileStore {
            inner: Arc::new(InMemory::new()),
            describe: "memory".to_owned(),
            local_root: None,
            part_bytes: 1024 * 1024,
            limits,
        }
    }

    /// `url` when given (`s3://…`), otherwise the folder `files` under `data_dir`.
    pub fn from_config(
        url: Option<&str>,
        data_dir: &Path,
        limits: Limits,
    ) -> Result<FileStore, FilesError> {
        match url {
            Some(url) if url.starts_with("s3://") => FileStore::s3(url, limits),
            Some(url) if url.starts_with("file://") || url.starts_with('/') => {
                let path = url.strip_prefix("file://").unwrap_or(url);
                FileStore::local(Path::new(path), limits)
            }
            Some(other) => Err(FilesError::Config(format!(
                "{other}: expected s3://bucket/prefix or a folder"
            ))),
            None => FileStore::local(&data_dir.join("files"), limits),
        }
    }

    /// "folder /var/lib/comcom/files", "bucket s3://…", for logs and administrators.
    pub fn describe(&self) -> &str {
        &self.describe
    }

    /// The folder of a local store.
    pub fn local_root(&self) -> Option<&Path> {
        self.local_root.as_deref()
    }

    /// A fresh object key: a random id, never derived from a name.
    pub fn new_key(kind: &str) -> String {
        format!("{kind}/{}", uuid::Uuid::new_v4().simple())
    }

    fn key(key: &str) -> Result<Key, FilesError> {
        Key::parse(key).map_err(|e| FilesError::Storage(e.to_string()))
    }

    /// Starts writing the object `key`; nothing is visible until [`Upload::finish`].
    pub async fn upload(&self, key: &str) -> Result<Upload, FilesError> {
        let path = FileStore::key(key)?;
        let multipart = self.inner.put_multipart(&path).await?;
        Ok(Upload {
            writer: Some(WriteMultipart::new_with_chunk_size(
                multipart,
                self.part_bytes,
            )),
            hasher: Sha256::new(),
            size: 0,
            head: Vec::new(),
            key: key.to_owned(),
        })
    }

    /// Stores `bytes` at `key` in one go (small objects).
    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), FilesError> {
        self.inner
            .put(&FileStore::key(key)?, Bytes::from(bytes).into())
            .await?;
        Ok(())
    }

    /// The object's size and its bytes as a stream.
    pub async fn read(
        &self,
        key: &str,
    ) -> Result<(u64, BoxStream<'static, Result<Bytes, FilesError>>), FilesError> {
        let result = self.inner.get(&FileStore::key(key)?).await?;
        let size = result.meta.size;
        let stream = result
            .into_stream()
            .map(|chunk| chunk.map_err(FilesError::from))
            .boxed();
        Ok((size, stream))
    }

    /// The bytes `start..end` of the object as a stream (an HTTP range
    /// request): the store reads only those, whatever the object's size.
    pub async fn read_range(
        &self,
        key: &str,
        start: u64,
        end: u64,
    ) -> Result<BoxStream<'static, Result<Bytes, FilesError>>, FilesError> {
        let options = GetOptions {
            range: Some(GetRange::Bounded(start..end)),
            ..GetOptions::default()
        };
        let result = self.inner.get_opts(&FileStore::key(key)?, options).await?;
        Ok(result
            .into_stream()
            .map(|chunk| chunk.map_err(FilesError::from))
            .boxed())
    }

    /// The whole object, when at most `max` bytes (`None` when larger).
    pub async fn read_all(&self, key: &str, max: u64) -> Result<Option<Vec<u8>>, FilesError> {
        let (size, mut stream) = self.read(key).await?;
        if size > max {
            return Ok(None);
        }
        let mut bytes = Vec::with_capacity(size as usize);
        while let Some(chunk) = stream.next().await {
            bytes.extend_from_slice(&chunk?);
        }
        Ok(Some(bytes))
    }

    /// The first `max` bytes of an object (all of it when smaller).
    pub async fn read_head(&self, key: &str, max: u64) -> Result<Vec<u8>, FilesError> {
        let (size, mut stream) = self.read(key).await?;
        let max = usize::try_from(max.min(size)).unwrap_or(usize::MAX);
        let mut bytes = Vec::with_capacity(max);
        while let Some(chunk) = stream.next().await {
            let chunk = chunk?;
            let room = max - bytes.len();
            bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if bytes.len() >= max {
                break;
            }
        }
        Ok(bytes)
    }

    /// Removes an object; one already gone is not an error.
    pub async fn delete(&self, key: &str) -> Result<(), FilesError> {
        match self.inner.delete(&FileStore::key(key)?).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// Every object key in the store (administration and tests).
    pub async fn keys(&self) -> Result<Vec<String>, FilesError> {
        let mut keys = Vec::new();
        let mut list = self.inner.list(None);
        while let Some(meta) = list.next().await {
            keys.push(meta?.location.to_string());
        }
        keys.sort();
        Ok(keys)
    }
}

/// An object being written. Dropped without [`Upload::finish`], it is aborted:
/// a cut-off upload leaves no object behind.
pub struct Upload {
    writer: Option<WriteMultipart>,
    hasher: Sha256,
    size: u64,
    head: Vec<u8>,
    key: String,
}

/// An object completely written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub key: String,
    pub size: u64,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    /// The first bytes, for [`sniff::sniff`].
    pub head: Vec<u8>,
}

impl Upload {
    /// Appends bytes, waiting while too many parts are still being written
    /// (so that memory stays bounded whatever the file's size).
    pub async fn write(&mut self, chunk: &[u8]) -> Result<(), FilesError> {
        let writer = self
            .writer
            .as_mut()
            .ok_or_else(|| FilesError::Storage("upload already closed".into()))?;
        writer.wait_for_capacity(2).await?;
        writer.write(chunk);
        self.hasher.update(chunk);
        self.size += chunk.len() as u64;
        if self.head.len() < sniff::HEAD_BYTES {
            let take = (sniff::HEAD_BYTES - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        Ok(())
    }

    /// Bytes written so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The first bytes written (up to [`sniff::HEAD_BYTES`]).
    pub fn head(&self) -> &[u8] {
        &self.head
    }

    /// Completes the object: from now on it can be read at its key.
    pub async fn finish(mut self) -> Result<Stored, FilesError> {
        let writer = self
            .writer
            .take()
            .ok_or_else(|| FilesError::Storage("upload already closed".into()))?;
        writer.finish().await?;
        let digest = std::mem::take(&mut self.hasher).finalize();
        Ok(Stored {
            key: std::mem::take(&mut self.key),
            size: self.size,
            sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
            head: std::mem::take(&mut self.head),
        })
    }

    /// Gives up: the parts written so far are removed.
    pub async fn abort(mut self) {
        if let Some(writer) = self.writer.take()
            && let Err(e) = writer.abort().await
        {
            tracing::warn!(error = %e, key = %self.key, "cannot abort an upload");
        }
    }
}

impl Drop for Upload {
    fn drop(&mut self) {
        if let Some(writer) = self.writer.take() {
            let key = std::mem::take(&mut self.key);
            if let Ok(handle) = tokio::runtime::Handle::try_current() {
                handle.spawn(async move {
                    if let Err(e) = writer.abort().await {
                        tracing::warn!(error = %e, %key, "cannot abort an interrupted upload");
                    }
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_range_reads_only_its_bytes_across_parts() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::local(dir.path(), Limits::default()).unwrap();
        let bytes: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
        let mut upload = store.upload("documents/x").await.unwrap();
        for chunk in bytes.chunks(70_000) {
            upload.write(chunk).await.unwrap();
        }
        upload.finish().await.unwrap();
        for (start, end) in [(0, 5), (1_048_000, 1_050_000), (10, 3_000_000)] {
            let mut stream = store.read_range("documents/x", start, end).await.unwrap();
            let mut got = Vec::new();
            while let Some(chunk) = stream.next().await {
                got.extend_from_slice(&chunk.unwrap());
            }
            assert_eq!(got, &bytes[start as usize..end as usize]);
        }
    }
}
