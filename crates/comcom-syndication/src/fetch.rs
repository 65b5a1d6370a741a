//! Fetching a feed politely and safely: conditional GET (`If-None-Match`,
//! `If-Modified-Since`), `Cache-Control: max-age` and `Retry-After` read
//! back, a size limit, a time limit, a bounded number of redirects, and no
//! request to a private, loopback or link-local address unless the
//! configuration allows it. Every name is resolved here and every address
//! it resolves to is checked, on the first request and after each redirect.

use std::error::Error as StdError;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use ipnet::IpNet;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::header::{self, HeaderMap};
use reqwest::redirect::Policy;
use url::Url;

/// Which non-public addresses may be fetched.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AllowPrivate {
    /// Only public addresses (the default).
    #[default]
    None,
    /// Any address (`COMCOM_FEEDS_ALLOW_PRIVATE=true`; tests, closed networks).
    All,
    /// These networks as well (`COMCOM_FEEDS_ALLOW_PRIVATE=10.0.0.0/8,127.0.0.1/32`).
    Nets(Vec<IpNet>),
}

impl AllowPrivate {
    /// Reads the configuration value: empty/`false`, `true`, or CIDRs
    /// separated by commas. `Err` names the first part that is not a network.
    pub fn parse(value: &str) -> Result<AllowPrivate, String> {
        let value = value.trim();
        match value.to_ascii_lowercase().as_str() {
            "" | "false" | "no" | "0" => return Ok(AllowPrivate::None),
            "true" | "yes" | "1" => return Ok(AllowPrivate::All),
            _ => {}
        }
        value
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|part| {
                part.parse::<IpNet>()
                    .or_else(|_| part.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| part.to_owned())
            })
            .collect::<Result<Vec<_>, _>>()
            .map(AllowPrivate::Nets)
    }

    fn allows(&self, ip: IpAddr) -> bool {
        match self {
            AllowPrivate::All => true,
            AllowPrivate::None => is_public(ip),
            AllowPrivate::Nets(nets) => is_public(ip) || nets.iter().any(|n| n.contains(&ip)),
        }
    }
}

/// Whether an address is on the public Internet (not private, loopback,
/// link-local, shared, documentation, multicast or reserved).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00 // unique local
                || (first & 0xffc0) == 0xfe80 // link-local
                || (first & 0xffc0) == 0xfec0 // site-local (deprecated)
                || first == 0x2001 && v6.segments()[1] == 0x0db8 // documentation
                || (v6.segments()[..6] == [0x64, 0xff9b, 0, 0, 0, 0] && !is_public_v4(embedded_v4(v6))))
        }
    }
}

fn embedded_v4(v6: Ipv6Addr) -> Ipv4Addr {
    let s = v6.segments();
    Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8)
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240)
}

/// The limits of one fetch.
#[derive(Debug, Clone)]
pub struct FetchPolicy {
    pub allow_private: AllowPrivate,
    pub max_bytes: usize,
    pub timeout: Duration,
    pub max_redirects: usize,
}

/// What the previous fetch said about the document, for a conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A successful fetch.
#[derive(Debug, Clone)]
pub enum Fetched {
    /// 304: the document has not changed since the validators were given.
    NotModified {
        max_age: Option<Duration>,
    },
    Document(Document),
}

/// A document and what its server said about it.
#[derive(Debug, Clone)]
pub struct Document {
    pub bytes: Vec<u8>,
    pub content_type: Option<String>,
    /// The address after redirects, against which relative links resolve.
    pub url: Url,
    pub validators: Validators,
    /// `Cache-Control: max-age`, when given.
    pub max_age: Option<Duration>,
}

/// Why a fetch failed, each with what a person needs to understand it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// Not an `http` or `https` address.
    BadUrl(String),
    /// The address is private, loopback or link-local and that is not allowed.
    Refused {
        host: String,
        ip: IpAddr,
    },
    /// The name does not resolve.
    UnknownHost(String),
    /// No connection (refused, unreachable, TLS failure).
    Connect(String),
    TimedOut,
    /// Larger than the limit, in bytes.
    TooLarge(usize),
    TooManyRedirects(usize),
    /// An HTTP error status; `retry_after` from `Retry-After` (429, 503).
    Status {
        code: u16,
        retry_after: Option<Duration>,
    },
    Other(String),
}

