//! A streaming ZIP writer for the personal data export: each file is
//! written as soon as it is known (stored, not compressed, with its CRC-32
//! in the local header), then the central directory. Only the file being
//! written is held in memory; the bytes go to the HTTP response through a
//! bounded channel, so a slow client slows the writer down instead of
//! filling memory. Follows PKWARE's APPNOTE (no ZIP64: the export refuses
//! to grow past 4 GiB).

use axum::body::Bytes;
use tokio::sync::mpsc;

/// The CRC-32 of ZIP (IEEE 802.3, reflected, polynomial 0xEDB88320).
pub fn crc32(data: &[u8]) -> u32 {
    crc32_update(0, data)
}

/// Continues a CRC-32 (`crc` of the bytes so far, 0 at the start) over `data`.
pub fn crc32_update(crc: u32, data: &[u8]) -> u32 {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = [0u32; 256];
        for (i, slot) in table.iter_mut().enumerate() {
            let mut c = i as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *slot = c;
        }
        table
    });
    let mut crc = crc ^ 0xFFFF_FFFF;
    for &b in data {
        crc = table[((crc ^ b as u32) & 0xFF) as usize] ^ (crc >> 8);
    }
    crc ^ 0xFFFF_FFFF
}

/// Why writing stopped.
#[derive(Debug, thiserror::Error)]
pub enum ZipError {
    #[error("the client went away")]
    Closed,
    #[error("the archive would exceed 4 GiB or 65535 files")]
    TooLarge,
    #[error("file name not allowed: {0}")]
    BadName(String),
}

struct Entry {
    name: String,
    crc: u32,
    size: u32,
    offset: u32,
    /// General purpose flags: UTF-8 names, and a data descriptor after a
    /// streamed file.
    flags: u16,
}

/// A file being streamed: its CRC and size so far.
struct Open {
    name: String,
    offset: u32,
    crc: u32,
    size: u64,
}

/// Writes a ZIP archive into a channel of byte chunks.
pub struct ZipSink {
    tx: mpsc::Sender<Result<Bytes, std::io::Error>>,
    offset: u64,
    entries: Vec<Entry>,
    open: Option<Open>,
    /// MS-DOS time and date of every entry (the export's time, UTC).
    dos_time: u16,
    dos_date: u16,
}

impl ZipSink {
    pub fn new(tx: mpsc::Sender<Result<Bytes, std::io::Error>>) -> ZipSink {
        use chrono::{Datelike, Timelike};
        let now = chrono::Utc::now();
        let dos_time = ((now.hour() as u16) << 11)
            | ((now.minute() as u16) << 5)
            | ((now.second() as u16) / 2);
        let dos_date = (((now.year() - 1980).max(0) as u16) << 9)
            | ((now.month() as u16) << 5)
            | now.day() as u16;
        ZipSink {
            tx,
            offset: 0,
            entries: Vec::new(),
            open: None,
            dos_time,
            dos_date,
        }
    }

    async fn send(&mut self, bytes: Vec<u8>) -> Result<(), ZipError> {
        self.offset += bytes.len() as u64;
        if self.offset > u32::MAX as u64 {
            return Err(ZipError::TooLarge);
        }
        self.tx
            .send(Ok(Bytes::from(bytes)))
            .await
            .map_err(|_| ZipError::Closed)
    }

    fn check(&self, name: &str) -> Result<u32, ZipError> {
        if name.is_empty()
            || name.starts_with('/')
            || name.contains('\\')
            || name
                .split('/')
                .any(|p| p.is_empty() || p == "." || p == "..")
            || name.len() > 400
        {
            return Err(ZipError::BadName(name.to_owned()));
        }
        if self.entries.len() >= 0xFFFF || self.open.is_some() {
            return Err(ZipError::TooLarge);
        }
        u32::try_from(self.offset).map_err(|_| ZipError::TooLarge)
    }

    fn local_header(&self, name: &str, flags: u16, crc: u32, size: u32) -> Vec<u8> {
        let mut header = Vec::with_capacity(30 + name.len());
        header.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        header.extend_from_slice(&20u16.to_le_bytes()); // version needed: 2.0
        header.extend_from_slice(&flags.to_le_bytes());
        header.extend_from_slice(&0u16.to_le_bytes()); // stored
        header.extend_from_slice(&self.dos_time.to_le_bytes());
        header.extend_from_slice(&self.dos_date.to_le_bytes());
        header.extend_from_slice(&crc.to_le_bytes());
        header.extend_from_slice(&size.to_le_bytes());
        header.extend_from_slice(&size.to_le_bytes());
        header.extend_from_slice(&(name.len() as u16).to_le_bytes());
        header.extend_from_slice(&0u16.to_le_bytes());
        header.extend_from_slice(name.as_bytes());
        header
    }

    /// Starts a file whose bytes come in pieces ([`ZipSink::write`]), for
    /// files too large to hold in memory: its CRC and size follow the data
    /// (a data descriptor). Names are relative paths with `/`, no `..`.
    pub async fn start_file(&mut self, name: &str) -> Result<(), ZipError> {
        let offset = self.check(name)?;
        let header = self.local_header(name, 0x0808, 0, 0);
        self.send(header).await?;
        self.open = Some(Open {
            name: name.to_owned(),
            offset,
            crc: 0,
            size: 0,
        });
        Ok(())
    }

