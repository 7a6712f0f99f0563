//! Cross-service and platform tests live under `tests/`; see `tests/platform/`.
