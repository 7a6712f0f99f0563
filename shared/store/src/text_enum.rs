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
