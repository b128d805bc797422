//! The welcome screen shown when no profile is configured: how to try the demo and how to add a store.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Padding, Paragraph};

use crate::sanitize::clean;
use crate::theme::Styles;

use super::text::truncate_middle;

const EXAMPLE: [&str; 6] = [
    "default_profile = \"shop\"",
    "[profiles.shop]",
    "platform = \"cscart\"",
    "base_url = \"https://shop.example.com\"",
    "user = \"admin@example.com\"",
    "secret = { env = \"SHOP_API_KEY\" }",
];

const WIDTH: u16 = 64;

pub fn draw(frame: &mut Frame, screen: Rect, config_path: &str, styles: &Styles) {
    let inner_width = usize::from(WIDTH.min(screen.width).saturating_sub(4));
    let path = truncate_middle(&clean(config_path), inner_width.saturating_sub(2));
    let mut lines = vec![
        Line::styled("No store profile is configured yet.", styles.text),
        Line::default(),
        Line::from(vec![
            Span::styled("Try it on a simulated store:  ", styles.text),
            Span::styled("stockroom demo", styles.key),
        ]),
        Line::default(),
    ];
    if path.is_empty() {
        lines.push(Line::styled(
            "Or add a profile to your config file, for example:",
            styles.text,
        ));
    } else {
        lines.push(Line::styled(
            "Or add a profile to the config file",
            styles.text,
        ));
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(path, styles.accent),
        ]));
        lines.push(Line::styled("for example:", styles.text));
    }
    lines.push(Line::default());
    lines.extend(
        EXAMPLE
            .iter()
            .map(|line| Line::from(vec![Span::raw("  "), Span::styled(*line, styles.muted)])),
    );
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled("Supported platforms: ", styles.text),
        Span::styled("cscart  valigara  b2bwave  ugal", styles.muted),
    ]));
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled("q", styles.key),
        Span::styled(" quit", styles.muted),
    ]));

    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let area = screen
        .centered_horizontally(Constraint::Length(WIDTH.min(screen.width)))
        .centered_vertically(Constraint::Length(height.min(screen.height)));
    let block = super::bordered(styles)
        .border_style(styles.border_focused)
        .padding(Padding::horizontal(1))
        .title_top(Line::styled(" Welcome to Stockroom ", styles.title));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
