//! A deterministic xorshift64 generator of random vision graphs (no external
//! crates).

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

    /// Uniform-ish in `low..=high`.
    pub(super) fn between(&mut self, low: i128, high: i128) -> i128 {
        let span = u64::try_from(high - low + 1).unwrap();
        low + i128::from(self.below(span))
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

/// A random graph: level 0 holds the key results, higher levels the rolled-up
/// nodes (a few of them measured too). Links only go upward, so it is a DAG.
#[derive(Clone, Debug)]
pub(super) struct Case {
    pub(super) nodes: Vec<Node>,
    pub(super) links: Vec<Link>,
    /// Node indices per level, lowest first.
    pub(super) levels: Vec<Vec<usize>>,
}

pub(super) fn random_measure(rng: &mut Rng) -> Measure {
    let baseline = rng.between(-1_000_000_000, 1_000_000_000);
    let span = rng.between(1, 1_000_000_000);
    let direction = if rng.chance(50) {
        Direction::Increase
    } else {
        Direction::Decrease
    };
    let sign = if direction == Direction::Increase {
        1
    } else {
        -1
    };
    let target = baseline + sign * span;
    let current = if rng.chance(15) {
        None
    } else if rng.chance(10) {
        Some(if rng.chance(50) { baseline } else { target })
    } else {
        // From half a span on the wrong side to half a span beyond the target.
        Some(baseline + sign * rng.between(-span / 2, span + span / 2))
    };
    Measure {
        baseline,
        target,
        direction,
        current,
    }
}

fn random_weight(rng: &mut Rng) -> i128 {
    if rng.chance(3) {
        rng.between(1, MAX_WEIGHT)
    } else {
        rng.between(1, 1_000)
    }
}

pub(super) fn random_case(rng: &mut Rng) -> Case {
    let mut nodes = Vec::new();
    let mut levels: Vec<Vec<usize>> = Vec::new();
    let height = rng.index(5) + 2;
    for level in 0..height {
        let count = if level == 0 {
            rng.index(20) + 1
        } else {
            rng.index(8) + 1
        };
        let mut members = Vec::new();
        for i in 0..count {
            let measured = level == 0 || rng.chance(5);
            members.push(nodes.len());
            nodes.push(Node {
                id: format!("n{level}_{i}"),
                measure: measured.then(|| random_measure(rng)),
            });
        }
        levels.push(members);
    }
    let mut links = Vec::new();
    for level in 0..height - 1 {
        for &child in &levels[level] {
            let parents = rng.index(4);
            for _ in 0..parents {
                let upper = level + 1 + rng.index(height - level - 1);
                let parent = levels[upper][rng.index(levels[upper].len())];
                links.push(Link {
                    child: nodes[child].id.clone(),
                    parent: nodes[parent].id.clone(),
                    weight: random_weight(rng),
                });
            }
        }
    }
    // Noise the service would refuse, and repeated links.
    for _ in 0..rng.index(4) {
        let child = nodes[rng.index(nodes.len())].id.clone();
        let parent = nodes[rng.index(nodes.len())].id.clone();
        let (child, parent, weight) = match rng.index(3) {
            0 => (child, "ghost".to_owned(), 100),
            1 => ("ghost".to_owned(), parent, 100),
            _ => (child, parent, -rng.between(0, 100)),
        };
        links.push(Link {
            child,
            parent,
            weight,
        });
    }
    if !links.is_empty() && rng.chance(30) {
        let repeated = links[rng.index(links.len())].clone();
        links.push(repeated);
    }
    Case {
        nodes,
        links,
        levels,
    }
}
