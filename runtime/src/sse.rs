//! Server-sent events: the [`EventStream`] an event-stream operation returns, fed by an
//! incremental parser of the `text/event-stream` format (`SseParser`).

use std::fmt;

use super::error::snippet;
use super::decode::{decode_json, unexpected};
use super::{Error, RawResponse, StatusCode};

/// One server-sent event, its `data` decoded into the operation's event type.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The `event:` field (the event type), if the server sent one.
    pub event: Option<String>,
    /// The last `id:` the stream set (it carries over to later events, as the spec says).
    pub id: Option<String>,
    /// The `retry:` reconnection time the server asked for, in milliseconds.
    pub retry: Option<u64>,
    /// The decoded `data:` lines (joined with `\n`).
    pub data: T,
}

/// The events of a `text/event-stream` answer, decoded as they arrive.
///
/// A `Stream` of `Result<Event<T>, Error<()>>` (the status was a success, so no item is a
/// documented API error): an event whose `data` does not decode is an [`Error::Decode`] item and
/// the stream goes on; a transport failure is an item and ends it.
/// Comments (`:` lines) and events without data are skipped. A `data: [DONE]` event (the
/// sentinel OpenAI-style APIs close their streams with) ends the stream.
pub struct EventStream<T> {
    inner: BoxStream<Result<Event<T>, Error<()>>>,
}

type BoxStream<I> = std::pin::Pin<Box<dyn futures_util::Stream<Item = I> + Send>>;

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EventStream { .. }")
    }
}

impl<T> futures_util::Stream for EventStream<T> {
    type Item = Result<Event<T>, Error<()>>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

#[doc(hidden)]
/// The unread body of a `text/event-stream` answer.
pub struct EventBody {
    pub(super) response: reqwest::Response,
    pub(super) limit: usize,
}

impl fmt::Debug for EventBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EventBody { .. }")
    }
}

#[doc(hidden)]
/// The events of a streamed answer; without one (the answer was read whole, so it was not an
/// event stream) the answer is unexpected.
pub fn event_stream<T: serde::de::DeserializeOwned + Send + 'static, E>(
    raw: &RawResponse,
    body: Option<EventBody>,
) -> Result<EventStream<T>, Error<E>> {
    match body {
        Some(b) => Ok(EventStream::new(b.response, raw.status, b.limit)),
        None => Err(unexpected(raw.clone())),
    }
}

impl<T: serde::de::DeserializeOwned + Send + 'static> EventStream<T> {
    fn new(body: reqwest::Response, status: StatusCode, limit: usize) -> Self {
        struct State {
            body: Option<reqwest::Response>,
            parser: SseParser,
            ready: std::collections::VecDeque<RawEvent>,
        }
        let state = State {
            body: Some(body),
            parser: SseParser::default(),
            ready: Default::default(),
        };
        let inner = futures_util::stream::unfold(state, move |mut st| async move {
            loop {
                if let Some(raw) = st.ready.pop_front() {
                    if raw.data == "[DONE]" {
                        return None;
                    }
                    let item = decode_json::<T>(raw.data.as_bytes())
                        .map(|data| Event {
                            event: raw.event,
                            id: raw.id,
                            retry: raw.retry,
                            data,
                        })
                        .map_err(|message| Error::Decode {
                            status,
                            message,
                            snippet: snippet(raw.data.as_bytes()),
                        });
                    return Some((item, st));
                }
                let body = st.body.as_mut()?;
                match body.chunk().await {
                    Ok(Some(chunk)) => {
                        st.ready.extend(st.parser.feed(&chunk));
                        if st.parser.pending() > limit {
                            st.body = None;
                            return Some((Err(Error::BodyTooLarge { limit }), st));
                        }
                    }
                    Ok(None) => {
                        st.body = None;
                        st.ready.extend(st.parser.finish());
                        if st.ready.is_empty() {
                            return None;
                        }
                    }
                    Err(e) => {
                        st.body = None;
                        return Some((Err(Error::from(e)), st));
                    }
                }
            }
        });
        EventStream {
            inner: Box::pin(inner),
        }
    }
}

#[doc(hidden)]
/// An event as the `text/event-stream` format delivers it, before its data is decoded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawEvent {
    /// `event:`.
    pub event: Option<String>,
    /// The stream's last event id.
    pub id: Option<String>,
    /// `retry:` in milliseconds.
    pub retry: Option<u64>,
    /// The `data:` lines, joined with `\n`.
    pub data: String,
}

#[doc(hidden)]
/// The event-stream parser of the HTML standard (§9.2.6), fed bytes as they arrive.
#[derive(Debug, Default)]
pub struct SseParser {
    line: Vec<u8>,
    /// The previous chunk ended in CR: a LF starting the next one belongs to that line break.
    after_cr: bool,
    data: Option<String>,
    event: Option<String>,
    retry: Option<u64>,
    last_id: Option<String>,
}

impl SseParser {
    /// Bytes held for an unfinished line or event.
    pub fn pending(&self) -> usize {
        self.line.len() + self.data.as_ref().map_or(0, String::len)
    }

