use generated::tada::types;

fn main() {
    // `contacts` holds typed contacts, not phone strings; `name` is a String, not a number.
    let _req = types::TeamCreateRequest { name: 42, contacts: Some(vec!["+79166660002".to_owned()]) };
}
