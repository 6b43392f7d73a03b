// Only operations marked `x-pagination` stream their items: `getDocumentsTransfer` returns one
// object, so its builder has no `into_stream`.
use generated::sgnl::Client;

fn main() {
    let client = Client::new("http://localhost").unwrap();
    let _stream = client.get_documents_transfer(uuid::Uuid::nil()).into_stream();
}