    /// The events completed by `chunk`.
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<RawEvent> {
        let mut out = Vec::new();
        for &b in chunk {
            if std::mem::take(&mut self.after_cr) && b == b'\n' {
                continue;
            }
            match b {
                b'\n' | b'\r' => {
                    self.after_cr = b == b'\r';
                    let line = std::mem::take(&mut self.line);
                    if let Some(event) = self.line_done(&line) {
                        out.push(event);
                    }
                }
                _ => self.line.push(b),
            }
        }
        out
    }

    /// At the end of the body: an unterminated event is dropped, as the standard says.
    pub fn finish(&mut self) -> Vec<RawEvent> {
        self.line.clear();
        self.data = None;
        Vec::new()
    }

    fn line_done(&mut self, line: &[u8]) -> Option<RawEvent> {
        if line.is_empty() {
            let data = self.data.take();
            let event = self.event.take();
            let retry = self.retry.take();
            return data.map(|data| RawEvent {
                event,
                id: self.last_id.clone(),
                retry,
                data,
            });
        }
        if line[0] == b':' {
            return None;
        }
        let text = String::from_utf8_lossy(line);
        let (field, value) = match text.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (text.as_ref(), ""),
        };
        match field {
            "data" => match &mut self.data {
                Some(d) => {
                    d.push('\n');
                    d.push_str(value);
                }
                None => self.data = Some(value.to_owned()),
            },
            "event" => self.event = Some(value.to_owned()),
            "id" if !value.contains('\0') => self.last_id = Some(value.to_owned()),
            "retry" => self.retry = value.parse().ok().or(self.retry),
            _ => {}
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Bytes, Error, HeaderMap, RawResponse, StatusCode};
    use super::{event_stream, RawEvent, SseParser};

    fn parse_in_pieces(text: &[u8], piece: usize) -> Vec<RawEvent> {
        let mut parser = SseParser::default();
        let mut out = Vec::new();
        for chunk in text.chunks(piece) {
            out.extend(parser.feed(chunk));
        }
        out.extend(parser.finish());
        out
    }

    #[test]
    fn events_are_the_same_however_the_bytes_are_split() {
        let text = b": hi\r\nevent: a\r\ndata: 1\r\ndata: 2\r\nid: 7\r\n\r\ndata:x\rretry: 50\r\r\ndata: tail without a blank line";
        let expected = vec![
            RawEvent { event: Some("a".into()), id: Some("7".into()), retry: None, data: "1\n2".into() },
            RawEvent { event: None, id: Some("7".into()), retry: Some(50), data: "x".into() },
        ];
        for piece in 1..=text.len() {
            assert_eq!(parse_in_pieces(text, piece), expected, "pieces of {piece} bytes");
        }
    }

    #[test]
    fn a_field_without_colon_and_an_event_without_data_are_handled() {
        let events = parse_in_pieces(b"data\n\nevent: empty\n\nid: 1\0\ndata: y\n\n", 4);
        // `data` alone is an empty data line; an event without data is not dispatched; an id
        // with NUL is ignored.
        assert_eq!(events, vec![RawEvent { data: String::new(), ..RawEvent::default() }, RawEvent { data: "y".into(), ..RawEvent::default() }]);
    }

    #[test]
    fn one_leading_space_is_stripped_and_unknown_or_bad_fields_are_ignored() {
        let events = parse_in_pieces(b"data:  two\nretry: soon\nfoo: bar\n\nretry: 10\ndata: a\n\ndata: b\n\n", 3);
        let data = |d: &str, retry| RawEvent { data: d.into(), retry, ..RawEvent::default() };
        // `retry` belongs to the event it came with.
        assert_eq!(events, vec![data(" two", None), data("a", Some(10)), data("b", None)]);
    }

    #[test]
    fn the_last_id_carries_over_until_another_id_line() {
        let events = parse_in_pieces(b"id: 5\ndata: a\n\ndata: b\n\nid\ndata: c\n\n", 2);
        let ids: Vec<Option<&str>> = events.iter().map(|e| e.id.as_deref()).collect();
        assert_eq!(ids, [Some("5"), Some("5"), Some("")]);
    }

    #[test]
    fn pending_counts_the_unfinished_line_and_data() {
        let mut parser = SseParser::default();
        assert!(parser.feed(b"data: abc\ndata: de").is_empty());
        // "abc" held as data, "data: de" as the unfinished line.
        assert_eq!(parser.pending(), 3 + 8);
        assert_eq!(parser.feed(b"\n\n").len(), 1);
        assert_eq!(parser.pending(), 0);
    }

    #[test]
    fn an_answer_read_whole_is_not_an_event_stream() {
        let raw = RawResponse { status: StatusCode::OK, headers: HeaderMap::new(), body: Bytes::from_static(b"{}") };
        match event_stream::<u8, ()>(&raw, None) {
            Err(Error::UnexpectedResponse(r)) => assert_eq!((r.status, r.text()), (StatusCode::OK, "{}".to_owned())),
            other => panic!("{other:?}"),
        }
    }
}
