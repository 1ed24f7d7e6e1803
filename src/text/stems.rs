//! The stems a thread keeps: for one language, the Snowball stems of the
//! first words the thread stems, in a table that holds each word and its
//! stem inline, so that a look-up reads one cache line.
//!
//! A stem is a function of the word, so a kept stem is the stem; what the
//! table saves is Snowball's work, and what it must not cost is a chase
//! through pointers (a map of boxed strings reads its slot, the key and the
//! value from three places: on the import's loaded cores, most of the time
//! of stemming went there, not to Snowball).

use std::hash::BuildHasher;

use rustc_hash::FxBuildHasher;

/// Slots of a full table: twice the words kept, so that a probe of linear
/// probing seldom goes past a few slots.
const MAX_SLOTS: usize = 1 << 16;
/// Slots of a new table: small commands stem a few words and should not
/// touch megabytes; the table doubles as it fills.
const FIRST_SLOTS: usize = 1 << 10;
/// How many words a table keeps: the first ones met, which in news text are
/// mostly the frequent ones. Nothing is evicted, so a look-up never costs
/// more than a hash and a probe.
pub(super) const KEPT_WORDS: usize = MAX_SLOTS / 2;
/// Bytes a slot has for a word and the tail of its stem: longer words are
/// stemmed every time.
const ROOM: usize = 60;

/// One word and its stem, in one cache line. The stem is the word's first
/// `prefix` bytes followed by `tail` bytes (Snowball mostly cuts endings, so
/// the tail is mostly empty).
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Slot {
    /// The word's length in bytes; 0 is an empty slot (no word is empty).
    len: u8,
    /// Eight bits of the word's hash, to pass most other words by without
    /// comparing them.
    tag: u8,
    prefix: u8,
    tail: u8,
    /// The word, then the tail of its stem.
    bytes: [u8; ROOM],
}

const EMPTY: Slot = Slot {
    len: 0,
    tag: 0,
    prefix: 0,
    tail: 0,
    bytes: [0; ROOM],
};

impl Slot {
    fn holds(&self, word: &[u8], tag: u8) -> bool {
        usize::from(self.len) == word.len() && self.tag == tag && &self.bytes[..word.len()] == word
    }

    /// The stem of the word this slot holds (`word`, equal to it).
    fn stem(&self, word: &str) -> String {
        let prefix = usize::from(self.prefix);
        let start = usize::from(self.len);
        let tail = &self.bytes[start..start + usize::from(self.tail)];
        let mut stem = String::with_capacity(prefix + tail.len());
        stem.push_str(&word[..prefix]);
        if !tail.is_empty() {
            // Written from a `&str` cut at a character boundary.
            stem.push_str(std::str::from_utf8(tail).unwrap_or_default());
        }
        stem
    }
}

/// The stems kept for one language by one thread.
pub(super) struct KeptStems {
    slots: Vec<Slot>,
    words: usize,
}

impl Default for KeptStems {
    fn default() -> Self {
        KeptStems {
            slots: vec![EMPTY; FIRST_SLOTS],
            words: 0,
        }
    }
}

impl KeptStems {
    /// The stem of `word`: the one kept, or else `snowball`'s, which is
    /// kept if there is room.
    pub fn stem(&mut self, word: &str, snowball: impl FnOnce(&str) -> String) -> String {
        let hash = FxBuildHasher.hash_one(word.as_bytes());
        let tag = (hash >> 56) as u8;
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        loop {
            let slot = &self.slots[at];
            if slot.len == 0 {
                break;
            }
            if slot.holds(word.as_bytes(), tag) {
                return slot.stem(word);
            }
            at = (at + 1) & mask;
        }
        let stem = snowball(word);
        if self.words < KEPT_WORDS {
            if let Some(slot) = Self::slot(word, &stem, tag) {
                self.slots[at] = slot;
                self.words += 1;
                if self.words * 2 >= self.slots.len() && self.slots.len() < MAX_SLOTS {
                    self.grow();
                }
            }
        }
        stem
    }

    /// Reads the slot where the look-up of `word` starts, so that the
    /// look-up finds it in the cache: reads of several words' slots overlap,
    /// where their look-ups would wait for each miss in turn.
    pub fn prefetch(&self, word: &str) {
        let at = FxBuildHasher.hash_one(word.as_bytes()) as usize & (self.slots.len() - 1);
        std::hint::black_box(self.slots[at].len);
    }

