//! The canonical reportkit document.
//!
//! Every reader produces these types and every later stage (check, render, diff) consumes them.
//! They serialize to the canonical JSON form, whose JSON Schema is generated from these very
//! types (`cargo xtask schemas`), so the Rust definitions below are the documentation of the
//! public JSON interface.
//!
//! Invariants:
//! - no I/O and no parsing here: the model is plain data;
//! - every section and block carries the 1-based line span it was read from;
//! - section ids are slugs unique within their document and stable across runs.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub mod diff;
mod finding;
mod slug;
mod text;

pub use finding::{Applicability, Edit, Finding, FindingsReport, Fix, Related, Severity, Summary};

pub use reportkit_text::{char_at, word_runs};
pub use slug::{slugify, SlugSet};
pub use text::{inline_text, InlineText};

/// Version of the canonical JSON form, semver: the minor version moves when optional elements
/// are added (1.1.0: heading and footnote blocks, footnote references; 1.2.0: a section's
/// classes and attribute block, the images of raw blocks), the major version when
/// JSON of an older version would no longer read. The JSON names the version it follows in its
/// `version` field.
pub const SCHEMA_VERSION: &str = "1.2.0";

/// The major version of [`SCHEMA_VERSION`]: canonical JSON of any version with this major
/// version reads (minor versions only add optional elements); another major version does not.
pub const SCHEMA_MAJOR: u64 = 1;

/// A set of documents read together: a directory of sources or the files named on a command line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Corpus {
    /// The canonical JSON schema version this corpus follows (`SCHEMA_VERSION`).
    pub version: String,
    /// The documents, in the order their sources were given (directories sorted by name).
    pub documents: Vec<Document>,
}

impl Corpus {
    /// A corpus of the given documents at the current schema version.
    pub fn new(documents: Vec<Document>) -> Self {
        Corpus { version: SCHEMA_VERSION.to_string(), documents }
    }
}

/// One source text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Identifier derived from the file stem; unique within a corpus.
    pub id: String,
    /// Where the document came from.
    pub source: Source,
    /// The document's title: the first top-level heading, or the headline of a plain-text article.
    pub title: String,
    /// What kind of document this is.
    pub kind: DocumentKind,
    /// Facts the text states about itself, where they can be read reliably.
    pub metadata: Metadata,
    /// Blocks before the first heading.
    pub blocks: Vec<Block>,
    /// The section tree.
    pub sections: Vec<Section>,
    /// The articles of a feed (empty for other kinds).
    pub articles: Vec<Article>,
}

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The path as given on the command line (or inside the directory given).
    pub path: String,
    /// Lower-case hex SHA-256 of the source bytes.
    pub sha256: String,
    /// The format the source was read as.
    pub format: SourceFormat,
    /// Number of lines in the source.
    pub lines: u32,
}

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    /// CommonMark with GitHub extensions.
    Markdown,
    /// Plain text: a headline, paragraph lines, `- ` lists, unmarked headings.
    Text,
    /// Canonical JSON written by reportkit.
    Json,
    /// An HTML page: what a browser shows of its body.
    Html,
}

/// Kinds of documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// A structured report with a section tree.
    Report,
    /// One news article.
    Article,
    /// Several consecutive articles in one file.
    Feed,
    /// Anything else (an outcome document, notes, an empty file).
    Other,
}

/// Facts a document states about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// The event dates stated near the top of the document, as ISO 8601 dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_dates: Option<DateRange>,
    /// The place stated near the top of the document or in a dateline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// A dateline opening the first paragraph ("CITY, COUNTRY — "), verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dateline: Option<String>,
    /// The front matter block (`---` YAML or `+++` TOML) that opens a Markdown source, if any.
    /// Its lines are metadata, not body text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub front_matter: Option<FrontMatter>,
}

/// What a front matter block states, where its keys are the usual ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The lines of the block, delimiters included.
    pub span: Span,
    /// `title`, verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `date`, verbatim (publication date, not an event date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// `authors`, `author` or `by`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// `tags` (or `taxonomies.tags` in TOML).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The block verbatim, delimiter lines included (up to the closing delimiter), so that a
    /// writer can give it back.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
}

/// An inclusive range of calendar dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    /// First day, `YYYY-MM-DD`.
    pub start: String,
    /// Last day, `YYYY-MM-DD` (equal to `start` for a single day).
    pub end: String,
    /// The line the dates were read from.
    pub line: u32,
}

