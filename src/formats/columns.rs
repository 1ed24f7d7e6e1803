//! The columns of a TSV or CSV file (`--columns`, a header) and the
//! options a TSV or CSV reader takes.

use std::str::FromStr;

/// A column of a TSV or CSV file (`--columns ru,en,article,date`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Ru,
    En,
    /// `article`, or its alias `url`.
    Article,
    Position,
    Date,
    Origin,
    Note,
    /// `;`-separated tags.
    Tags,
    Created,
    Changed,
    /// Context hashes (16 hex digits), as [`crate::unit::Context`].
    PrevRu,
    NextRu,
    PrevEn,
    NextEn,
    /// A column that is read and dropped: `id` (ids are recomputed) or `-`.
    Ignore,
}

impl Column {
    /// The canonical name, as written in a header.
    pub fn name(self) -> &'static str {
        match self {
            Column::Ru => "ru",
            Column::En => "en",
            Column::Article => "article",
            Column::Position => "position",
            Column::Date => "date",
            Column::Origin => "origin",
            Column::Note => "note",
            Column::Tags => "tags",
            Column::Created => "created",
            Column::Changed => "changed",
            Column::PrevRu => "prev_ru",
            Column::NextRu => "next_ru",
            Column::PrevEn => "prev_en",
            Column::NextEn => "next_en",
            Column::Ignore => "-",
        }
    }

    /// Parses a `--columns` list such as `ru,en,article,date`: each name
    /// once (except `id`/`-`), `ru` and `en` required.
    pub fn parse_list(spec: &str) -> Result<Vec<Column>, String> {
        let columns = spec
            .split(',')
            .map(|name| name.trim().parse::<Column>())
            .collect::<Result<Vec<_>, _>>()?;
        check_columns(&columns)?;
        Ok(columns)
    }

    /// Checks a list of columns: `ru` and `en` present, no column twice
    /// (except `id`/`-`). Readers refuse a list that fails this.
    pub fn check_list(columns: &[Column]) -> Result<(), String> {
        check_columns(columns)
    }
}

/// Checks that `ru` and `en` appear and that no column appears twice.
pub(crate) fn check_columns(columns: &[Column]) -> Result<(), String> {
    for (i, c) in columns.iter().enumerate() {
        if *c != Column::Ignore && columns[..i].contains(c) {
            return Err(format!("column `{}` is named twice", c.name()));
        }
    }
    for required in [Column::Ru, Column::En] {
        if !columns.contains(&required) {
            return Err(format!("the columns must include `{}`", required.name()));
        }
    }
    Ok(())
}

/// The known column names, for messages.
pub const COLUMN_NAMES: &str = "ru, en, article (or url), position, date, origin, note, tags, \
     created, changed, prev_ru, next_ru, prev_en, next_en, id or - (ignored)";

impl FromStr for Column {
    type Err = String;

    fn from_str(s: &str) -> Result<Column, String> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "ru" => Column::Ru,
            "en" => Column::En,
            "article" | "url" => Column::Article,
            "position" => Column::Position,
            "date" => Column::Date,
            "origin" => Column::Origin,
            "note" => Column::Note,
            "tags" => Column::Tags,
            "created" => Column::Created,
            "changed" => Column::Changed,
            "prev_ru" => Column::PrevRu,
            "next_ru" => Column::NextRu,
            "prev_en" => Column::PrevEn,
            "next_en" => Column::NextEn,
            "id" | "-" => Column::Ignore,
            _ => {
                return Err(format!(
                    "unknown column `{s}`: known columns are {COLUMN_NAMES}"
                ))
            }
        })
    }
}

/// How to read a TSV or CSV file (ignored by the other formats).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The columns, in order (`--columns`). `None`: from the header, else
    /// `ru, en`.
    pub columns: Option<Vec<Column>>,
    /// Whether the first line is a header. `None`: it is when every field
    /// is a known column name, or when it names both `ru` and `en`.
    pub has_header: Option<bool>,
    /// Read a header's unknown columns and drop them (`check`, which needs
    /// only `ru`, `en` and `date`), instead of refusing the file (`import`,
    /// where a misspelt column would lose data).
    pub ignore_unknown_columns: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_lists() {
        use Column::*;
        let cases: [(&str, Result<Vec<Column>, &str>); 6] = [
            ("ru,en", Ok(vec![Ru, En])),
            (" RU , en,url, date,id,-", Ok(vec![Ru, En, Article, Date, Ignore, Ignore])),
            ("en,ru,tags", Ok(vec![En, Ru, Tags])),
            ("ru,date", Err("the columns must include `en`")),
            ("ru,en,article,url", Err("column `article` is named twice")),
            ("ru,en,score", Err("unknown column `score`: known columns are ru, en, article (or url), position, date, origin, note, tags, created, changed, prev_ru, next_ru, prev_en, next_en, id or - (ignored)")),
        ];
        for (spec, expected) in cases {
            assert_eq!(
                Column::parse_list(spec),
                expected.map_err(str::to_string),
                "{spec}"
            );
        }
    }
}
