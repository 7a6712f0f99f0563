//! The other services a service reads over their APIs (the events relay's outboxes, the
//! programme's records): a list variable names them, and each is found at `<NAME>_URL`.

use lt_http::settings::{Env, SettingsError};

/// A service read over HTTP: its name (its paths are `/api/v1/<name>/…`) and base URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub name: String,
    pub url: String,
}

/// The sources `list_variable` names (comma-separated), each of which must have its
/// `<NAME>_URL`; without the variable, those of `default` whose URL is set (a system started
/// without some service reads the others), the missing ones logged.
pub fn sources(
    lookup: &dyn Fn(&str) -> Option<String>,
    list_variable: &str,
    default: &str,
) -> Result<Vec<Source>, SettingsError> {
    let env = Env(lookup);
    let named = env.get(list_variable);
    let names = named.clone().unwrap_or_else(|| default.to_owned());
    let mut sources = Vec::new();
    for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let variable = format!("{}_URL", name.to_ascii_uppercase());
        match env.get(&variable) {
            Some(url) => sources.push(Source {
                name: name.to_owned(),
                url: url.trim_end_matches('/').to_owned(),
            }),
            None if named.is_some() => {
                return Err(SettingsError::invalid(
                    &variable,
                    format!(
                        "required: where this source listens (or leave it out of {list_variable})"
                    ),
                ));
            }
            None => tracing::warn!(
                source = name,
                variable,
                list_variable,
                "no URL for this source: it is not read"
            ),
        }
    }
    Ok(sources)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_sources_need_their_url_and_defaults_take_those_that_have_one() {
        let lookup = |key: &str| match key {
            "TRAINING_URL" => Some("http://127.0.0.1:8082/".to_owned()),
            "LIST" => Some("training,reading".to_owned()),
            _ => None,
        };
        assert!(
            sources(&lookup, "LIST", "training").is_err(),
            "reading is named without a URL"
        );
        let found = sources(&lookup, "OTHER", "training,reading").expect("defaults");
        assert_eq!(
            found,
            [Source {
                name: "training".into(),
                url: "http://127.0.0.1:8082".into()
            }]
        );
    }
}
