//! Reads a `schema.prisma` into its [syntax tree](super::ast). Every error says `line:column`
//! and what was expected there.

use super::ast::*;

/// A schema that cannot be read: where, and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct PrismaError {
    /// The line, from 1.
    pub line: u32,
    /// The column, from 1.
    pub column: u32,
    /// What was wrong.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(String),
    /// `///` documentation, without the slashes.
    Doc(String),
    Newline,
    Punct(&'static str),
}

struct Token {
    tok: Tok,
    pos: Pos,
}

fn error(pos: Pos, message: impl Into<String>) -> PrismaError {
    PrismaError { line: pos.line, column: pos.column, message: message.into() }
}

/// The tokens, and the position just past the end of the text.
fn lex(text: &str) -> Result<(Vec<Token>, Pos), PrismaError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let (mut i, mut line, mut col) = (0usize, 1u32, 1u32);
    while i < chars.len() {
        let c = chars[i];
        let pos = Pos { line, column: col };
        let advance = |n: usize, i: &mut usize, col: &mut u32| {
            *i += n;
            *col += u32::try_from(n).unwrap_or(u32::MAX);
        };
        match c {
            '\n' => {
                tokens.push(Token { tok: Tok::Newline, pos });
                i += 1;
                line += 1;
                col = 1;
            }
            ' ' | '\t' | '\r' => advance(1, &mut i, &mut col),
            '/' if chars.get(i + 1) == Some(&'/') => {
                let end = chars[i..].iter().position(|c| *c == '\n').map_or(chars.len(), |p| i + p);
                let comment: String = chars[i..end].iter().collect();
                if let Some(doc) = comment.strip_prefix("///") {
                    tokens.push(Token { tok: Tok::Doc(doc.trim().to_owned()), pos });
                }
                advance(end - i, &mut i, &mut col);
            }
            '"' => {
                let mut value = String::new();
                let mut j = i + 1;
                loop {
                    match chars.get(j) {
                        None | Some('\n') => {
                            return Err(error(pos, "this string is not closed: add a \" before the end of the line"))
                        }
                        Some('"') => break,
                        Some('\\') => {
                            match chars.get(j + 1) {
                                Some('n') => value.push('\n'),
                                Some('t') => value.push('\t'),
                                Some(other) => value.push(*other),
                                None => return Err(error(pos, "this string is not closed")),
                            }
                            j += 2;
                        }
                        Some(other) => {
                            value.push(*other);
                            j += 1;
                        }
                    }
                }
                tokens.push(Token { tok: Tok::Str(value), pos });
                advance(j + 1 - i, &mut i, &mut col);
            }
            '@' if chars.get(i + 1) == Some(&'@') => {
                tokens.push(Token { tok: Tok::Punct("@@"), pos });
                advance(2, &mut i, &mut col);
            }
            '[' if chars.get(i + 1) == Some(&']') => {
                tokens.push(Token { tok: Tok::Punct("[]"), pos });
                advance(2, &mut i, &mut col);
            }
            '{' | '}' | '(' | ')' | '[' | ']' | ',' | ':' | '=' | '?' | '@' | '.' => {
                let punct = match c {
                    '{' => "{",
                    '}' => "}",
                    '(' => "(",
                    ')' => ")",
                    '[' => "[",
                    ']' => "]",
                    ',' => ",",
                    ':' => ":",
                    '=' => "=",
                    '?' => "?",
                    '@' => "@",
                    _ => ".",
                };
                tokens.push(Token { tok: Tok::Punct(punct), pos });
                advance(1, &mut i, &mut col);
            }
            c if c.is_ascii_digit() || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) => {
                let len = 1 + chars[i + 1..].iter().take_while(|c| c.is_ascii_digit() || **c == '.').count();
                tokens.push(Token { tok: Tok::Num(chars[i..i + len].iter().collect()), pos });
                advance(len, &mut i, &mut col);
            }
            c if c.is_alphabetic() || c == '_' => {
                let len = chars[i..].iter().take_while(|c| c.is_alphanumeric() || **c == '_' || **c == '-').count();
                tokens.push(Token { tok: Tok::Ident(chars[i..i + len].iter().collect()), pos });
                advance(len, &mut i, &mut col);
            }
            other => return Err(error(pos, format!("unexpected character {other:?}"))),
        }
    }
    Ok((tokens, Pos { line, column: col }))
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    end: Pos,
}

fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Ident(name) => format!("`{name}`"),
        Tok::Str(text) => format!("\"{text}\""),
        Tok::Num(n) => n.clone(),
        Tok::Doc(_) => "a /// comment".into(),
        Tok::Newline => "the end of the line".into(),
        Tok::Punct(p) => format!("`{p}`"),
    }
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.at).map(|t| &t.tok)
    }

    fn pos(&self) -> Pos {
        self.tokens.get(self.at).map_or(self.end, |t| t.pos)
    }

    fn unexpected(&self, expected: &str) -> PrismaError {
        let found = self.peek().map_or("the end of the file".to_owned(), describe);
        error(self.pos(), format!("expected {expected}, found {found}"))
    }

    fn punct(&mut self, p: &'static str) -> Result<(), PrismaError> {
        match self.peek() {
            Some(Tok::Punct(q)) if *q == p => {
                self.at += 1;
                Ok(())
            }
            _ => Err(self.unexpected(&format!("`{p}`"))),
        }
    }

    fn is_punct(&self, p: &str) -> bool {
        matches!(self.peek(), Some(Tok::Punct(q)) if *q == p)
    }

    fn ident(&mut self, what: &str) -> Result<String, PrismaError> {
        match self.peek() {
            Some(Tok::Ident(name)) => {
                let name = name.clone();
                self.at += 1;
                Ok(name)
            }
            _ => Err(self.unexpected(what)),
        }
    }

    fn skip_newlines(&mut self) {
        while matches!(self.peek(), Some(Tok::Newline)) {
            self.at += 1;
        }
    }

    /// `///` lines before a declaration, joined.
    fn docs(&mut self) -> Option<String> {
        let mut lines = Vec::new();
        loop {
            match self.peek() {
                Some(Tok::Doc(text)) => {
                    lines.push(text.clone());
                    self.at += 1;
                }
                Some(Tok::Newline) => self.at += 1,
                _ => break,
            }
        }
        (!lines.is_empty()).then(|| lines.join("\n"))
    }

    /// `a.b.c`.
    fn path(&mut self, what: &str) -> Result<String, PrismaError> {
        let mut path = self.ident(what)?;
        while self.is_punct(".") {
            self.at += 1;
            path.push('.');
            path.push_str(&self.ident("a name after `.`")?);
        }
        Ok(path)
    }

    fn args(&mut self) -> Result<Vec<Arg>, PrismaError> {
        self.punct("(")?;
        let mut args = Vec::new();
        while !self.is_punct(")") {
            let named = matches!(self.peek(), Some(Tok::Ident(_)))
                && matches!(self.tokens.get(self.at + 1).map(|t| &t.tok), Some(Tok::Punct(":")));
            let name = if named {
                let name = self.ident("an argument name")?;
                self.punct(":")?;
                Some(name)
            } else {
                None
            };
            args.push(Arg { name, value: self.expr()? });
            if !self.is_punct(")") {
                self.punct(",")?;
            }
        }
        self.punct(")")?;
        Ok(args)
    }

    fn expr(&mut self) -> Result<Expr, PrismaError> {
        match self.peek().cloned() {
            Some(Tok::Str(text)) => {
                self.at += 1;
                Ok(Expr::String(text))
            }
            Some(Tok::Num(n)) => {
                self.at += 1;
                Ok(Expr::Number(n))
            }
            Some(Tok::Ident(word)) if word == "true" || word == "false" => {
                self.at += 1;
                Ok(Expr::Bool(word == "true"))
            }
            Some(Tok::Ident(_)) => {
                let path = self.path("a value")?;
                if self.is_punct("(") {
                    Ok(Expr::Call(path, self.args()?))
                } else {
                    Ok(Expr::Path(path))
                }
            }
            Some(Tok::Punct("[")) => {
                self.at += 1;
                let mut items = Vec::new();
                while !self.is_punct("]") {
                    items.push(self.expr()?);
                    if !self.is_punct("]") {
                        self.punct(",")?;
                    }
                }
                self.punct("]")?;
                Ok(Expr::Array(items))
            }
            Some(Tok::Punct("[]")) => {
                self.at += 1;
                Ok(Expr::Array(Vec::new()))
            }
            _ => Err(self.unexpected("a value (a string, a number, a name, a function call or a list)")),
        }
    }

    fn attribute(&mut self) -> Result<Attribute, PrismaError> {
        let pos = self.pos();
        let name = self.path("an attribute name")?;
        let args = if self.is_punct("(") { self.args()? } else { Vec::new() };
        Ok(Attribute { name, args, pos })
    }

    fn end_of_line(&mut self) -> Result<(), PrismaError> {
        match self.peek() {
            None | Some(Tok::Newline) => {
                self.skip_newlines();
                Ok(())
            }
            // A `///` comment after a field documents it, as Prisma reads it
            // (`credentialId Bytes /// @zod.custom.use(…)`); documentation makes no schema.
            Some(Tok::Doc(_)) => {
                self.at += 1;
                self.end_of_line()
            }
            Some(Tok::Punct("}")) => Ok(()),
            _ => Err(self.unexpected("the end of the line")),
        }
    }

    fn key_values(&mut self, name: String, pos: Pos) -> Result<KeyValueBlock, PrismaError> {
        self.punct("{")?;
        let mut entries = Vec::new();
        loop {
            self.docs();
            if self.is_punct("}") {
                self.at += 1;
                return Ok(KeyValueBlock { name, entries, pos });
            }
            let key = self.ident("a setting name or `}`")?;
            self.punct("=")?;
            entries.push((key, self.expr()?));
            self.end_of_line()?;
        }
    }

    fn model(&mut self, name: String, view: bool, doc: Option<String>, pos: Pos) -> Result<Model, PrismaError> {
        self.punct("{")?;
        let (mut fields, mut attributes) = (Vec::new(), Vec::new());
        loop {
            let field_doc = self.docs();
            if self.is_punct("}") {
                self.at += 1;
                return Ok(Model { name, view, fields, attributes, doc, pos });
            }
            if self.is_punct("@@") {
                self.at += 1;
                attributes.push(self.attribute()?);
                self.end_of_line()?;
                continue;
            }
            let pos = self.pos();
            let field_name = self.ident("a field name, `@@` or `}`")?;
            let type_name = self.path(&format!("the type of field `{field_name}`"))?;
            let field_type = if type_name == "Unsupported" {
                let args = self.args()?;
                match args.first().map(|a| &a.value) {
                    Some(Expr::String(text)) => FieldType::Unsupported(text.clone()),
                    _ => return Err(error(pos, "Unsupported(…) takes the database type as a string")),
                }
            } else {
                FieldType::Named(type_name)
            };
            let (mut optional, mut list) = (false, false);
            if self.is_punct("?") {
                self.at += 1;
                optional = true;
            } else if self.is_punct("[]") {
                self.at += 1;
                list = true;
            }
            let mut field_attributes = Vec::new();
            while self.is_punct("@") {
                self.at += 1;
                field_attributes.push(self.attribute()?);
            }
            self.end_of_line()?;
            fields.push(Field {
                name: field_name,
                field_type,
                optional,
                list,
                attributes: field_attributes,
                doc: field_doc,
                pos,
            });
        }
    }

    fn enumeration(&mut self, name: String, doc: Option<String>, pos: Pos) -> Result<Enum, PrismaError> {
        self.punct("{")?;
        let (mut values, mut attributes) = (Vec::new(), Vec::new());
        loop {
            self.docs();
            if self.is_punct("}") {
                self.at += 1;
                return Ok(Enum { name, values, attributes, doc, pos });
            }
            if self.is_punct("@@") {
                self.at += 1;
                attributes.push(self.attribute()?);
                self.end_of_line()?;
                continue;
            }
            let value = self.ident("an enum value, `@@` or `}`")?;
            let mut value_attributes = Vec::new();
            while self.is_punct("@") {
                self.at += 1;
                value_attributes.push(self.attribute()?);
            }
            self.end_of_line()?;
            values.push((value, value_attributes));
        }
    }
}

