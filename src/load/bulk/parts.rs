//! Reading a JSON Lines file line by line, whole or in parts on threads.
//!
//! [`parallel`] cuts a file into byte ranges, one per core up to
//! [`MAX_PARTS`] (one range for a file under [`SPLIT_BYTES`]), and reads
//! each on its own thread; a line belongs to the range it starts in.
//! [`each_line`] reads a file on the calling thread.

use std::fs::File;
use std::io::{BufRead, BufReader, Seek, SeekFrom};
use std::path::Path;

use super::super::error::LoadError;

/// The most parts a file is read in, whatever the number of cores.
pub(super) const MAX_PARTS: usize = 8;

/// Files smaller than this are read in one part.
pub(super) const SPLIT_BYTES: u64 = 1 << 20;

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> LoadError + '_ {
    move |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Calls `f(line_number, text)` for each non-blank line of a file.
pub(super) fn each_line(
    path: &Path,
    mut f: impl FnMut(usize, &str) -> Result<(), LoadError>,
) -> Result<(), LoadError> {
    let io = io_error(path);
    let file = File::open(path).map_err(&io)?;
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut buf = Vec::new();
    let mut number = 0;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf).map_err(&io)? == 0 {
            return Ok(());
        }
        number += 1;
        let text = std::str::from_utf8(&buf).map_err(|e| {
            io(std::io::Error::other(format!(
                "line {number} is not valid UTF-8: {e}"
            )))
        })?;
        let text = text.trim_end_matches(['\n', '\r']);
        if !text.trim().is_empty() {
            f(number, text)?;
        }
    }
}

/// Calls `f(line_number, text)` for each non-blank line that starts in the
/// byte range `start..end` of a file; line numbers count from 1 at `start`.
/// Returns how many lines started in the range.
fn scan_range(
    path: &Path,
    start: u64,
    end: u64,
    mut f: impl FnMut(usize, &str),
) -> Result<usize, LoadError> {
    let io = io_error(path);
    let mut file = File::open(path).map_err(&io)?;
    let mut pos = start;
    if start > 0 {
        // Skip the end of the line that started in the previous range.
        file.seek(SeekFrom::Start(start - 1)).map_err(&io)?;
    }
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut buf = Vec::new();
    if start > 0 {
        let skipped = reader.read_until(b'\n', &mut buf).map_err(&io)?;
        pos = start - 1 + skipped as u64;
    }
    let mut number = 0;
    while pos < end {
        buf.clear();
        let read = reader.read_until(b'\n', &mut buf).map_err(&io)?;
        if read == 0 {
            break;
        }
        pos += read as u64;
        number += 1;
        let text = std::str::from_utf8(&buf).map_err(|e| {
            io(std::io::Error::other(format!(
                "a line is not valid UTF-8: {e}"
            )))
        })?;
        let text = text.trim_end_matches(['\n', '\r']);
        if !text.trim().is_empty() {
            f(number, text);
        }
    }
    Ok(number)
}

/// What one part of a file gave.
pub(super) struct Part<T, S> {
    /// The items, in file order.
    pub items: Vec<T>,
    /// The file-wide line of each item.
    pub lines: Vec<u32>,
    /// The part's own state (its problems), with lines counted from 1 at
    /// the part's start: add [`Part::offset`] for the file-wide line.
    pub state: S,
    /// How many lines of the file come before this part.
    pub offset: usize,
}

/// How many parts to read a file of `len` bytes in.
fn part_count(len: u64) -> u64 {
    if len < SPLIT_BYTES {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, MAX_PARTS)) as u64
}

/// Reads the file at `path` in parts (see the [module docs](self)), each on
/// its own thread with its own state from `state()`, calling
/// `handle(state, line, text, items)` per line. Returns the parts in file
/// order.
pub(super) fn parallel<T: Send, S: Send>(
    path: &Path,
    state: impl Fn() -> S + Sync,
    handle: impl Fn(&mut S, usize, &str, &mut Vec<T>) + Sync,
) -> Result<Vec<Part<T, S>>, LoadError> {
    let len = std::fs::metadata(path).map_err(io_error(path))?.len();
    let parts = part_count(len);
    let bounds: Vec<(u64, u64)> = (0..parts)
        .map(|i| (len * i / parts, len * (i + 1) / parts))
        .collect();
    type Read<T, S> = Result<(Vec<T>, Vec<u32>, S, usize), LoadError>;
    let results: Vec<Read<T, S>> = std::thread::scope(|scope| {
        let handles: Vec<_> = bounds
            .iter()
            .map(|&(start, end)| {
                let (state, handle) = (&state, &handle);
                scope.spawn(move || {
                    let mut s = state();
                    // Lines run to about a hundred bytes; guess low, grow once at most.
                    let guess = ((end - start) / 96) as usize;
                    let mut items = Vec::with_capacity(guess);
                    let mut lines = Vec::with_capacity(guess);
                    let count = scan_range(path, start, end, |n, text| {
                        let before = items.len();
                        handle(&mut s, n, text, &mut items);
                        lines.resize(items.len().max(before), n as u32);
                    })?;
                    Ok((items, lines, s, count))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(io_error(path)(std::io::Error::other(
                        "a reader thread panicked",
                    )))
                })
            })
            .collect()
    });
    let mut out = Vec::with_capacity(results.len());
    let mut offset = 0usize;
    for result in results {
        let (items, mut lines, state, count) = result?;
        for l in &mut lines {
            *l += offset as u32;
        }
        out.push(Part {
            items,
            lines,
            state,
            offset,
        });
        offset += count;
    }
    Ok(out)
}
