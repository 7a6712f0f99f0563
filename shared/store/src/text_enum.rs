//! Enums stored as TEXT: one macro makes an enum a column type diesel reads and writes on
//! both backends, so rows hold the enum and no code compares strings against its names.
//!
//! The enum derives `diesel::expression::AsExpression` and `diesel::deserialize::FromSqlRow` with
//! `#[diesel(sql_type = diesel::sql_types::Text)]`, has `as_str(self) -> &'static str` and
//! `parse(&str) -> Option<Self>`, and calls [`stored_as_text!`](crate::stored_as_text). A
//! stored value the enum does not know is one error everywhere: the read fails with
//! "unknown <Type> value …", which the API answers as a 500 with the cause logged (a
//! database holding what the code cannot read is never the client's mistake).

/// Implements diesel's `ToSql`/`FromSql` for `Text` on PostgreSQL, SQLite and the
/// platform's `DbConnection` backend for a text enum (see the module documentation).
#[macro_export]
macro_rules! stored_as_text {
    ($ty:ty) => {
        $crate::stored_as_text!(@backend $ty, $crate::__diesel::pg::Pg);
        $crate::stored_as_text!(@backend $ty, $crate::__diesel::sqlite::Sqlite);

        impl $crate::__diesel::serialize::ToSql<
            $crate::__diesel::sql_types::Text,
            $crate::MultiBackend,
        > for $ty
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut $crate::__diesel::serialize::Output<
                    'b,
                    '_,
                    $crate::MultiBackend,
                >,
            ) -> $crate::__diesel::serialize::Result {
                out.set_value(($crate::__diesel::sql_types::Text, self));
                Ok($crate::__diesel::serialize::IsNull::No)
            }
        }

        impl $crate::__diesel::deserialize::FromSql<
            $crate::__diesel::sql_types::Text,
            $crate::MultiBackend,
        > for $ty
        {
            fn from_sql(
                bytes: <$crate::MultiBackend as $crate::__diesel::backend::Backend>::RawValue<'_>,
            ) -> $crate::__diesel::deserialize::Result<Self> {
                bytes.from_sql::<Self, $crate::__diesel::sql_types::Text>()
            }
        }
    };
    (@backend $ty:ty, $backend:ty) => {
        impl $crate::__diesel::serialize::ToSql<$crate::__diesel::sql_types::Text, $backend>
            for $ty
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut $crate::__diesel::serialize::Output<'b, '_, $backend>,
            ) -> $crate::__diesel::serialize::Result {
                <str as $crate::__diesel::serialize::ToSql<
                    $crate::__diesel::sql_types::Text,
                    $backend,
                >>::to_sql(self.as_str(), out)
            }
        }

        impl $crate::__diesel::deserialize::FromSql<$crate::__diesel::sql_types::Text, $backend>
            for $ty
        {
            fn from_sql(
                bytes: <$backend as $crate::__diesel::backend::Backend>::RawValue<'_>,
            ) -> $crate::__diesel::deserialize::Result<Self> {
                let text = <String as $crate::__diesel::deserialize::FromSql<
                    $crate::__diesel::sql_types::Text,
                    $backend,
                >>::from_sql(bytes)?;
                Self::parse(&text).ok_or_else(|| {
                    format!("unknown {} value {text:?} in the database", stringify!($ty)).into()
                })
            }
        }
    };
}

/// A value of a wire type stored as text in a column its row keeps as `String` (the wire
/// crates' enums such as `Mechanism` cannot implement diesel's traits): read back by its serde
/// name, and a name the code does not know takes the same error as a [`stored_as_text!`]
/// column (a deserialization error: 500, cause logged), never a default and never dropped.
pub fn read_stored<T: serde::de::DeserializeOwned>(
    column: &'static str,
    text: &str,
) -> Result<T, crate::StoreError> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).map_err(|_| {
        crate::StoreError::Query(diesel::result::Error::DeserializationError(
            format!("unknown {column} value {text:?} in the database").into(),
        ))
    })
}

#[cfg(test)]
mod tests {
    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Colour {
        DeepRed,
    }

    #[test]
    fn stored_names_read_back_and_unknown_ones_are_one_error() {
        assert_eq!(
            super::read_stored::<Colour>("colour", "deep_red").ok(),
            Some(Colour::DeepRed)
        );
        let err = super::read_stored::<Colour>("colour", "mauve")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("unknown colour value \"mauve\" in the database")
        );
    }
}
