//! Text of a PDF, for search. Scanned pages (images) have none; a PDF that
//! cannot be read gives an error, which the job records without retrying.

/// Largest decompressed stream read while extracting (a guard against
/// compression bombs).
const MAX_DECOMPRESSED: usize = 64 * 1024 * 1024;
/// Longest text kept for one version.
pub const MAX_TEXT_CHARS: usize = 1_000_000;

/// The text of every page, pages separated by a blank line.
pub fn extract_text(bytes: &[u8]) -> Result<String, String> {
    let document = lopdf::Document::load_mem(bytes).map_err(|e| e.to_string())?;
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    let mut text = String::new();
    for page in pages {
        match document.extract_text_with_limit(&[page], MAX_DECOMPRESSED) {
            Ok(page_text) => {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str(page_text.trim());
            }
            Err(e) => tracing::debug!(page, error = %e, "no text on a page"),
        }
        if text.chars().count() > MAX_TEXT_CHARS {
            break;
        }
    }
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .take(MAX_TEXT_CHARS)
        .collect();
    Ok(cleaned)
}

/// A one-page PDF showing `lines` in Helvetica (WinAnsi), for tests and the demo.
pub fn tiny_pdf(lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("BT /F1 12 Tf 72 720 Td 14 TL\n");
    for line in lines {
        let escaped = line
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        content.push_str(&format!("({escaped}) Tj T*\n"));
    }
    content.push_str("ET");
    // WinAnsi: Latin-1 for the accented letters of French.
    let content_bytes: Vec<u8> = content.chars().map(win_ansi).collect();
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_vec(),
        {
            let mut s = format!("<< /Length {} >>\nstream\n", content_bytes.len()).into_bytes();
            s.extend_from_slice(&content_bytes);
            s.extend_from_slice(b"\nendstream");
            s
        },
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
    ];
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A character in WinAnsiEncoding (Latin-1 plus typographic marks).
fn win_ansi(c: char) -> u8 {
    match c {
        '€' => 0x80,
        '…' => 0x85,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '–' => 0x96,
        '—' => 0x97,
        'Œ' => 0x8C,
        'œ' => 0x9C,
        c => u8::try_from(u32::from(c)).unwrap_or(b'?'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_comes_out_of_a_pdf() {
        let pdf = tiny_pdf(&[
            "Assainissement collectif",
            "Réunion du conseil",
            "Zonage d’assainissement",
        ]);
        let text = extract_text(&pdf).unwrap();
        assert!(text.contains("Assainissement collectif"), "{text:?}");
        assert!(text.contains("Réunion du conseil"), "{text:?}");
        assert!(text.contains("Zonage d’assainissement"), "{text:?}");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(extract_text(b"%PDF-1.4 garbage").is_err());
        assert!(extract_text(b"").is_err());
    }
}