/// A 1-based, inclusive range of source lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// First line (1-based).
    pub start: u32,
    /// Last line (1-based, inclusive).
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end` (inclusive).
    pub fn new(start: u32, end: u32) -> Self {
        Span { start, end: end.max(start) }
    }
    /// A span covering one line.
    pub fn line(line: u32) -> Self {
        Span { start: line, end: line }
    }
    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

/// An image a raw block shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// Where the image is, as written.
    pub src: String,
    /// Its text alternative, as written (empty when the source gives none).
    pub alt: String,
}

/// A section: a heading and everything under it up to the next heading of the same or a
/// shallower level (after the reader's level normalisation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Slug of the heading's explicit id where the source gives one (`## Title {#id}`,
    /// `<h2 id="id">`), else of the title; unique within the document (`-2`, `-3`… on repeats),
    /// stable across runs.
    pub id: String,
    /// The heading level as written in the source (1–6).
    pub level: u8,
    /// The heading's inline content.
    pub title: Vec<Inline>,
    /// Classes the heading's attribute block gives (`## Title {.wide}`), in source order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<String>,
    /// The heading's attribute block exactly as written after its title (`{ #id .wide }`), so
    /// that the Markdown written from the document reads as the source does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<String>,
    /// From the heading line to the last line of the section's content.
    pub span: Span,
    /// The heading line(s).
    pub heading_span: Span,
    /// Blocks between the heading and the first child section.
    pub blocks: Vec<Block>,
    /// Sub-sections.
    pub children: Vec<Section>,
}

impl Section {
    /// The title as plain text.
    pub fn title_text(&self) -> String {
        inline_text(&self.title)
    }
}

/// One article of a feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// Slug of the headline, unique within the document.
    pub id: String,
    /// The headline.
    pub headline: String,
    /// From the headline to the article's last line.
    pub span: Span,
    /// Blocks before the article's first subheading.
    pub blocks: Vec<Block>,
    /// Sections opened by subheadings inside the article.
    pub sections: Vec<Section>,
}

/// Column alignment in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Alignment {
    /// No alignment given.
    None,
    /// `:--`
    Left,
    /// `:-:`
    Center,
    /// `--:`
    Right,
}

/// A block-level element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Block {
    /// A paragraph of inline content.
    Paragraph {
        /// Source lines.
        span: Span,
        /// The paragraph's content.
        content: Vec<Inline>,
    },
    /// An ordered or bullet list.
    List {
        /// Source lines.
        span: Span,
        /// Numbered (`1.`) rather than bulleted.
        ordered: bool,
        /// First number of an ordered list.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        start: Option<u64>,
        /// No blank lines between items.
        tight: bool,
        /// The items.
        items: Vec<ListItem>,
    },
    /// A table.
    Table {
        /// Source lines.
        span: Span,
        /// Alignment of each column.
        alignments: Vec<Alignment>,
        /// The header row.
        header: TableRow,
        /// The body rows.
        rows: Vec<TableRow>,
    },
    /// A quotation, with its attribution where the text gives one.
    Quote {
        /// Source lines (including the attribution).
        span: Span,
        /// The quoted blocks.
        blocks: Vec<Block>,
        /// Who is quoted.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        attribution: Option<Attribution>,
        /// How the source marks the quote.
        style: QuoteStyle,
    },
    /// Preformatted text.
    Code {
        /// Source lines.
        span: Span,
        /// The info string of a fenced block (language), if any.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        info: String,
        /// The literal text, with its final newline.
        text: String,
        /// Fenced (true) or indented (false).
        fenced: bool,
    },
    /// A thematic break (`---`).
    ThematicBreak {
        /// Source lines.
        span: Span,
    },
    /// Block-level raw HTML with no clearer meaning, or a site generator's shortcode
    /// (`{{< figure … >}}`), kept verbatim.
    Html {
        /// Source lines.
        span: Span,
        /// The HTML, verbatim.
        html: String,
        /// The images it shows (`<img src alt>`, a shortcode's `src` and `alt`), in order.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        figures: Vec<Figure>,
    },
    /// A heading inside a block quote or list item, kept where it is written. Headings outside
    /// containers open sections instead and never appear as blocks.
    Heading {
        /// Source lines.
        span: Span,
        /// The level as written (1–6).
        level: u8,
        /// The heading's inline content.
        content: Vec<Inline>,
    },
    /// A footnote's text (`[^label]: …`), where the source writes it; references to it are
    /// [`Inline::FootnoteReference`]s.
    FootnoteDefinition {
        /// Source lines.
        span: Span,
        /// The label, as written between `[^` and `]`.
        label: String,
        /// The note's content.
        blocks: Vec<Block>,
    },
}

