// A failed token fetch is its own error variant: an exhaustive match must handle it.
use generated::runtime::Error;
use generated::sgnl::types;

fn describe(e: &Error<types::Error>) -> &'static str {
    match e {
        Error::Api(_) => "api",
        Error::InvalidRequest(_) => "invalid",
        Error::Transport(_) => "transport",
        Error::UnexpectedResponse(_) => "unexpected",
        Error::Decode { .. } => "decode",
        Error::BodyTooLarge { .. } => "too large",
        Error::Hook(_) => "hook",
    }
}

fn main() {
    let _ = describe;
}
