//! Deterministic corpus generator: English-like articles with a Zipf-shaped
//! vocabulary (a fixed list of common English words in rough frequency order,
//! then generated rare words), Title Case headlines, a few frequent two-word
//! collocations (so phrase queries have something to find), and tags.
//!
//! Everything is a pure function of (seed, index): article `i` is the same
//! bytes on every run and machine, and can be generated on its own (see
//! rng.rs for the RNG).

use std::collections::HashSet;

pub use crate::rng::{Alias, Rng};

const COMMON_WORDS: &str = include_str!("words.txt");
/// Total vocabulary size: common words plus generated rare words.
const VOCAB_SIZE: usize = 50_000;
/// The vocabulary does not depend on the corpus seed, so query words are stable.
const VOCAB_SEED: u64 = 0x6d61_7267_696e_616c;
/// Headlines draw from content words only (below this rank are mostly
/// function words).
const HEADLINE_MIN_RANK: usize = 60;
/// Chance that a word slot holds one of the collocations instead.
const COLLOCATION_RATE: f64 = 0.03;

pub const COLLOCATIONS: &[&str] = &[
    "public health",
    "interest rates",
    "climate change",
    "supply chain",
    "prime minister",
    "foreign policy",
    "human rights",
    "social media",
    "central bank",
    "real estate",
    "artificial intelligence",
    "energy prices",
    "trade deal",
    "health care",
    "labour market",
    "school board",
    "city council",
    "police officers",
    "power grid",
    "water supply",
    "housing market",
    "election campaign",
    "civil society",
    "peace talks",
    "border security",
    "stock market",
    "oil prices",
    "research team",
    "data centre",
    "local government",
    "tax reform",
    "nuclear power",
    "carbon emissions",
    "food security",
    "press freedom",
    "credit card",
    "train station",
    "free trade",
    "market share",
    "side effects",
];

/// Tag names in popularity order (Zipf-weighted when assigned).
pub const TAGS: &[&str] = &[
    "economy",
    "science",
    "politics",
    "health",
    "technology",
    "climate",
    "history",
    "culture",
    "education",
    "energy",
    "security",
    "law",
    "sports",
    "travel",
    "food",
    "media",
    "housing",
    "transport",
    "finance",
    "labour",
    "research",
    "Europe",
    "Asia",
    "Africa",
    "Americas",
    "long read",
    "to reread",
    "reference",
    "quotes",
    "ideas",
];

// ---- vocabulary ---------------------------------------------------------------

fn rare_word(rng: &mut Rng) -> String {
    const ONSETS: &[&str] = &[
        "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
        "br", "cr", "dr", "fr", "gr", "pl", "st", "tr", "ch", "sh", "th", "qu",
    ];
    const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y"];
    const CODAS: &[&str] = &["", "", "", "n", "r", "s", "l", "m", "nd", "st", "ck", "x"];
    let syllables = rng.range(2, 5);
    let mut w = String::new();
    for k in 0..syllables {
        w.push_str(ONSETS[rng.below(ONSETS.len())]);
        w.push_str(VOWELS[rng.below(VOWELS.len())]);
        if k + 1 == syllables || rng.chance(0.3) {
            w.push_str(CODAS[rng.below(CODAS.len())]);
        }
    }
    w
}

/// Words by rank (0 = most common) and a Zipf(s = 1) sampler over them.
#[derive(Debug, Clone)]
pub struct Vocab {
    pub words: Vec<String>,
    sampler: Alias,
}

impl Vocab {
    pub fn new() -> Vocab {
        let mut seen = HashSet::new();
        let mut words: Vec<String> = Vec::with_capacity(VOCAB_SIZE);
        for w in COMMON_WORDS.split_whitespace() {
            if seen.insert(w.to_owned()) {
                words.push(w.to_owned());
            }
        }
        let mut rng = Rng::new(VOCAB_SEED);
        while words.len() < VOCAB_SIZE {
            let w = rare_word(&mut rng);
            if w.len() >= 5 && seen.insert(w.clone()) {
                words.push(w);
            }
        }
        let sampler = Alias::zipf(words.len(), 1.0);
        Vocab { words, sampler }
    }

    pub fn sample(&self, rng: &mut Rng) -> &str {
        &self.words[self.sampler.sample(rng)]
    }
}

// ---- articles -----------------------------------------------------------------

/// One generated article: a headline and its text (paragraphs separated by a
/// blank line, exactly what core stores after parsing the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenArticle {
    pub title: String,
    pub text: String,
}

const ARTICLE_STREAM: u64 = 1;
const LONG_STREAM: u64 = 2;

fn capitalize(w: &str, out: &mut String) {
    let mut cs = w.chars();
    if let Some(c) = cs.next() {
        out.extend(c.to_uppercase());
        out.push_str(cs.as_str());
    }
}

#[derive(Debug, Clone)]
pub struct Corpus {
    pub seed: u64,
    pub vocab: Vocab,
    collocations: Alias,
    tags: Alias,
}

impl Corpus {
    pub fn new(seed: u64) -> Corpus {
        Corpus {
            seed,
            vocab: Vocab::new(),
            collocations: Alias::zipf(COLLOCATIONS.len(), 1.0),
            tags: Alias::zipf(TAGS.len(), 1.0),
        }
    }

