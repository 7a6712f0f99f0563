//! OpenAPI schemas for types that travel as patterned text.

/// Implements `utoipa::ToSchema` for a type serialised as a string matching `pattern`.
macro_rules! text_schema {
    ($ty:ty, $name:literal, $pattern:expr, $example:expr, $description:expr) => {
        impl utoipa::PartialSchema for $ty {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .pattern(Some($pattern))
                    .examples([$example])
                    .description(Some($description))
                    .into()
            }
        }
        impl utoipa::ToSchema for $ty {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed($name)
            }
        }
    };
}

pub(crate) use text_schema;
