//! The `comcom` program: a command line whose subcommands set up territories
//! and serve the web application.

pub mod cli;
mod commands;
pub mod config;
mod failure;
mod letter_sender;
mod logging;
pub mod syndication;
pub mod worker;

pub use failure::Failure;
