//! The roll-up: indexing of nodes and links, Kahn's topological order, and a
//! strongly connected component pass for the nodes a cycle leaves stalled.
//! Everything is iterative; nothing recurses along the graph.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::arith::{self, SCALE, Wide};
use super::{Contribution, Link, MAX_WEIGHT, Measure, Node, Progress, Trace};

/// The indexed graph. Nodes are `0..ids.len()`; edges are the links that
/// count (rule 6), merged per child and parent, and never lead into a
/// measured node (rule 1).
struct Graph<'a> {
    ids: Vec<&'a str>,
    measures: Vec<Option<Measure>>,
    /// `children[child_start[p]..child_start[p + 1]]`: `p`'s children and weights.
    child_start: Vec<usize>,
    children: Vec<(usize, u128)>,
    /// `parents[parent_start[c]..parent_start[c + 1]]`: `c`'s parents.
    parent_start: Vec<usize>,
    parents: Vec<usize>,
}

/// Turns per-node counts (shifted by one) into slice starts.
fn prefix_sums(counts: &mut [usize]) {
    let mut total = 0;
    for count in counts {
        total += *count;
        *count = total;
    }
}

impl<'a> Graph<'a> {
    fn new(nodes: &'a [Node], links: &[Link]) -> Self {
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(nodes.len());
        let mut ids: Vec<&str> = Vec::with_capacity(nodes.len());
        let mut measures: Vec<Option<Measure>> = Vec::with_capacity(nodes.len());
        for node in nodes {
            match index.entry(node.id.as_str()) {
                // A repeated id: the greatest measure wins (`None` is least).
                Entry::Occupied(slot) => {
                    if let Some(kept) = measures.get_mut(*slot.get()) {
                        *kept = (*kept).max(node.measure);
                    }
                }
                Entry::Vacant(slot) => {
                    slot.insert(ids.len());
                    ids.push(node.id.as_str());
                    measures.push(node.measure);
                }
            }
        }
        let mut edges: Vec<(usize, usize, u128)> = links
            .iter()
            .filter_map(|link| {
                if link.weight <= 0 || link.weight > MAX_WEIGHT {
                    return None;
                }
                let child = *index.get(link.child.as_str())?;
                let parent = *index.get(link.parent.as_str())?;
                if measures[parent].is_some() {
                    return None;
                }
                Some((parent, child, link.weight.unsigned_abs()))
            })
            .collect();
        edges.sort_unstable_by_key(|&(parent, child, _)| (parent, child));
        let mut merged: Vec<(usize, usize, u128)> = Vec::with_capacity(edges.len());
        for (parent, child, weight) in edges {
            match merged.last_mut() {
                // At most 2⁶⁴ links of at most 10¹⁰: the sum never saturates.
                Some(last) if last.0 == parent && last.1 == child => {
                    last.2 = last.2.saturating_add(weight);
                }
                _ => merged.push((parent, child, weight)),
            }
        }
        let n = ids.len();
        let mut child_start = vec![0; n + 1];
        let mut parent_start = vec![0; n + 1];
        for &(parent, child, _) in &merged {
            child_start[parent + 1] += 1;
            parent_start[child + 1] += 1;
        }
        prefix_sums(&mut child_start);
        prefix_sums(&mut parent_start);
        // `merged` is sorted by parent, so it already is the children array.
        let children = merged.iter().map(|&(_, child, w)| (child, w)).collect();
        let mut parents = vec![0; merged.len()];
        let mut next = parent_start.clone();
        for &(parent, child, _) in &merged {
            parents[next[child]] = parent;
            next[child] += 1;
        }
        Graph {
            ids,
            measures,
            child_start,
            children,
            parent_start,
            parents,
        }
    }

    fn children(&self, node: usize) -> &[(usize, u128)] {
        &self.children[self.child_start[node]..self.child_start[node + 1]]
    }

    fn parents(&self, node: usize) -> &[usize] {
        &self.parents[self.parent_start[node]..self.parent_start[node + 1]]
    }