impl FetchError {
    /// The Fluent message explaining this error to a person.
    pub fn message_id(&self) -> &'static str {
        match self {
            FetchError::BadUrl(_) => "feed-fetch-bad-url",
            FetchError::Refused { .. } => "feed-fetch-refused",
            FetchError::UnknownHost(_) => "feed-fetch-unknown-host",
            FetchError::Connect(_) => "feed-fetch-connect",
            FetchError::TimedOut => "feed-fetch-timeout",
            FetchError::TooLarge(_) => "feed-fetch-too-large",
            FetchError::TooManyRedirects(_) => "feed-fetch-redirects",
            FetchError::Status {
                code: 404 | 410, ..
            } => "feed-fetch-gone",
            FetchError::Status { code: 429, .. } => "feed-fetch-too-many-requests",
            FetchError::Status {
                code: 500..=599, ..
            } => "feed-fetch-server-error",
            FetchError::Status { .. } => "feed-fetch-status",
            FetchError::Other(_) => "feed-fetch-other",
        }
    }

    /// The `detail` variable of the message.
    pub fn detail(&self) -> String {
        match self {
            FetchError::BadUrl(d)
            | FetchError::UnknownHost(d)
            | FetchError::Connect(d)
            | FetchError::Other(d) => d.clone(),
            FetchError::Refused { host, ip } if *host == ip.to_string() => host.clone(),
            FetchError::Refused { host, ip } => format!("{host}, {ip}"),
            FetchError::TimedOut => String::new(),
            FetchError::TooLarge(limit) | FetchError::TooManyRedirects(limit) => limit.to_string(),
            FetchError::Status { code, .. } => code.to_string(),
        }
    }

    /// Whether trying again later may succeed.
    pub fn is_temporary(&self) -> bool {
        !matches!(self, FetchError::BadUrl(_) | FetchError::Refused { .. })
    }

    /// How long the server asked us to wait.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.message_id(), self.detail())
    }
}

impl StdError for FetchError {}

/// A resolver that refuses names resolving to addresses not allowed.
struct CheckedResolver {
    allow: AllowPrivate,
}

impl Resolve for CheckedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow = self.allow.clone();
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map_err(|_| {
                    Box::new(FetchError::UnknownHost(host.clone()))
                        as Box<dyn StdError + Send + Sync>
                })?
                .collect();
            if addrs.is_empty() {
                return Err(
                    Box::new(FetchError::UnknownHost(host)) as Box<dyn StdError + Send + Sync>
                );
            }
            if let Some(bad) = addrs.iter().find(|a| !allow.allows(a.ip())) {
                return Err(Box::new(FetchError::Refused { host, ip: bad.ip() })
                    as Box<dyn StdError + Send + Sync>);
            }
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

/// An address given as an IP literal is checked here: no resolver sees it.
fn check_literal(url: &Url, allow: &AllowPrivate) -> Result<(), FetchError> {
    let ip = match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
        Some(url::Host::Domain(_)) => return Ok(()),
        None => return Err(FetchError::BadUrl(url.to_string())),
    };
    if allow.allows(ip) {
        Ok(())
    } else {
        Err(FetchError::Refused {
            host: ip.to_string(),
            ip,
        })
    }
}

/// Checks that an address is one comcom may fetch, before any request.
pub fn check_url(text: &str, allow: &AllowPrivate) -> Result<Url, FetchError> {
    let url = Url::parse(text.trim()).map_err(|_| FetchError::BadUrl(text.trim().to_owned()))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(FetchError::BadUrl(text.trim().to_owned()));
    }
    check_literal(&url, allow)?;
    Ok(url)
}

/// An HTTP client for feeds, built once and shared.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    policy: Arc<FetchPolicy>,
}

impl Fetcher {
    pub fn new(policy: FetchPolicy) -> Fetcher {
        let allow = policy.allow_private.clone();
        let max_redirects = policy.max_redirects;
        let redirect_allow = allow.clone();
        let client = reqwest::Client::builder()
            .user_agent(concat!(
                "comcom/",
                env!("CARGO_PKG_VERSION"),
                " (feed reader)"
            ))
            .no_proxy()
            .dns_resolver(Arc::new(CheckedResolver { allow }))
            .redirect(Policy::custom(move |attempt| {
                if attempt.previous().len() > max_redirects {
                    return attempt.error(FetchError::TooManyRedirects(max_redirects));
                }
                let next = attempt.url().clone();
                if !matches!(next.scheme(), "http" | "https") {
                    return attempt.error(FetchError::BadUrl(next.to_string()));
                }
                match check_literal(&next, &redirect_allow) {
                    Ok(()) => attempt.follow(),
                    Err(e) => attempt.error(e),
                }
            }))
            .connect_timeout(policy.timeout)
            .timeout(policy.timeout)
            .pool_max_idle_per_host(2)
            .build()
            .expect("the feed HTTP client can be built");
        Fetcher {
            client,
            policy: Arc::new(policy),
        }
    }

