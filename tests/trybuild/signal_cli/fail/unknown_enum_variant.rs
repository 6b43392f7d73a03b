use generated::signal_cli_rest_api::types;

fn main() {
    // The spec lists CRITICAL/ERROR/WARNING/INFO/DEBUG only.
    let _level = types::LogLevel::Verbose;
}
