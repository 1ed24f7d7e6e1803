//! TMX 1.4b: a streaming reader on quick-xml's pull parser (TMX 1.1 to 1.4,
//! levels 1 and 2; UTF-8 or UTF-16; [`read`]) and a writer ([`write`]).
//!
//! Reading:
//! - a `<tu>` gives one record from its first `ru` and first `en` `<tuv>`
//!   (`xml:lang` or TMX 1.1 `lang`, any case and region: `ru`, `RU-ru`,
//!   `en_US`); other languages are ignored; more than one `<tuv>` of a
//!   language is noted in [`RecordReader::warnings`];
//! - **inline tags become codes**: each `<bpt>`, `<ept>`, `<ph>`, `<it>`,
//!   `<ut>` inside `<seg>` is one code whose XML is the whole element as it
//!   stood in the file (its native code and `<sub>` included); `<hi>` (and
//!   any other element with content) opens and closes a span whose text is
//!   the segment's; an empty unknown element is a standalone code. Each
//!   code leaves a placeholder in the text ([`crate::text::inline`]) and its
//!   XML in [`crate::unit::Meta::inline`]; codes are numbered from 1 in the
//!   order they open, a `<bpt>` and the `<ept>` with its `i` sharing one.
//!   So `<seg>A &amp; B <ph x="1">&lt;b&gt;</ph></seg>` reads as `A & B {1/}`
//!   with the code `<ph x="1">&lt;b&gt;</ph>`;
//! - line breaks in the file (CRLF, CR) read as `\n` (XML end-of-line
//!   handling); `&#13;` stays a carriage return; nothing is trimmed;
//! - `<prop type="…">` on the `<tu>`: `x-article`/`article`/`x-url`/`url`,
//!   `x-position`, `x-date`/`date`, `x-origin`, `x-note`, `x-tags` (`;`-
//!   separated, may repeat), `x-context-prev-ru` (`-next-ru`, `-prev-en`,
//!   `-next-en`), `x-created`/`x-changed` (RFC 3339, over the attributes);
//!   `<note>` is the note; `creationdate`/`changedate` (`YYYYMMDDThhmmssZ`)
//!   are created/changed; any other property is ignored and named once in the
//!   warnings;
//! - only the predefined entities and character references are known; a
//!   DOCTYPE declaring entities is refused outright (no expansion, hence no
//!   "billion laughs"); a character XML forbids (`&#1;`, a raw U+0001) makes
//!   its `<tu>` a bad record;
//! - malformed or truncated XML is fatal, with the line where it was found.
//!
//! Writing: TMX 1.4b, UTF-8, one `<tu tuid="ID">` per unit with every field
//! of [`Meta`] (see [`TmxWriter`]), inline codes written back as the
//! elements they were read from. XML cannot carry control characters
//! other than tab, LF and CR, nor U+FFFE/U+FFFF: the writer replaces them
//! with U+FFFD, so its output is always well-formed.
//!
//! [`Meta`]: crate::unit::Meta

mod read;
mod seg;
mod tu;
mod write;

pub use read::TmxReader;
pub use write::TmxWriter;
