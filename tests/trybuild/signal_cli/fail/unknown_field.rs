use generated::signal_cli_rest_api::types;

fn show(about: &types::About) {
    // `About` has mode, versions and signal_cli: no `build`.
    println!("{}", about.build);
}

fn main() {
    let _ = show;
}
