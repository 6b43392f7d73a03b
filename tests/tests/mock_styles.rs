//! The generated `mock` module on what our four specs do not have: every paging style the
//! client streams (`then.pages`, read back whole by the client's own `into_stream()`) and
//! declared response headers (typed `then` setters, read back by the client's typed headers)
//! and named event-stream events (read back by the client's `EventStream`). The
//! clients are generated from `tests/fixtures/*.yaml` by `tests/build.rs`, with their `mock`
//! module compiled in (`<fixture>_mock.rs`).

use futures_util::TryStreamExt;

/// What the generated code reaches as `crate::runtime`.
pub use generated::runtime;

#[allow(clippy::all, dead_code)]
mod paging {
    include!(concat!(env!("OUT_DIR"), "/paging_mock.rs"));
}

#[allow(clippy::all, dead_code)]
mod client_api {
    include!(concat!(env!("OUT_DIR"), "/client_api_mock.rs"));
}

mod pages {
    use super::paging::{mock, types};
    use super::*;

    fn items(n: usize) -> Vec<types::Item> {
        (0..n).map(|i| types::Item::new(format!("i{i}"))).collect()
    }

    /// Every item the stream yields, or the error.
    async fn streamed<T, E: std::fmt::Debug>(stream: impl futures_util::Stream<Item = Result<T, runtime::Error<E>>>) -> Vec<T> {
        stream.try_collect().await.unwrap_or_else(|e| panic!("the stream failed: {e:?}"))
    }

    /// The number of requests the mock got for `op`, after checking each was allowed.
    async fn requests<B: serde::de::DeserializeOwned>(server: &mock::MockServer, op: &runtime::mock::Op<B>) -> usize {
        server.verify().await;
        server.received(op).await.len()
    }

    /// For a few list lengths (none, less than a page, whole pages, a short last page): a
    /// stub whose `when` wants the filter every page keeps, every item served, and the
    /// client's stream yields each exactly once, in order, in `pages` requests.
    #[tokio::test]
    async fn every_style_serves_every_item_once_in_order_to_the_clients_stream() {
        for n in [0, 1, 4, 5] {
            let all = items(n);
            // Two a page: the size the client sets (the mock reads it from the request).
            let full = n.div_ceil(2).max(1);
            // Styles that stop at a short page ask once more after whole pages.
            let short = n / 2 + 1;

            let server = mock::MockServer::start().await;
            server.list_linked(|when, then| {
                when.q("kept");
                then.pages(&all);
            })
            .await;
            server.list_numbered(|when, then| {
                when.q("kept");
                then.pages(&all);
            })
            .await;
            server.list_stripe(|when, then| {
                when.q("kept");
                then.pages(&all);
            })
            .await;
            server.list_openai(|when, then| {
                when.q("kept");
                then.pages(&all);
            })
            .await;
            server.list_tokens(|when, then| {
                when.q("kept");
                then.pages(&all);
            })
            .await;
            server.list_offset(|when, then| {
                when.q("kept");
                then.pages(&all);
            })
            .await;
            let client = server.client();

            let linked = streamed(client.list_linked().q("kept").per_page(2).into_stream()).await;
            assert_eq!((linked, requests(&server, &mock::LIST_LINKED).await), (all.clone(), full), "Link header, {n} items");
            let numbered = streamed(client.list_numbered().q("kept").per_page(2).into_stream()).await;
            assert_eq!((numbered, requests(&server, &mock::LIST_NUMBERED).await), (all.clone(), short), "page numbers, {n} items");
            let stripe = streamed(client.list_stripe().q("kept").limit(2).into_stream()).await;
            assert_eq!((stripe, requests(&server, &mock::LIST_STRIPE).await), (all.clone(), full), "starting_after, {n} items");
            let openai = streamed(client.list_openai().q("kept").limit(2).into_stream()).await;
            assert_eq!((openai, requests(&server, &mock::LIST_OPENAI).await), (all.clone(), full), "after/last_id, {n} items");
            let tokens = streamed(client.list_tokens().q("kept").page_size(2).into_stream()).await;
            assert_eq!((tokens, requests(&server, &mock::LIST_TOKENS).await), (all.clone(), full), "page token, {n} items");
            let offset = streamed(client.list_offset().q("kept").limit(2).into_stream()).await;
            // With a total, the stream stops when it is reached.
            assert_eq!((offset, requests(&server, &mock::LIST_OFFSET).await), (all.clone(), full), "limit/offset, {n} items");
        }
    }

    /// A style with no page-size parameter (a cursor `x-pagination` names) pages by the
    /// mock's own size, ten.
    #[tokio::test]
    async fn a_list_without_a_size_parameter_is_served_ten_a_page() {
        let all = items(23);
        let server = mock::MockServer::start().await;
        server.list_explicit(|_, then| {
            then.pages(&all);
        })
        .await;
        let streamed = streamed(server.client().list_explicit().into_stream()).await;
        assert_eq!((streamed, requests(&server, &mock::LIST_EXPLICIT).await), (all, 3));
    }

