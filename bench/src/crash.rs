//! The crash harness: CLI writers (imports of multi-article files,
//! annotations, notes, tags, tag renames, merges and deletes, deletes,
//! colour labels, CSV exports) killed with SIGKILL at random moments, then
//! the library checked. Every write a process acknowledged (exit 0) is
//! there with its exact content; a killed import added all of its file or
//! none of it; the file passes SQLite's and FTS5's integrity checks; an
//! export file is never torn.
//!
//! One copy, used twice: `cargo test` runs 150 cycles
//! (`cli/tests/crash.rs` includes this file), `marginalia-bench crash
//! --cycles N` the long run. Only std and serde_json, so both can build it.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Retag {
    Rename,
    Merge,
    Delete,
}

/// What a run found.
#[derive(Debug, Default)]
pub struct Report {
    pub cycles: usize,
    /// Writers killed before they exited.
    pub killed: usize,
    /// Writes acknowledged (exit 0) and then checked.
    pub acknowledged: usize,
    /// Everything that was wrong; empty means the library kept its word.
    pub problems: Vec<String>,
}

/// xorshift64*: the harness's own small, seeded randomness.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) % n.max(1)
    }
}

/// A write and what must hold once it was acknowledged.
#[derive(Debug, Clone)]
enum Write {
    Import {
        cycle: usize,
    },
    Annotate {
        cycle: usize,
    },
    Note {
        cycle: usize,
    },
    Tag {
        cycle: usize,
    },
    /// Tag `t{of}` renamed to `r{of}`, merged into `merged`, or deleted.
    Retag {
        of: usize,
        how: Retag,
    },
    Delete {
        annotation: String,
    },
    Label,
    Export,
}

struct Harness {
    cli: PathBuf,
    db: PathBuf,
    dir: PathBuf,
    /// The seed articles: (id, a quote that occurs once in it).
    articles: Vec<String>,
    /// Acknowledged annotations: id -> (article, note, tag).
    annotations: HashMap<String, (String, String, String)>,
    /// Tags added to article 0 and acknowledged, by cycle, not yet renamed.
    tags: Vec<usize>,
    /// Label writes in order: (label, acknowledged).
    labels: Vec<(String, bool)>,
    acked: Vec<(Write, String)>,
    killed_imports: Vec<usize>,
}

/// Runs `cycles` killed-writer cycles against a new library in `dir`, with
/// `cli` (the marginalia-cli binary). `max_delay` bounds how long a writer
/// runs before it is killed (some finish first; those are acknowledged).
pub fn run(
    cli: &Path,
    dir: &Path,
    cycles: usize,
    seed: u64,
    max_delay: Duration,
) -> io::Result<Report> {
    let sample = dir.join("sample.txt");
    std::fs::write(
        &sample,
        "First Article About Harbours\nThe harbour opened at dawn.\n\n\
         Second Article About Ferries\nFerries ran late on the northern route.\n",
    )?;
    let mut h = Harness {
        cli: cli.to_owned(),
        db: dir.join("crash.sqlite3"),
        dir: dir.to_owned(),
        articles: Vec::new(),
        annotations: HashMap::new(),
        tags: Vec::new(),
        labels: Vec::new(),
        acked: Vec::new(),
        killed_imports: Vec::new(),
    };
    let out = h.finish(h.spawn(&["import".into(), path_arg(&sample)])?)?;
    h.articles = out
        .lines()
        .filter_map(|l| l.split('\t').next().map(str::to_owned))
        .collect();
    if h.articles.len() != 2 {
        return Err(io::Error::other(format!(
            "the sample did not import: {out}"
        )));
    }
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut report = Report::default();
    for cycle in 0..cycles {
        let (write, args) = h.pick(cycle, &mut rng)?;
        let child = h.spawn(&args)?;
        let delay = Duration::from_micros(rng.below(max_delay.as_micros() as u64 + 1));
        match kill_after(child, delay)? {
            Some(stdout) => {
                report.acknowledged += 1;
                h.acknowledge(write, stdout);
            }
            None => {
                report.killed += 1;
                h.killed(write);
            }
        }
        report.cycles += 1;
        if (cycle + 1) % 25 == 0 || cycle + 1 == cycles {
            report.problems.extend(h.verify()?);
            if !report.problems.is_empty() {
                report
                    .problems
                    .insert(0, format!("after cycle {}", cycle + 1));
                break;
            }
        }
    }
    Ok(report)
}

