//! Following a next-page link (a `Link` header's `rel="next"`): the request goes to the URL as
//! given, but only on the client's own origin. A link to another origin (scheme, host, port) is
//! not followed: the request would carry the client's credentials, set by the client or as
//! default headers of its HTTP client, to a server they were not meant for. The stream ends
//! with an error instead, which says where the link pointed.

use super::super::Error;
use super::ClientCore;

impl ClientCore {
    /// Starts a `GET` of a next-page link: relative links are resolved against the base URL;
    /// a link on another origin than the base URL is an [`Error::InvalidRequest`], and nothing
    /// is sent.
    #[doc(hidden)]
    pub fn follow_link<E>(&self, link: &str) -> Result<reqwest::RequestBuilder, Error<E>> {
        let base = reqwest::Url::parse(&format!("{}/", self.base_url))
            .map_err(|e| Error::InvalidRequest(format!("the base URL {} is not a URL: {e}", self.base_url)))?;
        let url = base
            .join(link)
            .map_err(|e| Error::InvalidRequest(format!("the next-page link {link} is not a URL: {e}")))?;
        if url.origin() != base.origin() {
            return Err(Error::InvalidRequest(format!(
                "the next-page link {url} is on another origin than the client's base URL {}; \
                 it is not followed, so that the client's credentials are not sent there",
                self.base_url
            )));
        }
        Ok(self.http.get(url))
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::Error;
    use super::ClientCore;

    fn core() -> ClientCore {
        ClientCore::with_http_client("https://api.test:8443/v1", reqwest::Client::new(), 1024)
    }

    fn followed(link: &str) -> Result<String, String> {
        match core().follow_link::<()>(link) {
            Ok(r) => Ok(r.build().expect("a request").url().to_string()),
            Err(Error::InvalidRequest(m)) => Err(m),
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn a_link_on_the_same_origin_is_followed_as_given() {
        let link = "https://api.test:8443/v1/things?page=2&per_page=5";
        assert_eq!(followed(link).as_deref(), Ok(link));
        assert_eq!(followed("/v2/things?page=3").as_deref(), Ok("https://api.test:8443/v2/things?page=3"));
        assert_eq!(followed("things?page=3").as_deref(), Ok("https://api.test:8443/v1/things?page=3"));
    }

    #[test]
    fn a_link_on_another_scheme_host_or_port_is_an_error() {
        for link in ["http://api.test:8443/v1/things", "https://evil.test:8443/v1/things", "https://api.test/v1/things", "//evil.test/x"] {
            let message = followed(link).expect_err(link);
            assert!(message.contains("another origin"), "{message}");
        }
        assert!(followed("https://[::1").expect_err("bad").contains("is not a URL"));
    }
}