    /// What each style's pages say on the wire, read by hand: the cursor fields, `has_more` and
    /// the `Link` header a real API sends.
    #[tokio::test]
    async fn pages_carry_the_styles_next_page_fields() {
        let all = items(3);
        let server = mock::MockServer::start().await;
        server.list_openai(|_, then| {
            then.pages(&all);
        })
        .await;
        server.list_linked(|_, then| {
            then.pages(&all);
        })
        .await;
        // The fixture's operations need its `x-api-key` header.
        let mut key = reqwest::header::HeaderMap::new();
        key.insert("x-api-key", reqwest::header::HeaderValue::from_static("k"));
        let http = reqwest::Client::builder().default_headers(key).build().unwrap();
        let page: serde_json::Value = http.get(format!("{}/openai?limit=2", server.url())).send().await.unwrap().json().await.unwrap();
        assert_eq!(page, serde_json::json!({"data": [{"id": "i0"}, {"id": "i1"}], "first_id": "i0", "last_id": "i1", "has_more": true}));
        let page: serde_json::Value = http.get(format!("{}/openai?after=i1", server.url())).send().await.unwrap().json().await.unwrap();
        assert_eq!(page, serde_json::json!({"data": [{"id": "i2"}], "first_id": "i2", "last_id": "i2", "has_more": false}));
        let first = http.get(format!("{}/linked?per_page=2", server.url())).send().await.unwrap();
        let link = first.headers().get("link").and_then(|l| l.to_str().ok()).map(str::to_owned);
        assert_eq!(link, Some(format!("<{}/linked?per_page=2&page=2>; rel=\"next\"", server.url())));
        let last = http.get(format!("{}/linked?per_page=2&page=2", server.url())).send().await.unwrap();
        assert!(last.headers().get("link").is_none(), "the last page links nothing");
        server.verify().await;
    }
}

mod headers {
    use super::client_api::{mock, types};

    fn page() -> types::ListItemsOk {
        types::ListItemsOk::new(vec![types::Item::new(1, "one".into())], 1)
    }

    /// `then.<header>(value)` in the header's type, read back by `typed_headers()`; the
    /// required `X-Request-Id` the test did not set is the spec's example.
    #[tokio::test]
    async fn declared_headers_are_set_in_their_types_and_required_ones_get_the_example() {
        let server = mock::MockServer::start().await;
        server.list_items(|when, then| {
            when.folder_id("set");
            then.ok(&page()).x_rate_limit_remaining(41);
        })
        .await;
        server.list_items(|when, then| {
            when.folder_id("both");
            then.x_request_id("req-7").x_rate_limit_remaining(0_i64).ok(&page());
        })
        .await;
        let client = server.client();
        let response = client.list_items("set", &types::Kind::File, "t").send_with_response().await.expect("decodes");
        let typed: &types::ListItemsHeaders = response.typed_headers();
        assert_eq!((typed.x_rate_limit_remaining, typed.x_request_id.as_deref()), (Some(41), Some("req-1")));
        assert_eq!(response.into_inner(), page());

        let response = client.list_items("both", &types::Kind::File, "t").send_with_response().await.expect("decodes");
        assert_eq!(response.headers().get_all("x-request-id").iter().count(), 1, "the test's value replaces the placeholder");
        let typed = response.typed_headers();
        assert_eq!((typed.x_rate_limit_remaining, typed.x_request_id.as_deref()), (Some(0), Some("req-7")));
        server.verify().await;
    }

    /// Required headers are those of the success responses: an error answer gets none.
    #[tokio::test]
    async fn an_error_answer_gets_no_placeholder_headers() {
        let server = mock::MockServer::start().await;
        server.list_items(|_, then| {
            then.not_found(&types::Problem::default());
        })
        .await;
        let raw = reqwest::Client::new()
            .get(format!("{}/folders/f/items?kind=file", server.url()))
            .header("X-Tenant", "t")
            .send()
            .await
            .expect("sent");
        assert_eq!(raw.status().as_u16(), 404);
        assert!(raw.headers().get("x-request-id").is_none());
        server.verify().await;
    }
}

mod events {
    use super::client_api::{mock, types};
    use super::runtime::Event;
    use futures_util::TryStreamExt;

    fn change(item: i64) -> types::Change {
        types::Change::new(item)
    }

    /// `then.ok(&[Event { event, id, .. }])` names the events; `then.ok(&[data])` still sends
    /// data alone. The client's stream yields them in its own `Event`s.
    #[tokio::test]
    async fn an_event_stream_answer_takes_named_events_with_ids_or_data_alone() {
        let server = mock::MockServer::start().await;
        let named = [
            Event { event: Some("created".into()), id: Some("1".into()), retry: None, data: change(1) },
            Event { event: Some("deleted".into()), id: Some("2".into()), retry: Some(1000), data: change(2) },
            Event { event: None, id: None, retry: None, data: change(3) },
        ];
        server.watch_events(|when, then| {
            when.since("0");
            then.ok(&named);
        })
        .await;
        server.watch_events(|_, then| {
            then.ok(&[change(4), change(5)]);
        })
        .await;
        let client = server.client();
        let got: Vec<Event<types::Change>> = client.watch_events().since("0").await.expect("opens").try_collect().await.expect("decodes");
        // The last id carries over to the event that sets none, as the format says.
        let third = Event { id: Some("2".into()), ..named[2].clone() };
        assert_eq!(got, [named[0].clone(), named[1].clone(), third]);
        let plain: Vec<Event<types::Change>> = client.watch_events().await.expect("opens").try_collect().await.expect("decodes");
        let data: Vec<(Option<String>, Option<String>, i64)> = plain.into_iter().map(|e| (e.event, e.id, e.data.item)).collect();
        assert_eq!(data, [(None, None, 4), (None, None, 5)]);
        server.verify().await;
    }
}
