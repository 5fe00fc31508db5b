//! Build script of the `reportkit` command: on x86-64 Linux (glibc), link it as a
//! position-dependent executable.
//!
//! As a position-independent executable, the binary carries about 36,000 relative
//! relocations that the dynamic loader applies at every start, writing (and so copying) each
//! page of its read-only data: `reportkit --version` spent 2.6–3.0 ms of system time against
//! 0.9–1.3 ms linked this way (300 runs each), and every command pays it before `main`. The
//! price is that the executable itself loads at a fixed address (its libraries, heap and stacks
//! are still randomised). See BENCHMARKS.md, nineteenth session.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("TARGET").as_deref() == Ok("x86_64-unknown-linux-gnu") {
        println!("cargo:rustc-link-arg-bin=reportkit=-no-pie");
    }
}
