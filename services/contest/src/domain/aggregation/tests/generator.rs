//! A deterministic xorshift64 generator of random rounds (no external crates).

use super::super::*;

pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub(super) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// Uniform-ish in `0..n`, `n > 0`.
    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub(super) fn index(&mut self, len: usize) -> usize {
        usize::try_from(self.below(u64::try_from(len).unwrap())).unwrap()
    }

    pub(super) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub(super) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.index(i + 1);
            items.swap(i, j);
        }
    }
}

#[derive(Clone)]
pub(super) struct Round {
    pub(super) criteria: Vec<Criterion>,
    pub(super) entries: Vec<String>,
    pub(super) sheets: Vec<Sheet>,
}

impl Round {
    pub(super) fn run(&self, method: Method) -> Vec<EntryResult> {
        aggregate(
            &self.criteria,
            &self.entries,
            &self.sheets,
            &Rules {
                method,
                tiers: Tiers::None,
            },
        )
    }
}

/// Entries 1–30, judges 1–12 (plus occasional trainees), criteria 1–5 with
/// weights adding up to 100. Every other round scores on a coarse grid so
/// that equal values and ties are common.
pub(super) fn random_round(rng: &mut Rng) -> Round {
    let entries: Vec<String> = (0..1 + rng.below(30)).map(|i| format!("e{i:02}")).collect();
    let judges = 1 + rng.below(12);
    let count = 1 + rng.below(5);
    let mut remaining = 100u32;
    let criteria: Vec<Criterion> = (0..count)
        .map(|i| {
            let weight = if i + 1 == count {
                remaining
            } else {
                u32::try_from(rng.below(u64::from(remaining) + 1)).unwrap()
            };
            remaining -= weight;
            let max_score = [1, 5, 10, 20, 100, 10_000][rng.index(6)];
            Criterion {
                id: format!("c{i}"),
                weight,
                max_score,
            }
        })
        .collect();
    let coarse = rng.chance(50);
    let mut sheets = Vec::new();
    for entry in &entries {
        for judge in 0..judges {
            if rng.chance(85) {
                let scores = random_scores(rng, &criteria, coarse);
                sheets.push(Sheet {
                    judge_id: format!("j{judge:02}"),
                    entry_id: entry.clone(),
                    scores,
                    counts: true,
                });
            }
        }
        if rng.chance(10) {
            let scores = random_scores(rng, &criteria, coarse);
            let judge_id = format!("t{}", rng.below(3));
            sheets.push(Sheet {
                judge_id,
                entry_id: entry.clone(),
                scores,
                counts: false,
            });
        }
    }
    Round {
        criteria,
        entries,
        sheets,
    }
}

/// Random scores in range; one sheet in four lists them out of rubric order.
pub(super) fn random_scores(
    rng: &mut Rng,
    criteria: &[Criterion],
    coarse: bool,
) -> Vec<(String, i64)> {
    let mut scores: Vec<(String, i64)> = criteria
        .iter()
        .map(|c| {
            let max = i64::from(c.max_score) * 100;
            let score = if coarse {
                max * i64::try_from(rng.below(5)).unwrap() / 4
            } else {
                rng.next() as i64 & i64::MAX
            };
            (c.id.clone(), score % (max + 1))
        })
        .collect();
    if rng.chance(25) {
        rng.shuffle(&mut scores);
    }
    scores
}
