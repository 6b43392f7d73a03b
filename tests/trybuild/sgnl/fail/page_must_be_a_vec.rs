// `paginate` needs each page's items as a `Vec`; a whole response object must be unpacked first.
use generated::sgnl::{types, Client};
use generated::sgnl_auth;

fn main() {
    let client = Client::new("http://localhost").unwrap();
    let _stream = sgnl_auth::paginate(100, |page| {
        let params = types::GetDocumentsTransferParams::new(uuid::Uuid::nil());
        let _ = page;
        let client = &client;
        async move { client.get_documents_transfer(&params).await }
    });
}
