//! lt-auth with real keys, real signatures and a real JWKS server: one test binary, a module
//! per concern.

mod extractor;
mod jwks;
mod rejections;
mod support;
