//! OPDS 1.2 catalog feeds (being written).
