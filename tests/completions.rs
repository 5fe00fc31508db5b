//! `reportkit completions SHELL` and `reportkit man`, generated from the command-line definition.

mod common;

use common::*;

const SUBCOMMANDS: [&str; 12] = [
    "render",
    "build",
    "check",
    "diff",
    "facts",
    "rules",
    "explain",
    "schema",
    "completions",
    "config",
    "man",
    "server",
];

#[test]
fn completion_scripts_know_the_commands_and_options() {
    let bash = stdout_of(&["completions", "bash"]);
    assert!(bash.contains("check") && bash.contains("--format") && bash.contains("--exclude"), "{bash}");
    assert!(bash.contains("complete -F"), "a bash completion function is registered");
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.contains("check") && script.contains("stdin-filename"), "{shell}: {script}");
    }
    let o = reportkit().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_man_page_is_roff_and_names_every_command() {
    let man = stdout_of(&["man"]);
    // clap_mangen defines a string for the apostrophe before the title.
    let head: Vec<&str> = man.lines().take(4).collect();
    assert!(head[..3].iter().all(|l| l.starts_with('.')), "roff requests first: {man}");
    assert!(head[2].starts_with(".TH reportkit 1") && head[3] == ".SH NAME", "{man}");
    for sub in SUBCOMMANDS {
        assert!(
            man.contains(&format!("reportkit\\-{sub}")) || man.contains(&format!("reportkit-{sub}")),
            "{sub}: {man}"
        );
    }
    assert_eq!(stdout_of(&["man"]), man, "the same bytes every time");
}

#[test]
fn man_out_writes_one_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    let o = reportkit().args(["man", "--out", out.to_str().unwrap()]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let mut names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let mut want: Vec<String> = SUBCOMMANDS.iter().map(|s| format!("reportkit-{s}.1")).collect();
    want.push("reportkit.1".to_string());
    want.sort();
    assert_eq!(names, want);
    let check = std::fs::read_to_string(out.join("reportkit-check.1")).unwrap();
    assert!(check.contains("\n.TH reportkit-check 1") && check.contains("stdin\\-filename"), "{check}");
}
