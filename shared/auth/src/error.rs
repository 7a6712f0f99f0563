//! Two kinds of failure: [`AuthError`] for setting up keys and signing (a fault of ours), and
//! [`TokenError`] for a caller's token that does not pass (a fault of theirs, answered 401).

/// Making, loading or using a key failed.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("the system random source failed: {0}")]
    Random(String),
    #[error("invalid key: {0}")]
    InvalidKey(String),
    #[error("signing failed: {0}")]
    Signing(String),
    #[error("invalid verifier configuration: {0}")]
    Config(String),
}

/// Why a token was refused. Each variant's [`description`](TokenError::description) is safe to
/// send back in `error_description`: it names the rule that failed, never the token itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("no bearer token")]
    Missing,
    #[error("malformed token")]
    Malformed,
    #[error("unsupported signing algorithm")]
    UnsupportedAlgorithm,
    #[error("not an access token")]
    WrongType,
    #[error("unknown signing key")]
    UnknownKey,
    #[error("bad signature")]
    BadSignature,
    #[error("token expired")]
    Expired,
    #[error("wrong issuer")]
    WrongIssuer,
    #[error("wrong audience")]
    WrongAudience,
    /// Identity's keys could not be had and none are cached: a 503, not the caller's fault.
    #[error("signing keys unavailable")]
    KeysUnavailable,
}

impl TokenError {
    /// Text for `error_description` and the problem's `detail`: plain ASCII with no quotes,
    /// so it can stand inside a quoted header parameter as it is.
    pub fn description(self) -> &'static str {
        match self {
            Self::Missing => "no bearer token was sent",
            Self::Malformed => "the token is not a well-formed access token",
            Self::UnsupportedAlgorithm => "the token is not signed with an accepted algorithm",
            Self::WrongType => "the token is not an access token",
            Self::UnknownKey => "the token names an unknown signing key",
            Self::BadSignature => "the token signature is invalid",
            Self::Expired => "the token has expired",
            Self::WrongIssuer => "the token was issued by another issuer",
            Self::WrongAudience => "the token is meant for another audience",
            Self::KeysUnavailable => "the signing keys are unavailable; try again shortly",
        }
    }

    /// Maps jsonwebtoken's verdict after our own header checks have passed.
    pub(crate) fn from_jwt(error: &jsonwebtoken::errors::Error) -> Self {
        use jsonwebtoken::errors::ErrorKind;
        match error.kind() {
            ErrorKind::InvalidSignature
            | ErrorKind::InvalidEddsaKey
            | ErrorKind::InvalidKeyFormat => Self::BadSignature,
            ErrorKind::ExpiredSignature => Self::Expired,
            ErrorKind::InvalidIssuer => Self::WrongIssuer,
            ErrorKind::InvalidAudience => Self::WrongAudience,
            ErrorKind::InvalidAlgorithm
            | ErrorKind::UnsupportedAlgorithm
            | ErrorKind::MissingAlgorithm
            | ErrorKind::InvalidAlgorithmName => Self::UnsupportedAlgorithm,
            _ => Self::Malformed,
        }
    }
}
