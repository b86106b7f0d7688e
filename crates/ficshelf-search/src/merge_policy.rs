//! Which segments the index writer merges: similar sizes together, and
//! never more bytes in one merge than [`MAX_MERGE_INPUT_BYTES`].
//!
//! A merge reads every byte of the segments it merges through memory maps,
//! and those pages count in the process's resident memory until the
//! segments are let go. Tantivy's default policy merges any number of
//! segments of similar *document counts*, so the last merges of a large
//! import read most of the index at once (gigabytes mapped). This policy
//! measures segments by their files and caps each merge, so memory stays
//! bounded whatever the size of the library; the price is that a large
//! library keeps more segments (each between half the cap and the cap).

use std::fmt;
use std::path::PathBuf;
use tantivy::index::{SegmentComponent, SegmentMeta};
use tantivy::merge_policy::{MergeCandidate, MergePolicy};

/// The most bytes of segment files one merge reads.
pub(crate) const MAX_MERGE_INPUT_BYTES: u64 = 160 << 20;

/// Segments smaller than this count as this size when sorting them into
/// tiers, so the smallest ones merge together.
const TIER_FLOOR_BYTES: u64 = 1 << 20;

/// Each tier holds segments up to this many times larger than the tier below.
const TIER_FACTOR: u64 = 4;

/// A tier merges once it has this many segments (or enough to fill a merge).
const SEGMENTS_PER_MERGE: usize = 8;

/// Merges segments of similar size, at most [`MAX_MERGE_INPUT_BYTES`] at a
/// time (see the module docs).
pub(crate) struct BoundedMergePolicy {
    /// The index directory, where segment files are measured.
    dir: PathBuf,
    limits: MergeLimits,
}

impl BoundedMergePolicy {
    pub(crate) fn new(dir: PathBuf) -> BoundedMergePolicy {
        BoundedMergePolicy {
            dir,
            limits: MergeLimits::default(),
        }
    }

    /// The bytes of `segment`'s files (a file that cannot be measured, e.g.
    /// just deleted, counts as empty).
    fn segment_bytes(&self, segment: &SegmentMeta) -> u64 {
        SEGMENT_FILES
            .iter()
            .filter_map(|component| {
                std::fs::metadata(self.dir.join(segment.relative_path(component.clone()))).ok()
            })
            .map(|metadata| metadata.len())
            .sum()
    }
}

/// The files of a segment a merge reads.
const SEGMENT_FILES: [SegmentComponent; 7] = [
    SegmentComponent::Postings,
    SegmentComponent::Positions,
    SegmentComponent::FastFields,
    SegmentComponent::FieldNorms,
    SegmentComponent::Terms,
    SegmentComponent::Store,
    SegmentComponent::Delete,
];

impl fmt::Debug for BoundedMergePolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BoundedMergePolicy")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl MergePolicy for BoundedMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let sizes: Vec<u64> = segments.iter().map(|s| self.segment_bytes(s)).collect();
        plan_merges(&sizes, &self.limits)
            .into_iter()
            .map(|group| MergeCandidate(group.into_iter().map(|i| segments[i].id()).collect()))
            .collect()
    }
}

/// The numbers [`plan_merges`] works with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MergeLimits {
    pub max_input_bytes: u64,
    pub tier_floor_bytes: u64,
    pub tier_factor: u64,
    pub segments_per_merge: usize,
}

impl Default for MergeLimits {
    fn default() -> Self {
        MergeLimits {
            max_input_bytes: MAX_MERGE_INPUT_BYTES,
            tier_floor_bytes: TIER_FLOOR_BYTES,
            tier_factor: TIER_FACTOR,
            segments_per_merge: SEGMENTS_PER_MERGE,
        }
    }
}

impl MergeLimits {
    /// The tier of a segment of `bytes`: 0 up to the floor, then one more
    /// for each factor.
    fn tier(&self, bytes: u64) -> u32 {
        let mut tier = 0;
        let mut bound = self.tier_floor_bytes.max(1);
        while bytes > bound {
            tier += 1;
            bound = bound.saturating_mul(self.tier_factor.max(2));
        }
        tier
    }
}

/// Groups of segments (indexes into `sizes`, the segments' bytes) to merge.
///
/// Segments larger than half the cap are final: merging one would make a
/// segment larger than the cap. The rest, sorted into tiers by size, are
/// packed smallest first into groups of at most the cap's bytes; a group
/// is merged when it has [`SEGMENTS_PER_MERGE`] segments, or when it is
/// full (the next segment of its tier would not fit) and has two.
pub(crate) fn plan_merges(sizes: &[u64], limits: &MergeLimits) -> Vec<Vec<usize>> {
    let mut candidates: Vec<usize> = (0..sizes.len())
        .filter(|&i| sizes[i] <= limits.max_input_bytes / 2)
        .collect();
    candidates.sort_by_key(|&i| (limits.tier(sizes[i]), sizes[i], i));
    let mut merges = Vec::new();
    for tier in candidates.chunk_by(|&a, &b| limits.tier(sizes[a]) == limits.tier(sizes[b])) {
        let mut group: Vec<usize> = Vec::new();
        let mut bytes = 0u64;
        for &segment in tier {
            if !group.is_empty() && bytes.saturating_add(sizes[segment]) > limits.max_input_bytes {
                if group.len() >= 2 {
                    merges.push(std::mem::take(&mut group));
                }
                group.clear();
                bytes = 0;
            }
            group.push(segment);
            bytes = bytes.saturating_add(sizes[segment]);
            if group.len() == limits.segments_per_merge {
                merges.push(std::mem::take(&mut group));
                bytes = 0;
            }
        }
    }
    merges
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: u64 = 1 << 20;

    fn limits() -> MergeLimits {
        MergeLimits {
            max_input_bytes: 100 * MB,
            tier_floor_bytes: MB,
            tier_factor: 4,
            segments_per_merge: 4,
        }
    }

    #[test]
    fn small_segments_wait_for_a_full_group() {
        assert!(plan_merges(&[MB / 2, MB / 3, MB], &limits()).is_empty());
        assert_eq!(
            plan_merges(&[MB / 2, MB / 3, MB, MB / 4, MB / 5], &limits()),
            vec![vec![4, 3, 1, 0]]
        );
    }

    #[test]
    fn tiers_do_not_mix() {
        // Four tiny segments and four of 10 MB: two merges, never a tiny
        // one rewritten with the larger ones.
        let sizes = [10 * MB, MB, 10 * MB, MB, 10 * MB, MB, 10 * MB, MB];
        assert_eq!(
            plan_merges(&sizes, &limits()),
            vec![vec![1, 3, 5, 7], vec![0, 2, 4, 6]]
        );
    }

    #[test]
    fn no_merge_reads_more_than_the_cap() {
        // Three segments of 40 MB: two fill a merge (80 MB), the third waits.
        let sizes = [40 * MB, 40 * MB, 40 * MB];
        assert_eq!(plan_merges(&sizes, &limits()), vec![vec![0, 1]]);
        // Whatever the sizes, every planned merge stays within the cap.
        let sizes: Vec<u64> = (0..200u64).map(|i| (i * 7_919 % 61 + 1) * MB / 2).collect();
        for group in plan_merges(&sizes, &limits()) {
            assert!(group.len() >= 2);
            assert!(group.iter().map(|&i| sizes[i]).sum::<u64>() <= 100 * MB);
        }
    }

    #[test]
    fn segments_over_half_the_cap_are_final() {
        let sizes = [51 * MB, 60 * MB, 70 * MB, 99 * MB];
        assert!(plan_merges(&sizes, &limits()).is_empty());
    }
}
