// Using the generated Squadus client as a user would: log in, carry the session, call
// operations across groups, upload a file, and match on errors.
use generated::runtime::{Error, FilePart, Secret};
use generated::squadus::{types, Client};

fn assert_send<T: Send>(_: &T) {}

async fn session(client: &Client) -> Result<(), Error<types::ErrorResponse>> {
    let login = types::LoginRequest::new("ivan.petrov".into(), "secret".into()).with_code("123456".into());
    match client.login(&login).await {
        Ok(resp) => {
            let data: types::LoginData = resp.data;
            client.set_auth_token(Some(data.auth_token.into()));
            client.set_user_id(Some(data.user_id.into()));
        }
        // login documents its own errors: 401 has a different body than the rest.
        Err(Error::Api(e)) => match &e.body {
            types::LoginError2::Unauthorized(u) => println!("{}: {:?}", u.status, u.message),
            types::LoginError2::Status4xx(r) | types::LoginError2::Default(r) => println!("{:?}", r.error),
        },
        Err(other) => println!("{other}"),
    }
    let info = client.get_user_info().username("ivan.petrov").await?;
    println!("{} {:?}", info.user.id, info.user.username);
    let messages = client
        .list_channel_messages()
        .room_id("GENERAL")
        .await?;
    println!("{} of {}", messages.count, messages.total);
    // Optional query parameters are setters taking `impl Into<T>`; `send()` is the same as `.await`.
    let files = client.list_channel_files().room_id("GENERAL").offset(0).count(50).send().await?;
    println!("{}", files.files.len());
    // With the response metadata.
    let response = client.list_changelog().count(5).send_with_response().await?;
    println!("{} {:?}", response.status(), response.headers().get("content-type"));
    println!("{}", response.into_inner().total);
    let dm = client.create_direct_message(&types::CreateDirectMessageRequest::new("maria".into())).await?;
    println!("{:?}", dm.rid);
    let log = client.list_changelog().count(10).await?;
    println!("{}", log.total);
    let upload = types::UploadAutoupdateForm::new().with_file(FilePart::new("autoupdate.json", b"{}".to_vec()));
    let saved: types::Success = client.upload_autoupdate(upload).await?;
    println!("{}", saved.success);
    client.logout().await?;
    Ok(())
}

async fn failures(client: &Client) {
    let room = types::RoomIdRequest::new("GENERAL".into());
    match client.delete_channel(&room).await {
        Ok(done) => println!("{}", done.success),
        Err(Error::Api(e)) => println!("{} {:?} {:?} {:?}", e.status, e.body.error, e.body.error_type, e.body.details),
        Err(Error::UnexpectedResponse(raw)) => println!("{}", raw.text()),
        Err(e) => println!("{e} {:?}", e.status()),
    }
}

fn main() {
    // A personal access token goes in the same header, next to its owner's id.
    let client = Client::new("https://im-prod.example.com/api/v1")
        .expect("client")
        .with_auth_token(Secret::new("personal-token"))
        .with_user_id("owner-id");
    let a = session(&client);
    let b = failures(&client);
    assert_send(&a);
    assert_send(&b);
    let _clone: Client = client.clone();
}
