//! The translations are compiled into the crate: rebuild it whenever a file
//! under `locales/` changes, is added or removed.

fn main() {
    println!("cargo:rerun-if-changed=locales");
}
