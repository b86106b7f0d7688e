//! Scores per task and the report that gathers them: a text table for
//! people, JSON for machines.

use serde::Serialize;
use std::fmt;

/// How well one task did on the evaluation set.
///
/// Precision/recall tasks fill `precision`, `recall` and `f1`; accuracy
/// tasks (POV per paragraph, language per chapter) fill `accuracy` and set
/// precision = recall = f1 = accuracy so any of them can be floored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskScore {
    /// What was scored, e.g. `"pov paragraphs"`, `"characters"`.
    pub task: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// How many gold items the score rests on.
    pub support: u32,
    /// Share of items labelled exactly right, for classification tasks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accuracy: Option<f64>,
}

impl TaskScore {
    /// A score from true positives, false positives and false negatives.
    /// An empty side scores 1.0 (nothing claimed, nothing wrong).
    pub fn from_counts(task: impl Into<String>, tp: u32, fp: u32, fn_: u32) -> TaskScore {
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        TaskScore {
            task: task.into(),
            precision,
            recall,
            f1,
            support: tp + fn_,
            accuracy: None,
        }
    }

    /// An accuracy score: `correct` of `total` items right.
    pub fn from_accuracy(task: impl Into<String>, correct: u32, total: u32) -> TaskScore {
        let accuracy = ratio(correct, total);
        TaskScore {
            task: task.into(),
            precision: accuracy,
            recall: accuracy,
            f1: accuracy,
            support: total,
            accuracy: Some(accuracy),
        }
    }
}

fn ratio(num: u32, den: u32) -> f64 {
    if den == 0 {
        1.0
    } else {
        f64::from(num) / f64::from(den)
    }
}

/// Every task's score, in the order they were added.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    pub scores: Vec<TaskScore>,
}

impl Report {
    /// A report holding `scores`.
    pub fn new(scores: Vec<TaskScore>) -> Report {
        Report { scores }
    }

    /// Adds scores from another scorer (e.g. characters and pairings).
    pub fn extend(&mut self, scores: Vec<TaskScore>) {
        self.scores.extend(scores);
    }

    /// The score of the task named `task`, if present.
    pub fn get(&self, task: &str) -> Option<&TaskScore> {
        self.scores.iter().find(|s| s.task == task)
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        // Serialising plain numbers and strings cannot fail; NaN becomes null.
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

impl fmt::Display for Report {
    /// A fixed-width table: task, precision, recall, F1, accuracy, support.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self
            .scores
            .iter()
            .map(|s| s.task.chars().count())
            .max()
            .unwrap_or(4)
            .max(4);
        writeln!(
            f,
            "{:<width$}  {:>9}  {:>6}  {:>5}  {:>8}  {:>7}",
            "task", "precision", "recall", "f1", "accuracy", "support"
        )?;
        for s in &self.scores {
            let acc = s.accuracy.map_or("-".to_string(), |a| format!("{a:.3}"));
            writeln!(
                f,
                "{:<width$}  {:>9.3}  {:>6.3}  {:>5.3}  {:>8}  {:>7}",
                s.task, s.precision, s.recall, s.f1, acc, s.support
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_give_precision_recall_f1() {
        let s = TaskScore::from_counts("x", 8, 2, 8);
        assert!((s.precision - 0.8).abs() < 1e-9);
        assert!((s.recall - 0.5).abs() < 1e-9);
        assert!((s.f1 - 0.615_384_6).abs() < 1e-6);
        assert_eq!(s.support, 16);
    }

    #[test]
    fn report_renders_table_and_json() {
        let mut r = Report::new(vec![TaskScore::from_accuracy("pov paragraphs", 9, 10)]);
        r.extend(vec![TaskScore::from_counts("characters", 1, 0, 0)]);
        let table = r.to_string();
        assert!(table.contains("pov paragraphs"), "{table}");
        assert!(table.contains("0.900"), "{table}");
        let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(json["scores"][1]["task"], "characters");
        assert!(json["scores"][1].get("accuracy").is_none());
        assert_eq!(r.get("pov paragraphs").unwrap().support, 10);
    }
}
