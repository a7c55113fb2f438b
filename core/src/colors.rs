//! The highlight palette: named colours with labels the user can change.

use rusqlite::{Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::model::Color;
use crate::store::Library;

pub const DEFAULT_COLOR: &str = "yellow";

fn palette(c: &Connection) -> Result<Vec<Color>> {
    let mut stmt = c.prepare_cached("SELECT name, label, hex FROM colors ORDER BY position")?;
    let rows = stmt.query_map([], |r| {
        Ok(Color {
            name: r.get(0)?,
            label: r.get(1)?,
            hex: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The palette name for `color` (default when `None`), or an error listing
/// the palette.
pub(crate) fn check_color(c: &Connection, color: Option<&str>) -> Result<String> {
    let name = color.map_or(DEFAULT_COLOR.to_owned(), |s| s.trim().to_lowercase());
    let known: Option<String> = c
        .query_row("SELECT name FROM colors WHERE name = ?1", [&name], |r| {
            r.get(0)
        })
        .optional()?;
    known.ok_or_else(|| {
        let names: Vec<String> = palette(c)
            .unwrap_or_default()
            .into_iter()
            .map(|c| c.name)
            .collect();
        Error::invalid(format!(
            "unknown colour {name:?}; the palette has {}",
            names.join(", ")
        ))
    })
}

impl Library {
    pub fn colors(&self) -> Result<Vec<Color>> {
        self.read(palette)
    }

    /// Changes what a colour means to the user ("key point", "disagree" ...).
    pub fn set_color_label(&self, name: &str, label: &str) -> Result<Color> {
        let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
        if label.is_empty() || label.chars().count() > 60 {
            return Err(Error::invalid(
                "a colour label must have 1 to 60 characters",
            ));
        }
        self.write(|tx| {
            let name = check_color(tx, Some(name))?;
            tx.execute(
                "UPDATE colors SET label = ?2 WHERE name = ?1",
                [&name, &label],
            )?;
            palette(tx)?
                .into_iter()
                .find(|c| c.name == name)
                .ok_or_else(|| Error::not_found("colour", &name))
        })
    }
}
