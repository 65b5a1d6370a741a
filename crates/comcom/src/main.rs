//! The `comcom` command: see `comcom --help`.

fn main() -> std::process::ExitCode {
    comcom::cli::main()
}
