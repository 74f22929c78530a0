//! How a plan file is written: indented down to the objects of its schema parts, each of which is
//! one line (a table, a view, a step's lock), and without the fields that are null. Plan files are
//! committed and reviewed in pull requests: a changed table is a changed line, and a 280-step plan
//! on 2,000 tables stays well under 2 MB. Readers need nothing special: a missing optional field
//! reads as null, and the hash covers the plan's values, not its text.

use std::io::{self, Write};

use serde_json::ser::{CompactFormatter, Formatter};

/// Containers nested deeper than this are written on one line (the plan is 1, its parts 2, their
/// schemas 3 and 4, a schema's tables 5: each table 6).
const INDENTED_DEPTH: usize = 5;
const INDENT: &[u8] = b"  ";

/// A container being written.
struct Frame {
    indented: bool,
    written: bool,
}

/// The formatter: serde_json hands every byte it writes to one of these methods, so a key can be
/// held back until its value shows whether it is null.
#[derive(Default)]
pub(super) struct PlanFormatter {
    frames: Vec<Frame>,
    /// The key (and its colon) of the value being started, held back while it may be null.
    held: Option<Vec<u8>>,
    /// Whether the key itself is being written (its string goes into `held`).
    in_key: bool,
}

impl PlanFormatter {
    /// Writes `bytes`: into the held key while there is one.
    fn put<W: ?Sized + Write>(&mut self, writer: &mut W, bytes: &[u8]) -> io::Result<()> {
        match &mut self.held {
            Some(held) => {
                held.extend_from_slice(bytes);
                Ok(())
            }
            None => writer.write_all(bytes),
        }
    }

    fn newline<W: ?Sized + Write>(writer: &mut W, depth: usize) -> io::Result<()> {
        writer.write_all(b"\n")?;
        (0..depth).try_for_each(|_| writer.write_all(INDENT))
    }

    /// A value starts: the held key, if any, goes out first with what separates it.
    fn value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        let Some(key) = self.held.take() else { return Ok(()) };
        let depth = self.frames.len();
        let frame = self.frames.last_mut().expect("a key is inside an object");
        if frame.written {
            writer.write_all(b",")?;
        }
        frame.written = true;
        if frame.indented {
            Self::newline(writer, depth)?;
        }
        writer.write_all(&key)
    }

    fn begin<W: ?Sized + Write>(&mut self, writer: &mut W, open: &[u8]) -> io::Result<()> {
        self.value(writer)?;
        let indented = self.frames.len() < INDENTED_DEPTH;
        self.frames.push(Frame { indented, written: false });
        writer.write_all(open)
    }

    fn end<W: ?Sized + Write>(&mut self, writer: &mut W, close: &[u8]) -> io::Result<()> {
        let frame = self.frames.pop().expect("a container ends after it began");
        if frame.indented && frame.written {
            Self::newline(writer, self.frames.len())?;
        }
        writer.write_all(close)
    }
}

macro_rules! value_methods {
    ($($name:ident($t:ty)),*) => {$(
        fn $name<W: ?Sized + Write>(&mut self, writer: &mut W, value: $t) -> io::Result<()> {
            self.value(writer)?;
            CompactFormatter.$name(writer, value)
        }
    )*};
}

impl Formatter for PlanFormatter {
    fn write_null<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        if self.held.take().is_some() {
            return Ok(());
        }
        writer.write_all(b"null")
    }

    value_methods!(
        write_bool(bool),
        write_i8(i8),
        write_i16(i16),
        write_i32(i32),
        write_i64(i64),
        write_i128(i128),
        write_u8(u8),
        write_u16(u16),
        write_u32(u32),
        write_u64(u64),
        write_u128(u128),
        write_f32(f32),
        write_f64(f64),
        write_number_str(&str)
    );

    fn begin_string<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        if !self.in_key {
            self.value(writer)?;
        }
        self.put(writer, b"\"")
    }

    fn end_string<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.put(writer, b"\"")
    }

    fn write_string_fragment<W: ?Sized + Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        self.put(writer, fragment.as_bytes())
    }

    fn write_char_escape<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        escape: serde_json::ser::CharEscape,
    ) -> io::Result<()> {
        let mut bytes = Vec::new();
        CompactFormatter.write_char_escape(&mut bytes, escape)?;
        self.put(writer, &bytes)
    }

    fn write_raw_fragment<W: ?Sized + Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        self.value(writer)?;
        writer.write_all(fragment.as_bytes())
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.begin(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.end(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        let depth = self.frames.len();
        let frame = self.frames.last_mut().expect("a value is inside an array");
        frame.written = true;
        if !first {
            writer.write_all(b",")?;
        }
        if frame.indented {
            Self::newline(writer, depth)?;
        }
        Ok(())
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.begin(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.end(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, _writer: &mut W, _first: bool) -> io::Result<()> {
        // Commas and indentation are written when the value turns out not to be null.
        self.held = Some(Vec::new());
        self.in_key = true;
        Ok(())
    }

    fn end_object_key<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.in_key = false;
        Ok(())
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        let indented = self.frames.last().is_some_and(|f| f.indented);
        self.put(writer, if indented { b": " } else { b":" })
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn written(value: &serde_json::Value) -> String {
        let mut bytes = Vec::new();
        let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, PlanFormatter::default());
        serde::Serialize::serialize(value, &mut serializer).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn null_fields_are_left_out_and_deep_objects_are_one_line() {
        let value = json!({
            "a": null,
            "b": [1, null, {"c": null, "d": "x\"y\n"}],
            "deep": {"1": {"2": {"3": {"4": {"five": null, "six": [null, true]}}}}},
            "e": null
        });
        let text = written(&value);
        assert_eq!(
            text,
            "{\n  \"b\": [\n    1,\n    null,\n    {\n      \"d\": \"x\\\"y\\n\"\n    }\n  ],\n  \"deep\": {\n    \"1\": {\n      \"2\": {\n        \"3\": {\n          \"4\": {\"six\":[null,true]}\n        }\n      }\n    }\n  }\n}"
        );
        let read: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(read["b"], json!([1, null, {"d": "x\"y\n"}]));
    }

    #[test]
    fn a_plan_reads_back_as_it_was_written() {
        let from = crate::model::test_support::sample_database();
        let mut to = from.clone();
        to.schemas[0].tables.retain(|t| t.name != "posts");
        let plan = crate::plan::plan(&from, &to, &Default::default()).unwrap();
        let text = plan.to_json();
        assert!(!text.contains(": null"), "no null fields");
        assert_eq!(crate::plan::Plan::from_json(&text).unwrap(), plan);
    }
}