    /// Rules 1 and 2 for one node whose children are all settled.
    fn evaluate(&self, node: usize, values: &[Option<u64>]) -> (Option<u64>, Trace) {
        if let Some(measure) = self.measures[node] {
            let (value, clamped) = arith::measured(&measure);
            let trace = Trace::Measured {
                baseline: measure.baseline,
                target: measure.target,
                direction: measure.direction,
                current: measure.current,
                clamped,
            };
            return (value, trace);
        }
        let mut total: u128 = 0;
        let mut sum = Wide::default();
        let mut counted: Vec<(usize, u128, u64)> = Vec::new();
        let mut excluded: Vec<String> = Vec::new();
        for &(child, weight) in self.children(node) {
            match values[child] {
                Some(progress) => {
                    // At most 2⁶⁴ links of at most 10¹⁰: never saturates.
                    total = total.saturating_add(weight);
                    sum = sum.add(Wide::mul(weight, progress));
                    counted.push((child, weight, progress));
                }
                None => excluded.push(self.ids[child].to_owned()),
            }
        }
        if counted.is_empty() {
            return (None, Trace::Empty);
        }
        // The weighted mean: one truncating division (rule 4).
        let value = arith::progress(sum.div(total));
        let mut contributions: Vec<Contribution> = counted
            .into_iter()
            .map(|(child, weight, progress)| Contribution {
                child: self.ids[child].to_owned(),
                weight: i128::try_from(weight).unwrap_or(i128::MAX),
                share: i128::from(arith::progress(arith::mul_div(weight, SCALE, total))),
                child_progress: i128::from(progress),
                contribution: i128::from(arith::progress(arith::mul_div(weight, progress, total))),
            })
            .collect();
        contributions.sort_unstable_by(|a, b| a.child.cmp(&b.child));
        excluded.sort_unstable();
        let trace = Trace::Rolled {
            contributions,
            excluded,
        };
        (Some(value), trace)
    }

    /// The unsettled nodes lying on a cycle: members of a strongly connected
    /// component of two or more nodes, or with a self-link (Kosaraju, with
    /// explicit stacks).
    fn cycle_nodes(&self, settled: &[bool]) -> Vec<usize> {
        let n = self.ids.len();
        let open = |node: usize| !settled[node];
        // Pass 1: finishing order along child → parent edges.
        let mut visited = vec![false; n];
        let mut order: Vec<usize> = Vec::new();
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for start in (0..n).filter(|&v| open(v)) {
            if visited[start] {
                continue;
            }
            visited[start] = true;
            stack.push((start, 0));
            while let Some(top) = stack.last_mut() {
                let (node, next) = *top;
                if let Some(&parent) = self.parents(node).get(next) {
                    top.1 += 1;
                    if open(parent) && !visited[parent] {
                        visited[parent] = true;
                        stack.push((parent, 0));
                    }
                } else {
                    stack.pop();
                    order.push(node);
                }
            }
        }
        // Pass 2: components along parent → child edges, latest finish first.
        let mut assigned = vec![false; n];
        let mut on_cycle: Vec<usize> = Vec::new();
        let mut component: Vec<usize> = Vec::new();
        let mut pending: Vec<usize> = Vec::new();
        for &start in order.iter().rev() {
            if assigned[start] {
                continue;
            }
            assigned[start] = true;
            component.clear();
            pending.push(start);
            while let Some(node) = pending.pop() {
                component.push(node);
                for &(child, _) in self.children(node) {
                    if open(child) && !assigned[child] {
                        assigned[child] = true;
                        pending.push(child);
                    }
                }
            }
            let self_link = self.children(start).iter().any(|&(c, _)| c == start);
            if component.len() > 1 || self_link {
                on_cycle.extend_from_slice(&component);
            }
        }
        on_cycle
    }
}

/// Rules 1–7; see the module documentation.
pub(super) fn roll_up(nodes: &[Node], links: &[Link]) -> HashMap<String, Progress> {
    let graph = Graph::new(nodes, links);
    let n = graph.ids.len();
    let mut values: Vec<Option<u64>> = vec![None; n];
    let mut traces: Vec<Option<Trace>> = vec![None; n];
    let mut settled = vec![false; n];
    // Unsettled children per node; a node is ready when it reaches 0.
    let mut waiting: Vec<usize> = (0..n).map(|v| graph.children(v).len()).collect();
    let mut ready: Vec<usize> = (0..n).filter(|&v| waiting[v] == 0).collect();
    let mut settled_count = 0;
    let release = |node: usize, waiting: &mut [usize], ready: &mut Vec<usize>| {
        for &parent in graph.parents(node) {
            waiting[parent] -= 1;
            if waiting[parent] == 0 {
                ready.push(parent);
            }
        }
    };
    loop {
        while let Some(node) = ready.pop() {
            if settled[node] {
                continue;
            }
            let (value, trace) = graph.evaluate(node, &values);
            values[node] = value;
            traces[node] = Some(trace);
            settled[node] = true;
            settled_count += 1;
            release(node, &mut waiting, &mut ready);
        }
        if settled_count == n {
            break;
        }
        // Stalled: what is left waits on a cycle (rule 5).
        let on_cycle = graph.cycle_nodes(&settled);
        if on_cycle.is_empty() {
            break; // cannot happen: a stalled topological order holds a cycle
        }
        for &node in &on_cycle {
            traces[node] = Some(Trace::Empty);
            settled[node] = true;
            settled_count += 1;
        }
        for &node in &on_cycle {
            release(node, &mut waiting, &mut ready);
        }
    }
    graph
        .ids
        .iter()
        .zip(values)
        .zip(traces)
        .map(|((id, value), trace)| {
            let progress = Progress {
                value: value.map(i128::from),
                trace: trace.unwrap_or(Trace::Empty),
            };
            ((*id).to_owned(), progress)
        })
        .collect()
}
