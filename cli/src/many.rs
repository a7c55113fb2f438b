//! The commands that act on many articles or annotations at once: tag,
//! state, delete, trash, restore. Each is one core call, one transaction,
//! whatever the count.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;
use clap::error::ErrorKind;
use marginalia_core::{ArticleQuery, Deleted, Library, ReadingState};
use time::OffsetDateTime;

use crate::args::Cli;
use crate::run::{Outcome, print_json};

/// Bad usage: clap's message and exit code 2, as for any other.
fn usage(command: &str, message: &str) -> ! {
    let mut cli = Cli::command();
    let sub = cli.find_subcommand_mut(command).cloned();
    sub.unwrap_or(cli)
        .error(ErrorKind::MissingRequiredArgument, message)
        .exit()
}

/// `tag ID… --tag NAME…`, or the older `tag ID NAME…`.
pub fn tag(
    lib: &Library,
    mut args: Vec<String>,
    mut tags: Vec<String>,
    remove: bool,
    now: OffsetDateTime,
) -> Outcome {
    if tags.is_empty() {
        if args.len() < 2 {
            usage(
                "tag",
                "give the tags: tag ID… --tag NAME… (or tag ID NAME…)",
            );
        }
        tags = args.split_off(1);
    }
    let n = if remove {
        lib.remove_tags_from(&args, &tags, now)?
    } else {
        lib.add_tags_to(&args, &tags, now)?
    };
    if args.len() > 1 {
        let verb = if remove { "untagged" } else { "tagged" };
        eprintln!("{verb} {n} of {} item(s)", args.len());
    }
    Ok(ExitCode::SUCCESS)
}

/// `state ID… STATE`, or `state ID… --to STATE`.
pub fn state(lib: &Library, mut args: Vec<String>, to: Option<ReadingState>) -> Outcome {
    let to = match to {
        Some(to) => to,
        None => {
            if args.len() < 2 {
                usage("state", "give the state: state ID… inbox|later|archive");
            }
            let last = args.pop().unwrap_or_default();
            ReadingState::parse(&last)?
        }
    };
    let n = lib.set_state(&args, to)?;
    if args.len() > 1 {
        eprintln!("moved {n} of {} article(s) to {}", args.len(), to.as_str());
    }
    Ok(ExitCode::SUCCESS)
}

pub fn delete(lib: &Library, ids: &[String], permanent: bool, now: OffsetDateTime) -> Outcome {
    let Deleted {
        articles,
        annotations,
    } = if permanent {
        lib.delete_permanently(ids)?
    } else {
        lib.delete_items(ids, now)?
    };
    match (articles, permanent) {
        (0, _) => {}
        (n, true) => eprintln!("deleted {n} article(s) for good"),
        (n, false) => eprintln!(
            "moved {n} article(s) to the Trash (marginalia-cli restore ID… brings them back)"
        ),
    }
    if annotations > 0 {
        eprintln!("deleted {annotations} annotation(s)");
    }
    Ok(ExitCode::SUCCESS)
}

/// Lists the Trash (id, when deleted, title), or empties it.
pub fn trash(lib: &Library, empty: bool, json: bool, out: &mut impl Write) -> Outcome {
    if empty {
        let n = lib.empty_trash()?;
        eprintln!("deleted {n} article(s) for good");
        return Ok(ExitCode::SUCCESS);
    }
    let items = lib.list_articles(&ArticleQuery {
        trashed: true,
        ..ArticleQuery::default()
    })?;
    if json {
        print_json(out, &items)?;
    } else {
        for a in items {
            let when = a.trashed_at.as_deref().unwrap_or("");
            writeln!(out, "{}\t{when}\t{}", a.id, a.title)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn restore(lib: &Library, ids: &[String], now: OffsetDateTime) -> Outcome {
    let n = lib.restore_articles(ids, now)?;
    eprintln!("restored {n} article(s)");
    Ok(ExitCode::SUCCESS)
}
