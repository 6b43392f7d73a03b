//! Stage 5, format — tokens → pretty Rust source with prettyplease.
//!
//! A big spec's module is formatted in chunks of items, on all cores: prettyplease formats items
//! independently, so the chunks' texts joined are byte for byte the text of the whole, and peak
//! memory stays at a chunk's syntax tree rather than the whole module's.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use proc_macro2::TokenStream;

use crate::emit::Block;
use crate::ir::Api;

/// Items per chunk: big enough that a chunk's wrapper costs nothing, small enough to share out.
const CHUNK_ITEMS: usize = 48;

/// Formats a token stream of items. An error here means the emitter produced invalid Rust:
/// a bug in this crate, reported as text rather than a panic.
pub fn format(tokens: TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("generated code does not parse: {e}"))?;
    // prettyplease prints `#[doc = "…"]` as `///` or `/** */` comments, copying the text as it
    // is, and rustc rejects a bare CR in a doc comment. Literals escape CR, so a raw one can only
    // sit in such a comment (its text comes from spec names and descriptions): make it a space.
    Ok(prettyplease::unparse(&file).replace('\r', " "))
}

/// Emits and formats the blocks of an API module, in parallel chunks; the same text as
/// `format(emit::api_module(api))`.
pub fn format_blocks(api: &Api, blocks: &[Block]) -> Result<String, String> {
    format_blocks_with(api, blocks, &|tokens| tokens)
}

/// [`format_blocks`], with each chunk's tokens passed through `rewrite` before formatting (see
/// [`crate::emit::Embedding`]).
pub fn format_blocks_with(api: &Api, blocks: &[Block], rewrite: &(dyn Fn(TokenStream) -> TokenStream + Sync)) -> Result<String, String> {
    // Every chunk: (block, item range, index of the chunk within its block, chunks in the block).
    let mut chunks: Vec<(usize, Range<usize>, usize, usize)> = Vec::new();
    for (b, block) in blocks.iter().enumerate() {
        let n = block.len().div_ceil(CHUNK_ITEMS).max(1);
        for i in 0..n {
            let range = i * CHUNK_ITEMS..((i + 1) * CHUNK_ITEMS).min(block.len());
            chunks.push((b, range, i, n));
        }
    }
    // Inside a proc macro (`generate_api!`) tokens are the compiler's, usable on its thread only.
    let threads = if crate::stack::inside_proc_macro() { 1 } else { std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8) };
    let threads = threads.min(chunks.len());
    let next = AtomicUsize::new(0);
    let texts: Mutex<Vec<Option<Result<String, String>>>> = Mutex::new(vec![None; chunks.len()]);
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some((b, range, index, count)) = chunks.get(i).cloned() else { break };
        let block = &blocks[b];
        let text = format(rewrite(block.tokens(api, range))).map(|t| body_of_chunk(&t, block.opening_line(), index, count));
        if let Ok(mut texts) = texts.lock() {
            texts[i] = Some(text);
        }
    };
    if threads <= 1 {
        work();
    } else {
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(work);
            }
        });
    }
    let texts = texts.into_inner().map_err(|_| "a formatting thread panicked".to_owned())?;
    let mut out = String::new();
    for t in texts {
        out.push_str(&t.ok_or("a chunk was not formatted")??);
    }
    Ok(out)
}

/// The part of a formatted chunk that belongs in the joined text: a chunk after the first loses
/// the wrapper's head (through `opening`), and a chunk before the last its closing `}` line. A
/// chunk whose items all came out empty formats as `<opening>}` on one line.
fn body_of_chunk(text: &str, opening: &str, index: usize, count: usize) -> String {
    let empty = format!("{opening}}}");
    let mut lines: Vec<&str> = text.lines().collect();
    let last = index + 1 == count;
    if index > 0 {
        if let Some(at) = lines.iter().position(|l| *l == opening) {
            lines.drain(..=at);
        } else if let Some(at) = lines.iter().position(|l| *l == empty) {
            lines.drain(..=at);
            if last {
                lines.insert(0, "}");
            }
        }
    }
    if !last {
        match lines.last() {
            Some(&"}") => {
                lines.pop();
            }
            Some(l) if *l == empty => {
                lines.pop();
                lines.push(opening);
            }
            _ => {}
        }
    }
    let mut out = lines.join("\n");
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::body_of_chunk;

    #[test]
    fn chunks_join_into_one_block() {
        let open = "pub mod types {";
        let first = body_of_chunk("/// Doc.\npub mod types {\n    pub struct A;\n}\n", open, 0, 3);
        let empty = body_of_chunk("pub mod types {}\n", open, 1, 3);
        let last = body_of_chunk("pub mod types {\n    pub struct B;\n}\n", open, 2, 3);
        assert_eq!(format!("{first}{empty}{last}"), "/// Doc.\npub mod types {\n    pub struct A;\n    pub struct B;\n}\n");
        let first_empty = body_of_chunk("/// Doc.\npub mod types {}\n", open, 0, 2);
        let last_empty = body_of_chunk("pub mod types {}\n", open, 1, 2);
        assert_eq!(format!("{first_empty}{last_empty}"), "/// Doc.\npub mod types {\n}\n");
    }
}
