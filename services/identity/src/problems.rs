//! Every problem kind identity answers with besides the shared catalogue
//! (`lt_http::kinds`), and when to use which. Codes are part of the API: never change one.
//!
//! | kind | status | when |
//! |---|---|---|
//! | [`INVALID_CREDENTIALS`] | 401 | sign-in with an unknown user, a wrong password or a deactivated person (never saying which) |
//! | [`PASSWORD_CHANGE_REQUIRED`] | 403 | sign-in with a password an admin set or reset: change it first |
//! | [`TOO_MANY_ATTEMPTS`] | 429 | sign-in while the account or the client address is locked out (with `Retry-After`) |
//! | [`INVALID_REQUEST`] | 400 | token endpoint: a parameter missing, repeated or malformed (RFC 6749 §5.2) |
//! | [`INVALID_GRANT`] | 400 | token endpoint: a refresh token or OA assertion that is unknown, expired, reused or revoked |
//! | [`INVALID_CLIENT`] | 401 | token endpoint: client authentication failed |
//! | [`UNSUPPORTED_GRANT_TYPE`] | 400 | token endpoint: a grant type identity does not offer |
//! | [`INVALID_SCOPE`] | 400 | token endpoint: a scope the client was not granted |
//! | [`ORG_UNIT_NOT_EMPTY`] | 409 | deleting an org unit that still has sub-units or members |
//! | [`ORG_UNIT_CYCLE`] | 422 | re-parenting an org unit under itself or one of its descendants |
//!
//! A field naming a record that does not exist is the shared `unknown_reference` (409,
//! `lt_http::validation::unknown_reference`); a record the caller may not see is `not_found`.

use lt_http::ProblemKind;

pub const INVALID_CREDENTIALS: ProblemKind = ProblemKind::new(
    "invalid_credentials",
    401,
    "用户名或密码错误",
    "Wrong username or password",
);
pub const PASSWORD_CHANGE_REQUIRED: ProblemKind = ProblemKind::new(
    "password_change_required",
    403,
    "请先修改密码",
    "Change your password first (POST /api/v1/auth/password)",
);
pub const TOO_MANY_ATTEMPTS: ProblemKind = ProblemKind::new(
    "too_many_attempts",
    429,
    "登录失败次数过多，请稍后再试",
    "Too many failed sign-ins; try later",
);
pub const INVALID_REQUEST: ProblemKind = ProblemKind::new(
    "invalid_request",
    400,
    "令牌请求无效",
    "Invalid token request",
);
pub const INVALID_GRANT: ProblemKind = ProblemKind::new(
    "invalid_grant",
    400,
    "授权凭据无效或已失效",
    "Invalid or expired grant",
);
pub const INVALID_CLIENT: ProblemKind = ProblemKind::new(
    "invalid_client",
    401,
    "客户端认证失败",
    "Client authentication failed",
);
pub const UNSUPPORTED_GRANT_TYPE: ProblemKind = ProblemKind::new(
    "unsupported_grant_type",
    400,
    "不支持的授权类型",
    "Unsupported grant type",
);
pub const INVALID_SCOPE: ProblemKind =
    ProblemKind::new("invalid_scope", 400, "请求的权限范围无效", "Invalid scope");
pub const ORG_UNIT_NOT_EMPTY: ProblemKind = ProblemKind::new(
    "org_unit_not_empty",
    409,
    "该组织仍有下级或人员",
    "The unit still has sub-units or members",
);
pub const ORG_UNIT_CYCLE: ProblemKind = ProblemKind::new(
    "org_unit_cycle",
    422,
    "上级组织不能是自身或其下级",
    "A unit cannot be placed under itself",
);
