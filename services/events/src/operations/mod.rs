//! The use-case layer: reading the sources' outboxes into the log, the deliveries and the
//! inboxes in one transaction per page (`relay`), and attempting deliveries (`dispatch`).

pub mod dispatch;
pub mod relay;
