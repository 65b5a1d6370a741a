//! comcom's integration tests: the real server on loopback, the real binary,
//! a fresh database per test, on SQLite or PostgreSQL (`COMCOM_TEST_DB`).

mod accessibility;
mod accounts;
mod api;
mod article_files;
mod articles;
mod backup;
mod catalogue_data;
mod cli;
mod concurrency;
mod discussions;
mod documents;
mod feed_freshness;
mod feeds;
mod group_work;
mod helpers;
mod import;
mod jobs;
mod letters;
mod letters_audience;
mod meetings;
mod members;
mod notifications;
mod outbox;
mod portal;
mod privacy;
mod routing;
mod search;
mod seed;
mod spaces;
mod syndication_in;
mod syndication_out;