    /// Words kept.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.words
    }

    /// The slot of `word` and its `stem`, if they fit in one.
    fn slot(word: &str, stem: &str, tag: u8) -> Option<Slot> {
        let mut prefix = word
            .bytes()
            .zip(stem.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        while !stem.is_char_boundary(prefix) {
            prefix -= 1;
        }
        let tail = &stem.as_bytes()[prefix..];
        if word.len() + tail.len() > ROOM {
            return None;
        }
        let mut slot = Slot {
            // All three are at most ROOM.
            len: word.len() as u8,
            tag,
            prefix: prefix as u8,
            tail: tail.len() as u8,
            bytes: [0; ROOM],
        };
        slot.bytes[..word.len()].copy_from_slice(word.as_bytes());
        slot.bytes[word.len()..word.len() + tail.len()].copy_from_slice(tail);
        Some(slot)
    }

    /// Doubles the slots, placing every word again.
    fn grow(&mut self) {
        let doubled = vec![EMPTY; self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, doubled);
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|s| s.len > 0) {
            let word = &slot.bytes[..usize::from(slot.len)];
            let mut at = FxBuildHasher.hash_one(word) as usize & mask;
            while self.slots[at].len != 0 {
                at = (at + 1) & mask;
            }
            self.slots[at] = slot;
        }
    }
}

#[cfg(test)]
mod tests {
    use rust_stemmers::{Algorithm, Stemmer};

    use super::*;

    /// Words whose stem is not a prefix, long words, one-letter words,
    /// Cyrillic and Latin: the kept stem is Snowball's on the first
    /// look-up and on every later one.
    #[test]
    fn kept_stems_are_snowballs_for_every_shape_of_word() {
        let english = Stemmer::create(Algorithm::English);
        let russian = Stemmer::create(Algorithm::Russian);
        let long_ru = "высокопревосходительство".repeat(3);
        let long_en = format!("{}ies", "x".repeat(ROOM - 4));
        let cases: Vec<(&Stemmer, &str)> = vec![
            (&english, "happy"),
            (&english, "ponies"),
            (&english, "generously"),
            (&english, "a"),
            (&english, &long_en),
            (&russian, "государственного"),
            (&russian, "ёлка"),
            (&russian, "я"),
            (&russian, "москва"),
            (&russian, "moscow"),
            (&russian, &long_ru),
            (&russian, "полу-английский"),
        ];
        let mut kept = KeptStems::default();
        for round in 0..3 {
            for &(stemmer, word) in &cases {
                let want = stemmer.stem(word).into_owned();
                let got = kept.stem(word, |w| stemmer.stem(w).into_owned());
                assert_eq!(got, want, "{word} (round {round})");
            }
        }
        // Every word but the one too long for a slot is kept, once.
        assert_eq!(kept.len(), cases.len() - 1);
        // A kept word is answered without Snowball.
        assert_eq!(kept.stem("ponies", |_| unreachable!()), "poni");
    }

    /// The stems of the corpora's words, met while the table grows, after
    /// it is full (new words are stemmed and not kept) and again, equal
    /// Snowball's.
    #[test]
    fn kept_stems_are_snowballs_before_and_after_the_table_is_full() {
        let corpus =
            std::fs::read_to_string("../shared/data/corpora/wmt24_wmttest2024_en-orig.tsv")
                .expect("../shared/data/corpora");
        let stemmers = [Algorithm::Russian, Algorithm::English].map(Stemmer::create);
        let mut tables = [KeptStems::default(), KeptStems::default()];
        let mut words = 0;
        let mut check = |word: &str, side: usize| {
            let stemmer = &stemmers[side];
            let want = stemmer.stem(word).into_owned();
            let got = tables[side].stem(word, |w| stemmer.stem(w).into_owned());
            assert_eq!(got, want, "{word}");
            words += 1;
        };
        let lowered: Vec<(String, String)> = corpus
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .map(|(ru, en)| (ru.to_lowercase(), en.to_lowercase()))
            .collect();
        let letters: Vec<char> = "абвгдежзиклмнопрстуфхцчшщыэюя".chars().collect();
        for round in 0..2 {
            for (ru, en) in &lowered {
                for (text, side) in [(ru, 0), (en, 1)] {
                    for word in text.split(|c: char| !c.is_alphabetic()) {
                        if !word.is_empty() {
                            check(word, side);
                        }
                    }
                }
            }
            if round == 0 {
                // Made-up words until the Russian table is full, and more.
                for i in 0..KEPT_WORDS + 1000 {
                    let word: String = [i % 29, i / 29 % 29, i / 841 % 29, i / 24_389]
                        .map(|k| letters[k % letters.len()])
                        .iter()
                        .chain(['о', 'м'].iter())
                        .collect();
                    check(&word, 0);
                }
            }
        }
        assert!(words > 100_000, "{words}");
        assert_eq!(tables[0].len(), KEPT_WORDS);
        assert_eq!(tables[0].slots.len(), MAX_SLOTS);
        assert!(tables[1].len() > 1000, "{}", tables[1].len());
    }
}