/// Reads a `schema.prisma`.
pub fn parse(text: &str) -> Result<PrismaSchema, PrismaError> {
    let (tokens, end) = lex(text)?;
    let mut p = Parser { tokens, at: 0, end };
    let mut schema = PrismaSchema::default();
    loop {
        let doc = p.docs();
        let pos = p.pos();
        let Some(keyword) = p.peek().cloned() else { return Ok(schema) };
        let Tok::Ident(keyword) = keyword else {
            return Err(p.unexpected("`model`, `enum`, `datasource`, `generator`, `view` or `type`"));
        };
        p.at += 1;
        match keyword.as_str() {
            "datasource" | "generator" => {
                let name = p.ident(&format!("the {keyword}'s name"))?;
                let block = p.key_values(name, pos)?;
                if keyword == "datasource" {
                    schema.datasources.push(block);
                } else {
                    schema.generators.push(block);
                }
            }
            "model" | "view" | "type" => {
                let name = p.ident(&format!("the {keyword}'s name"))?;
                let model = p.model(name, keyword == "view", doc, pos)?;
                if keyword == "type" {
                    schema.types.push(model);
                } else {
                    schema.models.push(model);
                }
            }
            "enum" => {
                let name = p.ident("the enum's name")?;
                schema.enums.push(p.enumeration(name, doc, pos)?);
            }
            _ => {
                return Err(error(
                    pos,
                    format!("expected `model`, `enum`, `datasource`, `generator`, `view` or `type`, found `{keyword}`"),
                ))
            }
        }
        p.skip_newlines();
    }
}
