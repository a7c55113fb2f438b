//! Marginalia's core: a library of articles with highlights, notes and tags
//! in one SQLite file; import, anchoring, full-text search and CSV export.
//! No UI and no Tauri: the CLI and the desktop app are thin layers over this.

pub mod anchor;
mod annotations;
mod articles;
mod batch;
mod colors;
pub mod document;
mod error;
pub mod export;
pub mod fetch;
mod history;
mod images;
pub mod import;
mod index;
mod links;
mod metadata;
mod model;
mod preferences;
mod reading;
pub mod search;
mod settings;
pub mod stamp;
mod store;
mod tags;
pub mod texts;
mod trash;
mod welcome;

pub use annotations::{AnnotationInput, AnnotationPatch, AnnotationQuery, AnnotationSort, Passage};
pub use articles::{ArticleQuery, ArticleSort, ImportStatus, ImportedArticle};
pub use batch::{FileOutcome, default_workers};
pub use colors::DEFAULT_COLOR;
pub use error::{Error, Result};
pub use export::{CsvFormat, ExportOptions, ExportSummary};
pub use history::{UndoState, Undone};
pub use index::TIDY_AFTER_ARTICLES;
pub use metadata::{ArticleEdit, EditedArticle};
pub use model::{
    Annotation, AnnotationInContext, AnnotationKind, Article, ArticleSummary, Color, TagCount,
};
pub use preferences::{ListName, ReaderSettings, Session, Theme, Typeface, ViewName};
pub use reading::{FINISHED_PERCENT, Reading, ReadingState, StateCounts};
pub use search::{HitKind, SearchHit, SearchPage, SearchQuery};
pub use store::{
    APP_IDENTIFIER, Library, MIGRATIONS, Restored, SCHEMA_VERSION, UpgradeProgress,
    default_db_path, user_db_path,
};
pub use tags::validate as validate_tag;
pub use trash::{Deleted, TRASH_DAYS};
pub use welcome::WELCOME_TITLE;