    /// Appends bytes to the file started last.
    pub async fn write(&mut self, chunk: &[u8]) -> Result<(), ZipError> {
        let Some(open) = self.open.as_mut() else {
            return Err(ZipError::BadName("(no file started)".to_owned()));
        };
        open.crc = crc32_update(open.crc, chunk);
        open.size += chunk.len() as u64;
        if open.size >= u32::MAX as u64 {
            return Err(ZipError::TooLarge);
        }
        self.send(chunk.to_vec()).await
    }

    /// Ends the file started last.
    pub async fn end_file(&mut self) -> Result<(), ZipError> {
        let Some(open) = self.open.take() else {
            return Err(ZipError::BadName("(no file started)".to_owned()));
        };
        let size = open.size as u32;
        let mut descriptor = Vec::with_capacity(16);
        descriptor.extend_from_slice(&0x0807_4b50u32.to_le_bytes());
        descriptor.extend_from_slice(&open.crc.to_le_bytes());
        descriptor.extend_from_slice(&size.to_le_bytes());
        descriptor.extend_from_slice(&size.to_le_bytes());
        self.send(descriptor).await?;
        self.entries.push(Entry {
            name: open.name,
            crc: open.crc,
            size,
            offset: open.offset,
            flags: 0x0808,
        });
        Ok(())
    }

    /// Adds a file held in memory. Names are relative paths with `/`, no `..`.
    pub async fn file(&mut self, name: &str, data: &[u8]) -> Result<(), ZipError> {
        let offset = self.check(name)?;
        if data.len() as u64 >= u32::MAX as u64 {
            return Err(ZipError::TooLarge);
        }
        let crc = crc32(data);
        let size = data.len() as u32;
        let header = self.local_header(name, 0x0800, crc, size);
        self.send(header).await?;
        // Large files go out in pieces of 64 KiB.
        for chunk in data.chunks(64 * 1024) {
            self.send(chunk.to_vec()).await?;
        }
        self.entries.push(Entry {
            name: name.to_owned(),
            crc,
            size,
            offset,
            flags: 0x0800,
        });
        Ok(())
    }

    /// Writes the central directory and closes the archive.
    pub async fn finish(mut self) -> Result<(), ZipError> {
        if self.open.is_some() {
            self.end_file().await?;
        }
        let start = u32::try_from(self.offset).map_err(|_| ZipError::TooLarge)?;
        let mut directory = Vec::new();
        for e in &self.entries {
            directory.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            directory.extend_from_slice(&0x0314u16.to_le_bytes()); // made by: Unix, 2.0
            directory.extend_from_slice(&20u16.to_le_bytes());
            directory.extend_from_slice(&e.flags.to_le_bytes());
            directory.extend_from_slice(&0u16.to_le_bytes());
            directory.extend_from_slice(&self.dos_time.to_le_bytes());
            directory.extend_from_slice(&self.dos_date.to_le_bytes());
            directory.extend_from_slice(&e.crc.to_le_bytes());
            directory.extend_from_slice(&e.size.to_le_bytes());
            directory.extend_from_slice(&e.size.to_le_bytes());
            directory.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
            directory.extend_from_slice(&0u16.to_le_bytes()); // extra
            directory.extend_from_slice(&0u16.to_le_bytes()); // comment
            directory.extend_from_slice(&0u16.to_le_bytes()); // disk
            directory.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
            directory.extend_from_slice(&(0o100644u32 << 16).to_le_bytes()); // -rw-r--r--
            directory.extend_from_slice(&e.offset.to_le_bytes());
            directory.extend_from_slice(e.name.as_bytes());
        }
        let size = u32::try_from(directory.len()).map_err(|_| ZipError::TooLarge)?;
        let count = self.entries.len() as u16;
        directory.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        directory.extend_from_slice(&0u16.to_le_bytes());
        directory.extend_from_slice(&0u16.to_le_bytes());
        directory.extend_from_slice(&count.to_le_bytes());
        directory.extend_from_slice(&count.to_le_bytes());
        directory.extend_from_slice(&size.to_le_bytes());
        directory.extend_from_slice(&start.to_le_bytes());
        directory.extend_from_slice(&0u16.to_le_bytes());
        self.send(directory).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[tokio::test]
    async fn an_archive_has_its_files_and_a_central_directory() {
        let (tx, mut rx) = mpsc::channel(64);
        let mut sink = ZipSink::new(tx);
        sink.file("a/é.json", b"{}").await.unwrap();
        sink.start_file("b.bin").await.unwrap();
        sink.write(b"1234").await.unwrap();
        sink.write(b"56789").await.unwrap();
        sink.end_file().await.unwrap();
        assert!(matches!(
            sink.file("../x", b"").await,
            Err(ZipError::BadName(_))
        ));
        sink.finish().await.unwrap();
        let mut all = Vec::new();
        while let Some(chunk) = rx.recv().await {
            all.extend_from_slice(&chunk.unwrap());
        }
        assert_eq!(&all[..4], b"PK\x03\x04");
        let end = all.len() - 22;
        assert_eq!(&all[end..end + 4], b"PK\x05\x06");
        assert_eq!(u16::from_le_bytes([all[end + 10], all[end + 11]]), 2);
        let descriptor = all
            .windows(4)
            .position(|w| w == b"PK\x07\x08")
            .expect("a data descriptor");
        assert_eq!(
            &all[descriptor + 4..descriptor + 8],
            &0xCBF4_3926u32.to_le_bytes()
        );
    }
}
