//! The runtime's module tree: every file under `runtime/src/` but the crate root `lib.rs`.
//!
//! The `codegen-runtime` crate includes this file as a private module and re-exports all of it;
//! with `--runtime vendored` the generator copies it into the generated crate as
//! `src/runtime/mod.rs` (the files beside it keep their paths), which is why these files need
//! nothing but published crates and reach each other by `super::` paths, never `crate::`.
//! Items marked `#[doc(hidden)]` are for generated code only and may change without notice.
//!
//! Every item is reached at the root (`codegen_runtime::Error`, `crate::runtime::Error`): the
//! modules below are private and only sort the source by concern.

mod client;
mod config;
mod decode;
mod encode;
mod error;
mod hooks;
/// Typed mock servers' machinery, for the generated `mock` modules (cargo feature `mock`).
#[cfg(feature = "mock")]
pub mod mock;
mod multipart;
mod paging;
mod response;
mod retry;
mod secret;
mod sse;
mod token;

pub use bytes::Bytes;
pub use futures_util::Stream;
pub use reqwest::header::HeaderMap;
pub use reqwest::StatusCode;

pub use client::ClientCore;
pub use config::{AuthPlacement, ClientConfig};
pub use error::{ApiError, Error, RawResponse};
pub use hooks::{Hook, HookError, Next, OperationInfo};
pub use multipart::FilePart;
pub use paging::{paginate, ItemStream, PageRequest};
pub use response::{BoxFuture, Call, FromHeaders, Response, ResponseCall};
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use sse::{Event, EventStream};
pub use token::{Token, TokenError, TokenSource};

// For generated code only: hidden from the docs, but at the root where generated code calls them.
#[doc(hidden)]
pub use decode::{
    api_error, decode_error, decode_json, decode_success, decode_text, deserialize_str_enum, envelope_failed, media_type,
    fill, fill_optional, missing_field, skip_value, unexpected, FieldName,
};
#[doc(hidden)]
pub use encode::{encode_path, header_value, param_text, prepare, query_pairs, QueryStyle};
#[doc(hidden)]
pub use multipart::{file_part, text_part};
#[doc(hidden)]
pub use paging::{next_link, paginate_numbered, paginate_pages, paginate_with, read_page, Page, Paged, ReadPage};
#[doc(hidden)]
pub use response::{into_value, typed_header};
#[doc(hidden)]
pub use sse::{event_stream, EventBody, RawEvent, SseParser};
