//! Crate tests: the shared vectors, the spec's consequences and a property test.

mod consequences;
mod json;
mod properties;
mod vectors;