fn path_arg(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// Waits `delay`, then SIGKILLs the child unless it has exited. Returns its
/// stdout when it exited with success on its own (an acknowledged write).
fn kill_after(mut child: Child, delay: Duration) -> io::Result<Option<String>> {
    let deadline = Instant::now() + delay;
    loop {
        if let Some(status) = child.try_wait()? {
            let mut out = String::new();
            if let Some(mut s) = child.stdout.take() {
                io::Read::read_to_string(&mut s, &mut out)?;
            }
            return Ok(status.success().then_some(out));
        }
        if Instant::now() >= deadline {
            // SIGKILL on Unix: no destructor, no flush, no cleanup.
            child.kill()?;
            child.wait()?;
            return Ok(None);
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

impl Harness {
    fn spawn(&self, args: &[String]) -> io::Result<Child> {
        Command::new(&self.cli)
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env_remove("MARGINALIA_DB")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
    }

    /// Runs a command to its end; its stdout, or an error when it failed.
    fn finish(&self, child: Child) -> io::Result<String> {
        let out = child.wait_with_output()?;
        if !out.status.success() {
            return Err(io::Error::other("a CLI command of the harness failed"));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    fn query(&self, args: &[&str]) -> io::Result<Value> {
        let args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
        let out = self.finish(self.spawn(&args)?)?;
        serde_json::from_str(&out).map_err(io::Error::other)
    }

    fn pick(&mut self, cycle: usize, rng: &mut Rng) -> io::Result<(Write, Vec<String>)> {
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        let article = self.articles[0].clone();
        Ok(match rng.below(8) {
            0 => {
                let file = self.dir.join(format!("cycle-{cycle}.txt"));
                let text: String = (0..3)
                    .map(|k| {
                        format!(
                            "Crash Cycle {cycle} Part {k}\nA paragraph about ferries, number {k} of cycle {cycle}.\n\n"
                        )
                    })
                    .collect();
                std::fs::write(&file, text)?;
                (
                    Write::Import { cycle },
                    vec!["import".into(), path_arg(&file)],
                )
            }
            1 => (
                Write::Annotate { cycle },
                s(&[
                    "annotate",
                    &article,
                    "--quote",
                    "harbour opened",
                    "--note",
                    &format!("note {cycle}: \"quoted\", =1+1, ünïcödé"),
                    "--color",
                    "green",
                    "--tag",
                    &format!("a{cycle}"),
                ]),
            ),
            2 => (
                Write::Note { cycle },
                s(&["note", &self.articles[1], &format!("article note {cycle}")]),
            ),
            3 => (
                Write::Tag { cycle },
                s(&["tag", &article, &format!("t{cycle}")]),
            ),
            4 if !self.tags.is_empty() => {
                let of = self.tags[rng.below(self.tags.len() as u64) as usize];
                let (old, new) = (format!("t{of}"), format!("r{of}"));
                let (how, args) = match rng.below(3) {
                    0 => (Retag::Rename, s(&["tags", "rename", &old, &new])),
                    1 => (Retag::Merge, s(&["tags", "merge", &old, "merged"])),
                    _ => (Retag::Delete, s(&["tags", "delete", &old])),
                };
                (Write::Retag { of, how }, args)
            }
            5 if !self.annotations.is_empty() => {
                let mut ids: Vec<&String> = self.annotations.keys().collect();
                ids.sort();
                let id = ids[rng.below(ids.len() as u64) as usize].clone();
                (
                    Write::Delete {
                        annotation: id.clone(),
                    },
                    s(&["delete", &id]),
                )
            }
            6 => {
                let label = format!("label {cycle}");
                self.labels.push((label.clone(), false));
                (Write::Label, s(&["colors", "label", "yellow", &label]))
            }
            _ => (
                Write::Export,
                s(&[
                    "export",
                    "csv",
                    "--out",
                    &path_arg(&self.dir.join("export.csv")),
                ]),
            ),
        })
    }

    fn acknowledge(&mut self, write: Write, stdout: String) {
        match &write {
            Write::Annotate { cycle } => {
                self.annotations.insert(
                    stdout.trim().to_owned(),
                    (
                        self.articles[0].clone(),
                        format!("note {cycle}: \"quoted\", =1+1, ünïcödé"),
                        format!("a{cycle}"),
                    ),
                );
            }
            Write::Note { cycle } => {
                self.annotations.insert(
                    stdout.trim().to_owned(),
                    (
                        self.articles[1].clone(),
                        format!("article note {cycle}"),
                        String::new(),
                    ),
                );
            }
            Write::Tag { cycle } => self.tags.push(*cycle),
            Write::Retag { of, .. } => self.tags.retain(|t| t != of),
            Write::Delete { annotation } => {
                self.annotations.remove(annotation);
            }
            Write::Label => {
                if let Some(last) = self.labels.last_mut() {
                    last.1 = true;
                }
            }
            Write::Import { .. } | Write::Export => {}
        }
        self.acked.push((write, stdout));
    }

    fn killed(&mut self, write: Write) {
        match write {
            Write::Import { cycle } => self.killed_imports.push(cycle),
            // A retag or delete that was killed may or may not have
            // committed: stop expecting either state of it.
            Write::Retag { of, .. } => self.tags.retain(|t| *t != of),
            Write::Delete { annotation } => {
                self.annotations.remove(&annotation);
            }
            _ => {}
        }
    }

    /// Everything that must hold now.
    fn verify(&self) -> io::Result<Vec<String>> {
        let mut problems = Vec::new();
        let check = self.spawn(&["check".into()])?.wait_with_output()?;
        if !check.status.success() || String::from_utf8_lossy(&check.stdout).trim() != "ok" {
            problems.push("integrity check failed".to_owned());
        }
        let list = self.query(&["list", "--json"])?;
        let titles: Vec<&str> = list
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a["title"].as_str())
            .collect();
        // Imports: acknowledged ones whole; killed ones whole or not at all.
        for (w, out) in &self.acked {
            if let Write::Import { cycle } = w {
                let ids = out.lines().count();
                let here = parts_of(&titles, *cycle);
                if ids != 3 || here != 3 {
                    problems.push(format!(
                        "import of cycle {cycle}: {ids} printed, {here} present"
                    ));
                }
            }
        }
        for cycle in &self.killed_imports {
            let here = parts_of(&titles, *cycle);
            if here != 0 && here != 3 {
                problems.push(format!(
                    "killed import of cycle {cycle} left {here} of 3 articles"
                ));
            }
        }
        // Annotations and notes: exactly as written.
        let mut shown: HashMap<String, Value> = HashMap::new();
        for id in &self.articles {
            let article = self.query(&["show", id, "--json"])?;
            for a in article["annotations"].as_array().into_iter().flatten() {
                if let Some(aid) = a["id"].as_str() {
                    shown.insert(aid.to_owned(), a.clone());
                }
            }
            if id == &self.articles[0] {
                let tags = strings(&article["tags"]);
                for t in &self.tags {
                    if !tags.contains(&format!("t{t}").as_str()) {
                        problems.push(format!("tag t{t} is missing from the article"));
                    }
                }
                for (w, _) in &self.acked {
                    let Write::Retag { of, how } = w else {
                        continue;
                    };
                    let want = match how {
                        Retag::Rename => Some(format!("r{of}")),
                        Retag::Merge => Some("merged".to_owned()),
                        Retag::Delete => None,
                    };
                    if tags.contains(&format!("t{of}").as_str()) {
                        problems.push(format!("t{of} is still on the article after {how:?}"));
                    }
                    if let Some(want) = want
                        && !tags.contains(&want.as_str())
                    {
                        problems.push(format!("{want} is missing after {how:?} of t{of}"));
                    }
                }
            }
        }
        for (id, (article, note, tag)) in &self.annotations {
            match shown.get(id) {
                None => problems.push(format!("acknowledged annotation {id} is gone")),
                Some(a) => {
                    let tags = strings(&a["tags"]);
                    let want: Vec<&str> = Some(tag.as_str())
                        .filter(|t| !t.is_empty())
                        .into_iter()
                        .collect();
                    if a["article_id"] != article.as_str()
                        || a["note"] != note.as_str()
                        || tags != want
                    {
                        problems.push(format!("annotation {id} differs: {a}"));
                    }
                }
            }
        }
        for (w, _) in &self.acked {
            if let Write::Delete { annotation } = w
                && shown.contains_key(annotation)
            {
                problems.push(format!("deleted annotation {annotation} is back"));
            }
        }
        // The label is the last acknowledged one or one written after it.
        let colors = self.query(&["colors", "--json"])?;
        let label = colors
            .as_array()
            .into_iter()
            .flatten()
            .find(|c| c["name"] == "yellow")
            .and_then(|c| c["label"].as_str())
            .unwrap_or_default()
            .to_owned();
        let from = self.labels.iter().rposition(|(_, acked)| *acked);
        let allowed: Vec<&str> = match from {
            Some(i) => self.labels[i..].iter().map(|(l, _)| l.as_str()).collect(),
            None => std::iter::once("key point")
                .chain(self.labels.iter().map(|(l, _)| l.as_str()))
                .collect(),
        };
        if !allowed.contains(&label.as_str()) {
            problems.push(format!(
                "yellow's label is {label:?}, expected one of {allowed:?}"
            ));
        }
        // An export is whole or absent, never torn.
        if let Ok(csv) = std::fs::read_to_string(self.dir.join("export.csv"))
            && let Err(why) = whole_csv(&csv)
        {
            problems.push(format!("export.csv is torn: {why}"));
        }
        Ok(problems)
    }
}

/// The strings of a JSON array (none when it is not one).
fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

fn parts_of(titles: &[&str], cycle: usize) -> usize {
    let prefix = format!("Crash Cycle {cycle} Part ");
    titles.iter().filter(|t| t.starts_with(&prefix)).count()
}

/// A complete RFC 4180 file: the header's columns in every record, the last
/// record ended by CRLF, no quote left open.
fn whole_csv(csv: &str) -> Result<(), String> {
    if !csv.starts_with("annotation_id,") {
        return Err("no header".into());
    }
    if !csv.ends_with("\r\n") {
        return Err("the last record is not ended".into());
    }
    let (mut quoted, mut fields, mut columns) = (false, 1usize, None);
    let mut chars = csv.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields += 1,
            '\r' if !quoted && chars.peek() == Some(&'\n') => {
                chars.next();
                if *columns.get_or_insert(fields) != fields {
                    return Err(format!("a record has {fields} fields"));
                }
                fields = 1;
            }
            _ => {}
        }
    }
    if quoted {
        return Err("a quoted field is not closed".into());
    }
    Ok(())
}
