//! `ProfileInfo`s as the runner builds them from a config: one store a platform, at 127.0.0.1.

use stockroom::app::state::ProfileInfo;
use stockroom::catalog::capabilities;
use stockroom::catalog::model::Platform;

/// A non-production profile named `shop` on `platform`, with that platform's usual login and
/// secret variable; `read_only` narrows its capabilities as the config would.
pub fn shop(platform: Platform, read_only: bool) -> ProfileInfo {
    let (user, secret_var) = match platform {
        Platform::Cscart => (Some("admin@example.com"), "SHOP_API_KEY"),
        Platform::Valigara => (None, "VALIGARA_KEY"),
        Platform::B2bwave => (Some("sparkle-supply"), "B2BWAVE_TOKEN"),
        Platform::Ugal => (Some("website"), "UGAL_TOKEN"),
    };
    ProfileInfo {
        name: "shop".into(),
        platform,
        host: "127.0.0.1".into(),
        read_only,
        production: false,
        capabilities: capabilities(platform, read_only),
        user: user.map(str::to_owned),
        secret_var: secret_var.into(),
    }
}

/// A writable CS-Cart profile named `name`.
pub fn cscart(name: &str) -> ProfileInfo {
    ProfileInfo {
        name: name.into(),
        ..shop(Platform::Cscart, false)
    }
}