impl Block {
    /// The block's source span.
    pub fn span(&self) -> Span {
        match self {
            Block::Paragraph { span, .. }
            | Block::List { span, .. }
            | Block::Table { span, .. }
            | Block::Quote { span, .. }
            | Block::Code { span, .. }
            | Block::ThematicBreak { span }
            | Block::Html { span, .. }
            | Block::Heading { span, .. }
            | Block::FootnoteDefinition { span, .. } => *span,
        }
    }
}

/// How a quotation is marked in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuoteStyle {
    /// A Markdown block quote (`> `).
    Blockquote,
    /// A pull quote: a line holding only an opening quotation mark, the quoted paragraphs, then
    /// an attribution block.
    PullQuote,
}

/// Who a quotation is attributed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attribution {
    /// Source lines of the attribution block.
    pub span: Span,
    /// The name line, as inline content.
    pub name: Vec<Inline>,
    /// The role lines that follow the name, as inline content each.
    pub roles: Vec<Vec<Inline>>,
}

/// One item of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListItem {
    /// Source lines.
    pub span: Span,
    /// A task-list check box, if the item has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<bool>,
    /// The item's content (paragraphs, nested lists…).
    pub blocks: Vec<Block>,
}

/// A table row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableRow {
    /// The row's source line.
    pub line: u32,
    /// The cells, one per column.
    pub cells: Vec<Vec<Inline>>,
}

/// Inline content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Inline {
    /// Literal text.
    Text {
        /// The text.
        text: String,
    },
    /// Emphasis (usually italic).
    Emphasis {
        /// Emphasised content.
        children: Vec<Inline>,
    },
    /// Strong emphasis (usually bold).
    Strong {
        /// Strong content.
        children: Vec<Inline>,
    },
    /// Struck-out text.
    Strikethrough {
        /// Struck content.
        children: Vec<Inline>,
    },
    /// Superscript (`<sup>`).
    Superscript {
        /// Raised content.
        children: Vec<Inline>,
    },
    /// Subscript (`<sub>`).
    Subscript {
        /// Lowered content.
        children: Vec<Inline>,
    },
    /// A hyperlink.
    Link {
        /// The target, verbatim.
        url: String,
        /// The link title, if any.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        title: String,
        /// The link text.
        children: Vec<Inline>,
        /// How the source wrote the link.
        style: LinkStyle,
    },
    /// An image.
    Image {
        /// The image location.
        url: String,
        /// The image title, if any.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        title: String,
        /// Alternative text.
        alt: Vec<Inline>,
    },
    /// Inline code.
    Code {
        /// The literal code.
        text: String,
    },
    /// A line break the author forced (two trailing spaces or a backslash).
    HardBreak,
    /// A line break in the source that readers do not see.
    SoftBreak,
    /// Inline raw HTML with no clearer meaning, kept verbatim.
    Html {
        /// The HTML, verbatim.
        html: String,
    },
    /// A reference to a footnote (`[^label]`); the note is a [`Block::FootnoteDefinition`] of
    /// the same label. It has no readable text of its own.
    FootnoteReference {
        /// The label, as written between `[^` and `]`.
        label: String,
    },
}

/// How a link was written in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkStyle {
    /// `[text](url)` or a reference link.
    Inline,
    /// `<https://…>` or a bare URL.
    Autolink,
    /// `<a href="…">…</a>`.
    Html,
}

/// Walk every block of a block list in document order, descending into lists, quotes and
/// footnote definitions.
pub fn walk_blocks<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Block)) {
    for b in blocks {
        f(b);
        match b {
            Block::List { items, .. } => {
                for it in items {
                    walk_blocks(&it.blocks, f);
                }
            }
            Block::Quote { blocks, .. } | Block::FootnoteDefinition { blocks, .. } => walk_blocks(blocks, f),
            _ => {}
        }
    }
}

/// Walk every section of a tree in document order (pre-order).
pub fn walk_sections<'a>(sections: &'a [Section], f: &mut dyn FnMut(&'a Section, usize)) {
    fn go<'a>(s: &'a [Section], depth: usize, f: &mut dyn FnMut(&'a Section, usize)) {
        for sec in s {
            f(sec, depth);
            go(&sec.children, depth + 1, f);
        }
    }
    go(sections, 0, f);
}
