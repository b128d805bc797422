//! Pretty XML: one element per line, indented by two spaces, text kept beside its tags.

use quick_xml::Reader;
use quick_xml::Writer;
use quick_xml::events::{BytesText, Event};

use super::MAX_PRETTY_DEPTH;

/// Why a body is not XML, and the byte where the reader found out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    pub message: String,
    pub position: u64,
}

/// The document re-indented, declaration and comments kept, whitespace-only text dropped and
/// other text trimmed at its ends (`None` when nested deeper than `MAX_PRETTY_DEPTH`); or the
/// first error, including elements left open at the end.
pub fn pretty(text: &str) -> Result<Option<String>, XmlError> {
    let mut reader = Reader::from_str(text);
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    let mut printer = Printer::default();
    loop {
        // Where the event starts: what an error about its attributes or an open element points at.
        let position = reader.buffer_position();
        let event = reader.read_event().map_err(|e| XmlError {
            message: e.to_string(),
            position: reader.error_position(),
        })?;
        let done = matches!(event, Event::Eof);
        if printer.open.len() >= MAX_PRETTY_DEPTH && matches!(event, Event::Start(_)) {
            return Ok(None);
        }
        printer
            .event(&mut writer, event)
            .map_err(|message| XmlError { message, position })?;
        if done {
            break;
        }
    }
    Ok(Some(
        String::from_utf8_lossy(&writer.into_inner()).into_owned(),
    ))
}

/// Layout state: quick-xml's writer breaks lines after every tag but not around text, so text
/// runs are gathered (an entity splits them into several events) and placed by hand.
#[derive(Default)]
struct Printer {
    /// One entry per open element: its name and whether it has child elements yet.
    open: Vec<(String, bool)>,
    /// Escaped text and entity references since the last tag.
    text: String,
    /// The last thing written was text, so the writer will not break the line by itself.
    after_text: bool,
}

type Out = Writer<Vec<u8>>;

impl Printer {
    fn event(&mut self, writer: &mut Out, event: Event<'_>) -> Result<(), String> {
        match event {
            Event::Text(text) => self.text.push_str(&String::from_utf8_lossy(&text)),
            Event::GeneralRef(name) => {
                self.text.push('&');
                self.text.push_str(&String::from_utf8_lossy(&name));
                self.text.push(';');
            }
            Event::Start(start) => {
                check_attributes(&start)?;
                self.before_markup(writer)?;
                if let Some(parent) = self.open.last_mut() {
                    parent.1 = true;
                }
                let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                self.open.push((name, false));
                writer.write_event(Event::Start(start)).map_err(io)?;
            }
            Event::Empty(empty) => {
                check_attributes(&empty)?;
                self.before_markup(writer)?;
                if let Some(parent) = self.open.last_mut() {
                    parent.1 = true;
                }
                writer.write_event(Event::Empty(empty)).map_err(io)?;
            }
            Event::End(end) => {
                self.flush_text(writer)?;
                let mixed = self.open.last().is_some_and(|(_, children)| *children);
                if self.after_text && mixed {
                    let indent = "  ".repeat(self.open.len().saturating_sub(1));
                    writer
                        .get_mut()
                        .extend_from_slice(format!("\n{indent}").as_bytes());
                }
                self.open.pop();
                writer.write_event(Event::End(end)).map_err(io)?;
                self.after_text = false;
            }
            Event::CData(data) => {
                self.flush_text(writer)?;
                self.text_position(writer)?;
                writer.write_event(Event::CData(data)).map_err(io)?;
                self.after_text = true;
            }
            Event::Eof => {
                self.flush_text(writer)?;
                if let Some((name, _)) = self.open.last() {
                    return Err(format!("element <{name}> is never closed"));
                }
            }
            other => {
                self.before_markup(writer)?;
                writer.write_event(other).map_err(io)?;
            }
        }
        Ok(())
    }

    /// Writes pending text, then makes sure the next tag starts on its own line.
    fn before_markup(&mut self, writer: &mut Out) -> Result<(), String> {
        self.flush_text(writer)?;
        if self.after_text {
            writer.write_indent().map_err(io)?;
        }
        self.after_text = false;
        Ok(())
    }

    fn flush_text(&mut self, writer: &mut Out) -> Result<(), String> {
        let text = std::mem::take(&mut self.text);
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Ok(());
        }
        self.text_position(writer)?;
        writer
            .write_event(Event::Text(BytesText::from_escaped(trimmed)))
            .map_err(io)?;
        self.after_text = true;
        Ok(())
    }

    /// Text inside an element that has child elements goes on its own line; in a leaf, beside the tag.
    fn text_position(&self, writer: &mut Out) -> Result<(), String> {
        let mixed = self.open.last().is_some_and(|(_, children)| *children);
        if mixed && !self.after_text {
            writer.write_indent().map_err(io)?;
        }
        Ok(())
    }
}

fn check_attributes(start: &quick_xml::events::BytesStart<'_>) -> Result<(), String> {
    for attribute in start.attributes() {
        attribute.map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn io(error: std::io::Error) -> String {
    error.to_string()
}