    /// A tag name, Zipf-weighted by popularity.
    pub fn tag(&self, rng: &mut Rng) -> &'static str {
        TAGS[self.tags.sample(rng)]
    }

    /// One sentence: 6-21 words, capitalised, commas now and then, final period.
    pub fn sentence(&self, rng: &mut Rng, out: &mut String) {
        let n = rng.range(6, 22);
        for k in 0..n {
            if k > 0 {
                out.push(' ');
            }
            let w = if rng.chance(COLLOCATION_RATE) {
                COLLOCATIONS[self.collocations.sample(rng)]
            } else {
                self.vocab.sample(rng)
            };
            if k == 0 {
                capitalize(w, out);
            } else {
                out.push_str(w);
            }
            if k + 1 < n && k > 1 && rng.chance(0.07) {
                out.push(',');
            }
        }
        out.push('.');
    }

    fn paragraph(&self, rng: &mut Rng, out: &mut String) {
        let n = rng.range(2, 7);
        for k in 0..n {
            if k > 0 {
                out.push(' ');
            }
            self.sentence(rng, out);
        }
    }

    /// 4-9 Title Case content words, no final punctuation.
    fn headline(&self, rng: &mut Rng) -> String {
        let n = rng.range(4, 10);
        let mut t = String::new();
        for k in 0..n {
            let w = loop {
                let i = self.vocab.sampler.sample(rng);
                if i >= HEADLINE_MIN_RANK {
                    break &self.vocab.words[i];
                }
            };
            if k > 0 {
                t.push(' ');
            }
            capitalize(w, &mut t);
        }
        t
    }

    fn body(&self, rng: &mut Rng, target_bytes: usize) -> String {
        let mut text = String::with_capacity(target_bytes + 512);
        while text.len() < target_bytes {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            self.paragraph(rng, &mut text);
        }
        text
    }

    /// Article `index`: about 2 KB of text (1.5-3.4 KB, mean near 2 KB).
    pub fn article(&self, index: u64) -> GenArticle {
        let mut rng = Rng::for_item(self.seed, ARTICLE_STREAM, index);
        let title = self.headline(&mut rng);
        let target = rng.range(1500, 2300);
        GenArticle {
            title,
            text: self.body(&mut rng, target),
        }
    }

    /// One long article of at least `bytes` bytes of text.
    pub fn long_article(&self, bytes: usize) -> GenArticle {
        let mut rng = Rng::for_item(self.seed, LONG_STREAM, bytes as u64);
        let title = self.headline(&mut rng);
        GenArticle {
            title,
            text: self.body(&mut rng, bytes),
        }
    }

    /// Articles `first..first + count`.
    pub fn articles(&self, first: u64, count: u64) -> Vec<GenArticle> {
        (first..first + count).map(|i| self.article(i)).collect()
    }

    /// Note text: one or two sentences.
    pub fn note(&self, rng: &mut Rng) -> String {
        let mut s = String::new();
        self.sentence(rng, &mut s);
        if rng.chance(0.4) {
            s.push(' ');
            self.sentence(rng, &mut s);
        }
        s
    }
}

/// The bytes of a `.txt` file holding `articles`: each a headline line, a
/// blank line, its paragraphs separated by blank lines.
pub fn file_bytes(articles: &[GenArticle]) -> Vec<u8> {
    let mut out = String::with_capacity(articles.iter().map(|a| a.text.len() + 200).sum());
    for a in articles {
        out.push_str(&a.title);
        out.push_str("\n\n");
        out.push_str(&a.text);
        out.push_str("\n\n");
    }
    out.into_bytes()
}

/// Byte ranges of the sentences of `text` (ASCII, so byte offsets are also
/// code-point offsets). Each lies within one paragraph.
pub fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut spans = Vec::new();
    let mut start = 0;
    for i in 0..b.len() {
        if b[i] == b'.' && (i + 1 == b.len() || b[i + 1] == b' ' || b[i + 1] == b'\n') {
            if i + 1 > start {
                spans.push((start, i + 1));
            }
            start = i + 1;
            while start < b.len() && (b[start] == b' ' || b[start] == b'\n') {
                start += 1;
            }
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn same_seed_same_bytes() {
        let a = file_bytes(&Corpus::new(7).articles(0, 30));
        let b = file_bytes(&Corpus::new(7).articles(0, 30));
        assert_eq!(a, b);
        assert_ne!(a, file_bytes(&Corpus::new(8).articles(0, 30)));
        // Random access gives the same article as sequential generation.
        assert_eq!(
            Corpus::new(7).article(17),
            Corpus::new(7).articles(10, 10)[7]
        );
    }

    #[test]
    fn articles_are_about_2kb_and_parse_as_core_expects() {
        let c = Corpus::new(1);
        for a in c.articles(0, 50) {
            assert!((1500..3400).contains(&a.text.len()), "{}", a.text.len());
            assert!(a.title.split(' ').count() >= 4);
            assert!(!a.title.ends_with('.'));
            for p in a.text.split("\n\n") {
                assert!(p.ends_with('.') && !p.contains('\n'));
            }
        }
        let spans = sentence_spans("One two. Three four.\n\nFive six.");
        assert_eq!(spans, vec![(0, 8), (9, 20), (22, 31)]);
    }

    #[test]
    fn vocabulary_is_zipf_like() {
        let c = Corpus::new(3);
        let mut freq: HashMap<String, usize> = HashMap::new();
        for a in c.articles(0, 300) {
            for w in a
                .text
                .split(|ch: char| !ch.is_ascii_alphabetic())
                .filter(|w| !w.is_empty())
            {
                *freq.entry(w.to_ascii_lowercase()).or_default() += 1;
            }
        }
        let mut counts: Vec<usize> = freq.values().copied().collect();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        let top = counts[0];
        let median = counts[counts.len() / 2];
        assert!(top >= 100 * median, "top {top}, median {median}");
        let total: usize = counts.iter().sum();
        // "the" (rank 1) should be several percent of all tokens, as in English.
        let the = freq.get("the").copied().unwrap_or(0);
        assert!(the * 100 >= total * 4, "the = {the} of {total}");
        assert!(counts.len() > 5_000, "only {} distinct words", counts.len());
    }
}
