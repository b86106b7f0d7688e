//! Finding the reader of a request: an `Authorization` header (API token or
//! HTTP Basic), else the session cookie.

use super::cookies::{self, SESSION_COOKIE};
use super::{CurrentReader, SignedInReader};
use crate::accounts::Accounts;
use crate::WebError;
use axum::extract::{ConnectInfo, Request};
use axum::http::header::{AUTHORIZATION, RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use ficshelf_library::readers::User;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

/// Who [`identify`] found, or the answer to a request whose credentials
/// were refused.
pub(super) enum Identified {
    Reader(CurrentReader),
    Refused(Response),
}

/// How a sign-in with a name and password went.
pub(crate) enum PasswordSignIn {
    SignedIn(User),
    /// Wrong name or password (the two are not told apart).
    Wrong,
    /// Too many failures lately: retry after this many seconds.
    Throttled(i64),
}

/// The client's address as the listener saw it; the unspecified address
/// when the server was not started with connection info (every such
/// client then shares one count of failed sign-ins).
pub(crate) fn client_address(request: &Request) -> IpAddr {
    address_of(request.extensions().get())
}

/// The client's address, as an extractor (see [`client_address`]).
pub(crate) struct ClientAddress(pub(crate) IpAddr);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(address_of(parts.extensions.get())))
    }
}

fn address_of(info: Option<&ConnectInfo<SocketAddr>>) -> IpAddr {
    info.map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip())
}

/// Unix seconds now, for the throttle.
pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Checks `name` and `password` under the sign-in throttle: a blocked
/// attempt costs no hashing, a failure counts against the name and the
/// address, a success clears the name's count.
pub(crate) async fn sign_in_with_password(
    accounts: &Arc<Accounts>,
    name: String,
    password: String,
    address: IpAddr,
) -> Result<PasswordSignIn, WebError> {
    if let Some(wait) = accounts.throttle()?.retry_after(&name, address, now()) {
        return Ok(PasswordSignIn::Throttled(wait));
    }
    let tried = name.clone();
    let user = accounts.run(move |r| r.sign_in(&name, &password)).await?;
    let mut throttle = accounts.throttle()?;
    Ok(match user {
        Some(user) => {
            throttle.record_success(&tried);
            PasswordSignIn::SignedIn(user)
        }
        None => {
            throttle.record_failure(&tried, address, now());
            PasswordSignIn::Wrong
        }
    })
}

/// The rest of an `Authorization` header value after `scheme` and a space.
fn credentials<'a>(header: &'a str, scheme: &str) -> Option<&'a str> {
    let (given, rest) = header.trim().split_once(' ')?;
    given.eq_ignore_ascii_case(scheme).then_some(rest.trim())
}

fn signed(user: User, session: Option<String>) -> Identified {
    Identified::Reader(CurrentReader::SignedIn(Arc::new(SignedInReader {
        user,
        session,
    })))
}

fn challenge(status: StatusCode, scheme: &'static str, message: &'static str) -> Identified {
    let mut response = (status, message).into_response();
    response
        .headers_mut()
        .insert(WWW_AUTHENTICATE, HeaderValue::from_static(scheme));
    Identified::Refused(response)
}

const BASIC_CHALLENGE: &str = "Basic realm=\"Ficshelf\", charset=\"UTF-8\"";

/// The reader `request` speaks for. Wrong credentials in an
/// `Authorization` header are refused (401, or 429 while throttled) rather
/// than read as an anonymous visit, so an app learns its key is wrong.
pub(super) async fn identify(
    accounts: &Arc<Accounts>,
    headers: &HeaderMap,
    address: IpAddr,
) -> Result<Identified, WebError> {
    if let Some(header) = headers.get(AUTHORIZATION) {
        let header = header.to_str().unwrap_or_default();
        if let Some(token) = credentials(header, "Bearer") {
            let token = token.to_string();
            return Ok(
                match accounts.run(move |r| r.check_api_token(&token)).await? {
                    Some(user) => signed(user, None),
                    None => challenge(
                        StatusCode::UNAUTHORIZED,
                        "Bearer error=\"invalid_token\"",
                        "the API token is unknown or revoked",
                    ),
                },
            );
        }
        if let Some(encoded) = credentials(header, "Basic") {
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok());
            let Some((name, password)) = decoded.as_deref().and_then(|d| d.split_once(':')) else {
                return Ok(challenge(
                    StatusCode::UNAUTHORIZED,
                    BASIC_CHALLENGE,
                    "malformed credentials",
                ));
            };
            let outcome =
                sign_in_with_password(accounts, name.to_string(), password.to_string(), address)
                    .await?;
            return Ok(match outcome {
                PasswordSignIn::SignedIn(user) => signed(user, None),
                PasswordSignIn::Wrong => challenge(
                    StatusCode::UNAUTHORIZED,
                    BASIC_CHALLENGE,
                    "name or password is wrong",
                ),
                PasswordSignIn::Throttled(wait) => {
                    let mut response =
                        (StatusCode::TOO_MANY_REQUESTS, "too many failed sign-ins").into_response();
                    response
                        .headers_mut()
                        .insert(RETRY_AFTER, HeaderValue::from(wait));
                    Identified::Refused(response)
                }
            });
        }
    }
    if let Some(token) = cookies::read(headers, SESSION_COOKIE) {
        if let Some(user) = accounts.session(&token).await? {
            return Ok(signed(user, Some(token)));
        }
    }
    Ok(Identified::Reader(CurrentReader::Anonymous))
}
