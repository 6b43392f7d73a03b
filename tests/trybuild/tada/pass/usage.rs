// Using the generated TADA client as a user would: log in, carry the token, call operations
// whose envelope is unwrapped, upload a file, and match on errors.
use generated::runtime::{ClientConfig, Error, FilePart, Secret};
use generated::tada::{types, Client};

fn assert_send<T: Send>(_: &T) {}
fn assert_shareable<T: Clone + Send + Sync + 'static>() {}

async fn login(client: &Client) -> Result<types::Me, Error<types::ErrorEnvelope>> {
    let sent: types::SmsLoginResult = client.sms_login(&types::SmsLoginRequest::new("+7 916 666-00-02".into())).await?;
    println!("{} digits, valid until {}", sent.code_length, sent.code_valid_until);
    let auth: types::AuthResult = client
        .sms_auth(
            &types::SmsAuthRequest::new("+79166660002".into(), "5555".into(), types::DeviceType::Android, "dev-1".into())
                .with_name("phone".into()),
        )
        .await?;
    client.set_token(Some(auth.token.into()));
    client.get_me().await
}

async fn teams(client: &Client) -> Result<(), Error<types::ErrorEnvelope>> {
    // The envelope's `result` comes back directly.
    let teams: Vec<types::Team> = client.list_teams().await?;
    for team in &teams {
        let again: types::Team = client.get_team(team.uid).await?;
        println!("{} {} {:?}", again.name, again.me.jid, again.uploads_size_limit);
    }
    let created = client.create_team(&types::TeamCreateRequest::new("new team".into())).await?;
    let form = types::UploadTeamIconForm::new(FilePart::new("logo.png", vec![0x89, b'P', b'N', b'G']).with_content_type("image/png"));
    let icons: types::Icons = client.upload_team_icon(created.uid, form).await?;
    println!("{:?} {:?}", icons.sm.map(|i| i.url), icons.stub);
    let device: types::Device = client.get_device("ABA-f923727d4093").await?;
    println!("{}", device.type_.as_str());
    let pong: String = client.get_ping().delay_sec(1).await?;
    println!("{pong}");
    Ok(())
}

async fn errors(client: &Client, uid: uuid::Uuid) {
    match client.get_team(uid).await {
        Ok(team) => println!("{}", team.name),
        Err(Error::Api(e)) => {
            let body: &types::ErrorEnvelope = &e.body;
            println!("{} {} {:?}", e.status, body.error, body.details.as_ref().and_then(|d| d.get("field")));
        }
        Err(Error::UnexpectedResponse(raw)) => println!("{} {}", raw.status, raw.text()),
        Err(Error::Decode { status, message, .. }) => println!("{status}: {message}"),
        Err(other) => println!("{other} {:?}", other.status()),
    }
    match client.get_qr_login().debug("True").await {
        Ok(types::GetQrLoginOkBody::ImagePng(png)) => println!("{} bytes", png.len()),
        Ok(types::GetQrLoginOkBody::ApplicationJson(json)) => println!("{}", json.result.url),
        Err(e) => {
            // Errors are std errors, so `?` into `Box<dyn Error>` works.
            let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(e);
            println!("{boxed}");
        }
    }
}

fn main() {
    assert_shareable::<Client>();
    let config = ClientConfig { cookie_store: true, timeout: Some(std::time::Duration::from_secs(5)), ..ClientConfig::default() };
    let client = Client::with_config(Client::DEFAULT_BASE_URL, &config).expect("client").with_token(Secret::new("t"));
    let uid = uuid::Uuid::nil();
    let futures = (login(&client), teams(&client), errors(&client, uid), client.get_team(uid));
    assert_send(&futures.0);
    assert_send(&futures.1);
    assert_send(&futures.2);
    assert_send(&futures.3);
    client.set_cookie(Some("otvauth-value".into()));
    client.set_token(None);
}
