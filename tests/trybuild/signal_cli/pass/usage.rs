// Using the generated signal-cli client as a user would: build requests, call, match errors.
use generated::runtime::{ClientConfig, Error};
use generated::signal_cli_rest_api::{types, Client};

async fn run(client: &Client) -> Result<(), Error<types::ErrorResponse>> {
    let about: types::About = client.get_about().await?;
    println!("{} {:?}", about.signal_cli, about.versions);

    let groups: types::GroupList = client.list_groups("+4915100000001").await?;
    for g in &groups {
        println!("{} {:?}", g.id, g.name);
    }

    let create = types::CreateGroupRequest::new("Friends".into(), vec!["+4915100000002".into()])
        .with_description("weekend".into());
    match client.create_group("+4915100000001", &create).await {
        Ok(created) => println!("{}", created.id),
        Err(Error::Api(e)) => match &e.body {
            types::CreateGroupBadRequestError::SimpleError(s) => println!("{}: {}", e.status, s.error),
            types::CreateGroupBadRequestError::ErrorResponse(r) => println!("{}", r.message),
        },
        Err(Error::UnexpectedResponse(raw)) => println!("{} {}", raw.status, raw.text()),
        Err(other) => println!("{other}"),
    }

    // A required query parameter is a positional argument.
    let numbers = vec!["+4915100000002".to_owned()];
    let _found: Vec<types::SearchResult> = client.search_numbers(&numbers).await?;

    match client.update_profile("+4915100000001", &types::UpdateProfileRequest::new("Me".into())).await {
        Ok(()) => {}
        Err(Error::Api(e)) => match e.body {
            types::UpdateProfileError::BadRequest(_) => {}
            types::UpdateProfileError::InternalServerError(r) => println!("{}", r.description),
        },
        Err(_) => {}
    }
    let level = types::LogLevel::Debug;
    let _config = types::Configuration::new().with_logging(types::LoggingConfiguration::new().with_level(level));
    Ok(())
}

fn main() {
    let config = ClientConfig { timeout: Some(std::time::Duration::from_secs(5)), ..Default::default() };
    let client = Client::with_config("http://127.0.0.1:8080", &config).expect("client");
    let _future = run(&client);
}
