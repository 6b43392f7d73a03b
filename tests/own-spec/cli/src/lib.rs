//! A crate of a user of the generator: it depends on `notes-client`, the crate `codegen generate`
//! wrote from `notes.yaml` (committed, and checked fresh by `codegen generate --check`).

use notes_client::{runtime, Client};

/// The titles of the newest `limit` notes.
pub async fn newest_titles(client: &Client, limit: i64) -> Result<Vec<String>, runtime::Error<std::convert::Infallible>> {
    let notes = client.list_notes().limit(limit).await?;
    Ok(notes.into_iter().map(|n| n.title).collect())
}
