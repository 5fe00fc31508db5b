//! Interrupted and partial runs leave nothing behind: temporary files are removed on SIGINT and
//! SIGTERM, stale ones are cleared by the next run, and `build` removes the outputs of its
//! previous run that it no longer produces (and nothing else).

#![cfg(unix)]

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

fn bin() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("reportkit")
}

fn rk(dir: &Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("reportkit").expect("binary built");
    c.current_dir(dir);
    c
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|r| r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

fn temporaries(dir: &Path) -> Vec<String> {
    names(dir).into_iter().filter(|n| n.starts_with(".reportkit-") && n != ".reportkit-manifest.json").collect()
}

/// A Markdown report of about `kb` kilobytes.
fn large_report(kb: usize) -> String {
    let mut s = String::from("# A long invented report\n\n");
    let mut i = 0;
    while s.len() < kb * 1024 {
        if i % 40 == 0 {
            s.push_str(&format!("## Part {}\n\n", i / 40 + 1));
        }
        s.push_str(&format!(
            "Paragraph {i} counts {} visitors in {} rooms, and {} of them stayed for the closing talk.\n\n",
            i * 7 + 3,
            i % 13 + 2,
            i * 3 + 1
        ));
        i += 1;
    }
    s
}

/// Run reportkit in `dir` with `args`, send `signal` as soon as a temporary file shows in `out`,
/// and return the exit status. Inputs grow until a run is caught writing.
fn interrupt_while_writing(dir: &Path, out: &Path, args: &[&str], signal: i32) -> std::process::ExitStatus {
    interrupt_while_writing_with(dir, out, args, signal, false)
}

/// As [`interrupt_while_writing`]; `ignored`: the run starts with the signal ignored.
fn interrupt_while_writing_with(
    dir: &Path,
    out: &Path,
    args: &[&str],
    signal: i32,
    ignored: bool,
) -> std::process::ExitStatus {
    let mut kb = 4096;
    for _ in 0..4 {
        write(dir, "big.md", &large_report(kb));
        for stale in temporaries(out) {
            std::fs::remove_file(out.join(stale)).unwrap();
        }
        let mut command = Command::new(bin());
        if ignored {
            use std::os::unix::process::CommandExt;
            // SAFETY: only an async-signal-safe call between fork and exec.
            unsafe {
                command.pre_exec(move || {
                    libc::signal(signal, libc::SIG_IGN);
                    Ok(())
                });
            }
        }
        let mut child =
            command.args(args).current_dir(dir).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        let start = Instant::now();
        loop {
            if let Some(_status) = child.try_wait().unwrap() {
                break;
            }
            if !temporaries(out).is_empty() {
                // SAFETY: signalling our own child process.
                let rc = unsafe { libc::kill(child.id() as i32, signal) };
                assert_eq!(rc, 0);
                let status = child.wait().unwrap();
                // The run may finish its last write between the look and the signal: then it
                // was not caught writing, and a larger input tries again.
                if ignored || !status.success() {
                    return status;
                }
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(120), "the run took too long");
            std::thread::sleep(Duration::from_micros(200));
        }
        kb *= 2;
    }
    panic!("no run was caught while writing, even with {} KB of input", kb / 2);
}

#[test]
fn sigint_while_rendering_leaves_no_temporary_file() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let status = interrupt_while_writing(d, d, &["render", "big.md", "--to", "json", "-o", "big.json"], libc::SIGINT);
    assert!(!status.success());
    assert_eq!(status.signal(), Some(libc::SIGINT), "dies of the signal, as if uncaught: {status:?}");
    assert_eq!(temporaries(d), Vec::<String>::new());
    assert!(!d.join("big.json").exists(), "no partial output either");
}

#[test]
fn a_signal_ignored_from_the_start_stays_ignored() {
    // As under `nohup` for SIGHUP: the run goes on and writes its output.
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let args = ["render", "big.md", "--to", "json", "-o", "big.json"];
    let status = interrupt_while_writing_with(d, d, &args, libc::SIGHUP, true);
    assert!(status.success(), "{status:?}");
    assert!(d.join("big.json").is_file());
    assert_eq!(temporaries(d), Vec::<String>::new());
}

#[test]
fn sigterm_while_rendering_leaves_no_temporary_file() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let status =
        interrupt_while_writing(d, d, &["render", "big.md", "--to", "markdown", "-o", "big-out.md"], libc::SIGTERM);
    assert_eq!(status.signal(), Some(libc::SIGTERM), "{status:?}");
    assert_eq!(temporaries(d), Vec::<String>::new());
}

#[test]
fn sigint_during_build_leaves_no_temporary_file() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let out = d.join("out");
    std::fs::create_dir(&out).unwrap();
    let status =
        interrupt_while_writing(d, &out, &["build", "big.md", "-o", "out", "--no-pdf", "--no-fail"], libc::SIGINT);
    assert!(!status.success());
    assert_eq!(status.signal(), Some(libc::SIGINT), "{status:?}");
    assert_eq!(temporaries(&out), Vec::<String>::new(), "in {:?}", names(&out));
}

