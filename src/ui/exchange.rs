//! One exchange in full: its request or its response, scrolled down and sideways, with a
//! position on the border.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Padding, Paragraph};

use crate::app::state::{LEDGER_CAPACITY, OpenExchange, Section, State};
use crate::catalog::exchange::Exchange;
use crate::theme::Styles;

use super::ledger::status_style;
use super::ledger_row::operation_text;
use super::section::SectionText;
use super::text::{truncate_middle, width};

/// How many text lines the exchange pane shows on a terminal this tall: the screen less the
/// hints line and the status bar, the two borders and the tab line.
pub fn exchange_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(2 + 2 + 1))
}

/// How many lines the open section has (summary, headers, body): what `scroll` counts, so
/// the app can clamp it. An exchange no longer in the ledger has one line, its notice.
pub fn section_lines(state: &State, open: &OpenExchange) -> usize {
    find(state, open.seq).map_or(1, |exchange| {
        SectionText::new(exchange, open, &Styles::plain()).len()
    })
}

fn find(state: &State, seq: u64) -> Option<&Exchange> {
    state.ledger.iter().find(|exchange| exchange.seq == seq)
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, open: &OpenExchange, styles: &Styles) {
    let block = super::bordered(styles)
        .border_style(styles.border_focused)
        .padding(Padding::horizontal(1));
    let Some(exchange) = find(state, open.seq) else {
        let notice = format!(
            "That request is no longer in the ledger (it keeps the newest {LEDGER_CAPACITY})"
        );
        let block = block.title_top(Line::styled(" Request ", styles.title));
        let paragraph = Paragraph::new(Line::styled(notice, styles.muted)).block(block);
        frame.render_widget(paragraph, area);
        return;
    };
    let room = usize::from(area.width).saturating_sub(4);
    let mut block = block.title_top(title(exchange, room, styles));
    let inner = block.inner(area);
    let columns = usize::from(inner.width);
    let rows = usize::from(inner.height.saturating_sub(1));
    let text = SectionText::new(exchange, open, styles);
    let total = text.len();
    let scroll = open.scroll.min(total.saturating_sub(rows));
    let end = (scroll + rows).min(total);
    if total > rows {
        let position = format!(" {}{}{end} of {total} ", scroll + 1, styles.glyphs.range);
        block = block.title_bottom(Line::styled(position, styles.muted).right_aligned());
    }
    // Long lines scroll sideways rather than wrap, so a line on screen is a line of the body.
    if open.shift > 0 || text.any_wider(scroll..end, columns) {
        let glyphs = &styles.glyphs;
        let mut sideways = format!(" {} {} long lines ", glyphs.key_left, glyphs.key_right);
        if open.shift > 0 {
            sideways.push_str(&format!("{} from column {} ", glyphs.dot, open.shift + 1));
        }
        block = block.title_bottom(Line::styled(sideways, styles.muted));
    }
    frame.render_widget(block, area);

    let mut lines = Vec::with_capacity(rows + 1);
    lines.push(tabs(open.section, styles));
    lines.extend(text.lines(scroll..end, (open.shift, columns), styles));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// ` GET /api/products · 200 · 84 ms ` (Valigara: ` POST product_export · 200 · 84 ms `), the
/// operation shortened in the middle to fit.
fn title(exchange: &Exchange, room: usize, styles: &Styles) -> Line<'static> {
    let status = exchange
        .status
        .map_or_else(|| "no answer".to_string(), |s| s.to_string());
    let latency = format!(
        " {} {} ms ",
        styles.glyphs.dot,
        exchange.latency.as_millis()
    );
    let fixed = width(&status) + width(&latency) + 4;
    let operation = truncate_middle(&operation_text(exchange), room.saturating_sub(fixed));
    let status_style = status_style(exchange.status, styles).add_modifier(Modifier::BOLD);
    Line::from(vec![
        Span::styled(format!(" {operation} {} ", styles.glyphs.dot), styles.title),
        Span::styled(status, status_style),
        Span::styled(latency, styles.title),
    ])
}

/// `Response | Request`, the section on screen marked.
fn tabs(section: Section, styles: &Styles) -> Line<'static> {
    let tab = |name: &'static str, this: Section| {
        let style = if section == this {
            styles.selection
        } else {
            styles.muted
        };
        Span::styled(format!(" {name} "), style)
    };
    Line::from(vec![
        tab("Response", Section::Response),
        Span::styled("|", styles.border),
        tab("Request", Section::Request),
    ])
}
