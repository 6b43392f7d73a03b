use generated::tada::types;

fn main() {
    // `code` is required: it cannot be left out of a literal...
    let _literal = types::SmsCookieAuthRequest { phone: "+79166660002".to_owned() };
    // ...nor out of `new`.
    let _built = types::SmsCookieAuthRequest::new("+79166660002".to_owned());
}
