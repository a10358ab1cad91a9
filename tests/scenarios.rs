//! The end-to-end scenarios, one module each, in one test binary.

mod attacks;
mod default;
mod governance;
mod happy_epoch;
