//! Metrics: what is measured, its baseline and goal; percentiles; the JSON
//! Lines file (written as each metric is taken, so a later failure loses
//! nothing) and the table for humans.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Metric {
    pub name: String,
    pub value: f64,
    pub unit: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<f64>,
    /// value / baseline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio: Option<f64>,
    /// The goal in words; empty when there is none.
    pub goal: String,
    /// Whether the goal is met; `None` when there is no goal.
    pub met: Option<bool>,
}

impl Metric {
    pub fn new(name: impl Into<String>, value: f64, unit: &str) -> Metric {
        Metric {
            name: name.into(),
            value,
            unit: unit.to_owned(),
            baseline: None,
            ratio: None,
            goal: String::new(),
            met: None,
        }
    }

    pub fn baseline(mut self, baseline: f64) -> Metric {
        self.baseline = Some(baseline);
        self.ratio = (baseline != 0.0 && baseline.is_finite()).then(|| self.value / baseline);
        self
    }

    pub fn goal(mut self, goal: impl Into<String>, met: bool) -> Metric {
        self.goal = goal.into();
        self.met = Some(met && self.value.is_finite());
        self
    }

    pub fn note(mut self, goal: impl Into<String>) -> Metric {
        self.goal = goal.into();
        self
    }
}

/// Summary of latency samples (milliseconds).
#[derive(Debug, Clone, Copy)]
pub struct Stats {
    pub n: usize,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

/// Nearest-rank percentile of sorted samples (p in 0..=100).
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let n = sorted.len();
    let rank = ((p / 100.0) * n as f64).ceil() as usize;
    sorted[rank.clamp(1, n) - 1]
}

pub fn stats(samples: &[f64]) -> Stats {
    let mut s = samples.to_vec();
    s.sort_by(f64::total_cmp);
    Stats {
        n: s.len(),
        p50: percentile(&s, 50.0),
        p95: percentile(&s, 95.0),
        p99: percentile(&s, 99.0),
        max: s.last().copied().unwrap_or(f64::NAN),
    }
}

/// The median (mean of the middle two for an even count).
pub fn median(samples: &[f64]) -> f64 {
    let mut s = samples.to_vec();
    s.sort_by(f64::total_cmp);
    match s.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => s[n / 2],
        n => (s[n / 2 - 1] + s[n / 2]) / 2.0,
    }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// "10k", "100k", "1m" for article and annotation counts.
pub fn size_label(n: u64) -> String {
    if n >= 1_000_000 && n.is_multiple_of(1_000_000) {
        format!("{}m", n / 1_000_000)
    } else if n >= 1_000 && n.is_multiple_of(1_000) {
        format!("{}k", n / 1_000)
    } else {
        n.to_string()
    }
}

fn start() -> Instant {
    static START: OnceLock<Instant> = OnceLock::new();
    *START.get_or_init(Instant::now)
}

/// Progress line on stderr with the time since the run began.
pub fn log(msg: impl AsRef<str>) {
    eprintln!(
        "[{:>7.1}s] {}",
        start().elapsed().as_secs_f64(),
        msg.as_ref()
    );
}

/// Collects metrics, writes each to the JSON Lines file at once.
pub struct Recorder {
    pub metrics: Vec<Metric>,
    pub notes: Vec<String>,
    out: Option<BufWriter<File>>,
}

impl Recorder {
    pub fn new(json: Option<&Path>) -> std::io::Result<Recorder> {
        start();
        let out = match json {
            Some(p) => {
                if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)?;
                }
                Some(BufWriter::new(File::create(p)?))
            }
            None => None,
        };
        Ok(Recorder {
            metrics: Vec::new(),
            notes: Vec::new(),
            out,
        })
    }

    pub fn push(&mut self, m: Metric) {
        let status = match m.met {
            Some(true) => " (goal met)",
            Some(false) => " (GOAL MISSED)",
            None => "",
        };
        log(format!(
            "metric {} = {} {}{}",
            m.name,
            fmt_num(m.value),
            m.unit,
            status
        ));
        if let Some(out) = self.out.as_mut() {
            let line =
                serde_json::to_string(&m).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
            let written = writeln!(out, "{line}").and_then(|()| out.flush());
            if let Err(e) = written {
                eprintln!("warning: cannot write the JSON file: {e}");
            }
        }
        self.metrics.push(m);
    }

    /// Something a reader of the results must know (a skipped part, a caveat).
    pub fn note(&mut self, msg: impl Into<String>) {
        let msg = msg.into();
        log(format!("note: {msg}"));
        self.notes.push(msg);
    }

    pub fn print_table(&self) {
        let header = [
            "metric", "value", "unit", "baseline", "ratio", "goal", "status",
        ];
        let rows: Vec<[String; 7]> = self
            .metrics
            .iter()
            .map(|m| {
                [
                    m.name.clone(),
                    fmt_num(m.value),
                    m.unit.clone(),
                    m.baseline.map(fmt_num).unwrap_or_else(|| "-".into()),
                    m.ratio
                        .map(|r| format!("{r:.2}x"))
                        .unwrap_or_else(|| "-".into()),
                    if m.goal.is_empty() {
                        "-".into()
                    } else {
                        m.goal.clone()
                    },
                    match m.met {
                        Some(true) => "ok".into(),
                        Some(false) => "MISSED".into(),
                        None => "".into(),
                    },
                ]
            })
            .collect();
        let mut widths = header.map(str::len);
        for r in &rows {
            for (w, c) in widths.iter_mut().zip(r) {
                *w = (*w).max(c.chars().count());
            }
        }
        let line = |cells: &[String]| {
            let mut s = String::new();
            for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
                let pad = w.saturating_sub(c.chars().count());
                // Numbers right-aligned, text left-aligned.
                if matches!(i, 1 | 3 | 4) {
                    s.push_str(&" ".repeat(pad));
                    s.push_str(c);
                } else {
                    s.push_str(c);
                    s.push_str(&" ".repeat(pad));
                }
                s.push_str("  ");
            }
            s.trim_end().to_owned()
        };
        let head: Vec<String> = header.iter().map(|s| (*s).to_owned()).collect();
        println!("{}", line(&head[..]));
        println!(
            "{}",
            widths
                .iter()
                .map(|w| "-".repeat(*w))
                .collect::<Vec<_>>()
                .join("  ")
        );
        for r in &rows {
            println!("{}", line(&r[..]));
        }
        let missed = self.metrics.iter().filter(|m| m.met == Some(false)).count();
        let met = self.metrics.iter().filter(|m| m.met == Some(true)).count();
        println!();
        println!("goals: {met} met, {missed} missed");
        for n in &self.notes {
            println!("note: {n}");
        }
    }
}

/// A number with sensible precision for a table.
pub fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".into();
    }
    let a = v.abs();
    if a >= 1000.0 {
        format!("{v:.0}")
    } else if a >= 100.0 {
        format!("{v:.1}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let s: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&s, 50.0), 50.0);
        assert_eq!(percentile(&s, 95.0), 95.0);
        assert_eq!(percentile(&s, 100.0), 100.0);
        assert_eq!(percentile(&[3.0], 99.0), 3.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(size_label(100_000), "100k");
        assert_eq!(size_label(1_000_000), "1m");
    }
}
