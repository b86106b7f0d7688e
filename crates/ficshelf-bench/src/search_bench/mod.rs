//! The search benchmark behind `ficshelf-bench search`.
