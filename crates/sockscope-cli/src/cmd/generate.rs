//! The hidden generators: man pages and shell completions, both built from
//! the clap definitions in `flags::modern` (so they cannot drift from the
//! parser).

use std::path::Path;

use anyhow::Context as _;
use clap::CommandFactory;

use crate::exit::Exit;
use crate::flags::modern::Cli;
use crate::output;

/// Write `sockscope.1` and one `sockscope-<sub>.1` per visible subcommand
/// into `dir`, listing the files written on stdout.
pub fn man_pages(dir: &Path) -> anyhow::Result<Exit> {
    output::stdout(write_pages(dir)?.as_bytes())?;
    Ok(Exit::Success)
}

/// Write the pages into `dir`; the paths written, one a line.
fn write_pages(dir: &Path) -> anyhow::Result<String> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = String::new();
    for (file, page) in pages()? {
        let path = dir.join(&file);
        std::fs::write(&path, page).with_context(|| format!("cannot write {}", path.display()))?;
        written.push_str(&format!("{}\n", path.display()));
    }
    Ok(written)
}

/// (file name, roff text) of every page.
pub fn pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut cmd = Cli::command();
    // Gives subcommands their full bin name ("sockscope conns") for synopses.
    cmd.build();
    let mut out = Vec::new();
    let mut top = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut top)?;
    out.push(("sockscope.1".to_owned(), top));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let title = format!("sockscope-{}", sub.get_name());
        let mut page = Vec::new();
        clap_mangen::Man::new(sub.clone())
            .title(title.clone())
            .render(&mut page)?;
        out.push((format!("{title}.1"), page));
    }
    Ok(out)
}

/// The completion script for `shell`, on stdout.
pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<Exit> {
    output::stdout(&completion_script(shell))?;
    Ok(Exit::Success)
}

/// The completion script for `shell`.
pub fn completion_script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "sockscope", &mut buf);
    buf
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use clap_complete::Shell;

    #[test]
    fn man_pages_are_non_empty_and_name_the_subcommands() {
        let pages = pages().unwrap();
        let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sockscope.1",
                "sockscope-conns.1",
                "sockscope-summary.1",
                "sockscope-kill.1"
            ]
        );
        let kill = String::from_utf8(pages[3].1.clone()).unwrap();
        assert!(kill.contains("\\-\\-dry\\-run"), "{kill}");
        let top = String::from_utf8(pages[0].1.clone()).unwrap();
        assert!(top.contains("conns") && top.contains("summary"), "{top}");
        assert!(
            !top.contains("generate\\-man"),
            "hidden subcommands stay out"
        );
        let conns = String::from_utf8(pages[1].1.clone()).unwrap();
        assert!(
            conns.contains("\\-\\-info") && conns.contains("\\-\\-columns"),
            "{conns}"
        );
        assert!(conns.contains("sockscope conns") || conns.contains("sockscope\\-conns"));
    }

    #[test]
    fn completions_for_every_shell_mention_the_subcommands() {
        for shell in [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::Elvish,
            Shell::PowerShell,
        ] {
            let s = String::from_utf8(completion_script(shell)).unwrap();
            assert!(s.contains("conns") && s.contains("summary"), "{shell:?}");
            assert!(s.contains("kill") && s.contains("dry-run"), "{shell:?}");
            assert!(s.contains("sort") && s.contains("columns"), "{shell:?}");
        }
    }

    #[test]
    fn man_pages_are_written_to_a_directory() {
        let dir = std::env::temp_dir().join(format!("sockscope-man-{}", std::process::id()));
        let written = write_pages(&dir).unwrap();
        assert_eq!(written.lines().count(), 4, "{written}");
        for f in ["sockscope.1", "sockscope-conns.1", "sockscope-summary.1"] {
            assert!(std::fs::metadata(dir.join(f)).unwrap().len() > 100);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