fn set_age(path: &Path, age: Duration) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(SystemTime::now() - age).unwrap();
}

#[test]
fn stale_temporary_files_are_cleared_by_the_next_run() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, "src/report.md", "# Report\n\nA short invented report.\n");
    let out = d.join("out");
    std::fs::create_dir(&out).unwrap();
    // A process that has exited.
    let mut gone = Command::new("true").spawn().unwrap();
    gone.wait().unwrap();
    let dead = gone.id();
    let alive = std::process::id();
    let minutes = |m: u64| Duration::from_secs(60 * m);
    let files = [
        (".reportkit-AbC123".to_string(), minutes(2), false), // an older version's, left two minutes ago
        (format!(".reportkit-{dead}-XyZ789"), minutes(2), false), // its process is gone
        (format!(".reportkit-{alive}-Qwe456"), minutes(2), true), // its process runs
        (".reportkit-Fresh1".to_string(), Duration::ZERO, true), // may be being written
        (format!(".reportkit-{alive}-Old999"), minutes(2 * 24 * 60), false), // two days old
        (".reportkit-notes.txt".to_string(), minutes(10), true), // not a name this tool makes
        ("keep.tmp".to_string(), minutes(10), true),
    ];
    for (name, age, _) in &files {
        std::fs::write(out.join(name), b"").unwrap();
        set_age(&out.join(name), *age);
    }
    let o = rk(d).args(["build", "src", "-o", "out", "--no-pdf"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let left = names(&out);
    for (name, _, kept) in &files {
        assert_eq!(left.contains(name), *kept, "{name}: kept {kept}? left: {left:?}");
    }
    // A rebuild that changes no output (and makes no temporary file) clears them too.
    std::fs::write(out.join(".reportkit-Again1"), b"").unwrap();
    set_age(&out.join(".reportkit-Again1"), minutes(3));
    let o = rk(d).args(["build", "src", "-o", "out", "--no-pdf"]).output().unwrap();
    assert!(String::from_utf8_lossy(&o.stderr).contains("(all unchanged)"));
    assert!(!out.join(".reportkit-Again1").exists());
    // render -o clears its directory the same way.
    std::fs::write(d.join(".reportkit-Old000"), b"").unwrap();
    set_age(&d.join(".reportkit-Old000"), minutes(5));
    let o = rk(d).args(["render", "src/report.md", "--to", "json", "-o", "report.json"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(!d.join(".reportkit-Old000").exists());
}

#[test]
fn build_removes_its_previous_outputs_that_it_no_longer_produces_and_nothing_else() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, "src/alpha.md", "# Alpha\n\nThe alpha report counts 12 rooms.\n");
    write(d, "src/beta.md", "# Beta\n\nThe beta report counts 7 rooms.\n");
    let build = |args: &[&str]| {
        let mut all = vec!["build", "src", "-o", "out"];
        all.extend_from_slice(args);
        let o = rk(d).args(&all).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    build(&[]);
    let out = d.join("out");
    // Files of the user's beside the outputs.
    write(&out, "notes.md", "mine\n");
    write(&out, "cover.pdf", "mine\n");
    let all = [
        ".reportkit-manifest.json",
        "alpha.json",
        "alpha.md",
        "alpha.pdf",
        "beta.json",
        "beta.md",
        "beta.pdf",
        "cover.pdf",
        "findings.json",
        "findings.sarif",
        "notes.md",
    ];
    assert_eq!(names(&out), all);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join(".reportkit-manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["files"].as_array().unwrap().len(), 8);

    // Without PDFs, the previous PDFs go.
    let err = build(&["--no-pdf"]);
    assert!(err.contains("removed 2 outputs of the previous build that this one no longer produces"), "{err}");
    let no_pdf: Vec<&str> = all.iter().copied().filter(|n| !n.ends_with(".pdf") || *n == "cover.pdf").collect();
    assert_eq!(names(&out), no_pdf);

    // A removed source takes its outputs along.
    std::fs::remove_file(d.join("src/beta.md")).unwrap();
    build(&["--no-pdf"]);
    let alpha_only: Vec<&str> = no_pdf.iter().copied().filter(|n| !n.starts_with("beta")).collect();
    assert_eq!(names(&out), alpha_only);

    // A manifest edited to list other files removes none of them.
    write(d, "outside.md", "mine\n");
    std::fs::write(
        out.join(".reportkit-manifest.json"),
        r#"{"files": ["../outside.md", "notes.md.bak", ".hidden.md", "alpha.md", "findings.json", "notes.md"]}"#,
    )
    .unwrap();
    std::fs::write(out.join("notes.md.bak"), "mine\n").unwrap();
    build(&["--no-pdf"]);
    assert!(d.join("outside.md").exists() && out.join("notes.md.bak").exists());
    // `notes.md` is a name build could write, and the manifest listed it: removed as an output.
    assert!(!out.join("notes.md").exists());

    // A walk of the project does not read the output directory back.
    let o = rk(d).args(["render", ".", "--to", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let paths: Vec<&str> =
        v["documents"].as_array().unwrap().iter().map(|x| x["source"]["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["./outside.md", "./src/alpha.md"]);
}