    pub fn policy(&self) -> &FetchPolicy {
        &self.policy
    }

    /// Fetches `url`, conditionally when validators are given.
    pub async fn fetch(&self, url: &str, validators: &Validators) -> Result<Fetched, FetchError> {
        let url = check_url(url, &self.policy.allow_private)?;
        match tokio::time::timeout(self.policy.timeout, self.fetch_unbounded(url, validators)).await
        {
            Ok(result) => result,
            Err(_) => Err(FetchError::TimedOut),
        }
    }

    async fn fetch_unbounded(
        &self,
        url: Url,
        validators: &Validators,
    ) -> Result<Fetched, FetchError> {
        let mut request = self.client.get(url.clone()).header(
            header::ACCEPT,
            "application/atom+xml, application/rss+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
        );
        if let Some(etag) = &validators.etag {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(since) = &validators.last_modified {
            request = request.header(header::IF_MODIFIED_SINCE, since);
        }
        let mut response = request.send().await.map_err(explain)?;
        let status = response.status();
        let headers = response.headers().clone();
        let max_age = max_age(&headers);
        if status == reqwest::StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified { max_age });
        }
        if !status.is_success() {
            return Err(FetchError::Status {
                code: status.as_u16(),
                retry_after: retry_after(&headers),
            });
        }
        let limit = self.policy.max_bytes;
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(FetchError::TooLarge(limit));
        }
        let final_url = response.url().clone();
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(explain)? {
            if bytes.len() + chunk.len() > limit {
                return Err(FetchError::TooLarge(limit));
            }
            bytes.extend_from_slice(&chunk);
        }
        let text = |name: header::HeaderName| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        Ok(Fetched::Document(Document {
            bytes,
            content_type: text(header::CONTENT_TYPE),
            url: final_url,
            validators: Validators {
                etag: text(header::ETAG),
                last_modified: text(header::LAST_MODIFIED),
            },
            max_age,
        }))
    }
}

/// A reqwest error as one of ours, looking for our own errors in its causes.
fn explain(error: reqwest::Error) -> FetchError {
    let mut source: Option<&(dyn StdError + 'static)> = Some(&error);
    while let Some(cause) = source {
        if let Some(ours) = cause.downcast_ref::<FetchError>() {
            return ours.clone();
        }
        source = cause.source();
    }
    if error.is_timeout() {
        FetchError::TimedOut
    } else if error.is_redirect() {
        FetchError::TooManyRedirects(0)
    } else if error.is_connect() {
        FetchError::Connect(innermost(&error))
    } else {
        FetchError::Other(innermost(&error))
    }
}

fn innermost(error: &(dyn StdError + 'static)) -> String {
    let mut last = error;
    while let Some(next) = last.source() {
        last = next;
    }
    last.to_string()
}

/// `Cache-Control: max-age=N`.
fn max_age(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get_all(header::CACHE_CONTROL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .find_map(|directive| {
            let (name, value) = directive.trim().split_once('=')?;
            name.trim()
                .eq_ignore_ascii_case("max-age")
                .then(|| {
                    value
                        .trim()
                        .trim_matches('"')
                        .parse()
                        .ok()
                        .map(Duration::from_secs)
                })
                .flatten()
        })
}

/// `Retry-After`: seconds, or an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_addresses_are_recognised() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["93.184.216.34", "2a01:e0a::1", "64:ff9b::5db8:d822"] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn the_allow_list_is_read_from_configuration() {
        assert_eq!(AllowPrivate::parse(""), Ok(AllowPrivate::None));
        assert_eq!(AllowPrivate::parse("true"), Ok(AllowPrivate::All));
        let nets = AllowPrivate::parse("127.0.0.1, 10.0.0.0/8").unwrap();
        assert!(nets.allows("127.0.0.1".parse().unwrap()));
        assert!(nets.allows("10.9.9.9".parse().unwrap()));
        assert!(!nets.allows("192.168.0.1".parse().unwrap()));
        assert_eq!(
            AllowPrivate::parse("10.0.0.0/8,loopback"),
            Err("loopback".to_owned())
        );
    }

    #[test]
    fn literal_addresses_are_checked_before_any_request() {
        let refused = check_url("http://127.0.0.1:8080/feed", &AllowPrivate::None);
        assert!(matches!(refused, Err(FetchError::Refused { .. })));
        let refused = check_url("http://[::1]/feed", &AllowPrivate::None);
        assert!(matches!(refused, Err(FetchError::Refused { .. })));
        assert!(check_url("ftp://example.org/feed", &AllowPrivate::None).is_err());
        assert!(check_url("http://127.0.0.1/feed", &AllowPrivate::All).is_ok());
    }
}
