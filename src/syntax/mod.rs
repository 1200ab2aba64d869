//! The parsing ground floor shared by every engine: one [`LineIndex`] for byte offset → line/column,
//! and the language parsers.
pub(crate) mod ir;
pub(crate) mod js;
pub(crate) mod python;
pub(crate) mod sql;

/// Maps byte offsets of a text to 1-based lines and columns. Built once per file in one pass.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 1-based line of a byte offset (an offset past the end is on the last line).
    pub(crate) fn line(&self, offset: usize) -> u32 {
        let i = match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        };
        u32::try_from(i).unwrap_or(u32::MAX)
    }

    /// Byte offset where a 1-based line starts.
    pub(crate) fn line_start(&self, line: u32) -> Option<usize> {
        self.starts.get((line as usize).checked_sub(1)?).copied()
    }

    /// 1-based line and column (counted in characters) of a byte offset into `text`.
    pub(crate) fn line_column(&self, text: &str, offset: usize) -> (u32, u32) {
        let line = self.line(offset);
        let start = self.line_start(line).unwrap_or(0);
        let end = offset.min(text.len());
        let column = text.get(start..end).map_or(0, |s| s.chars().count());
        (line, u32::try_from(column + 1).unwrap_or(u32::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_offsets_to_lines_and_columns() {
        let text = "a\nbc\n\nd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line(0), 1);
        assert_eq!(idx.line(2), 2);
        assert_eq!(idx.line(3), 2);
        assert_eq!(idx.line(5), 3);
        assert_eq!(idx.line(6), 4);
        assert_eq!(idx.line(600), 4);
        assert_eq!(idx.line_column(text, 3), (2, 2));
        assert_eq!(idx.line_start(2), Some(2));
        assert_eq!(idx.line_start(9), None);
    }

    #[test]
    fn columns_count_characters() {
        let text = "x\né = 1";
        assert_eq!(LineIndex::new(text).line_column(text, "x\né ".len()), (2, 3));
    }
}
