//! netstat's `-c`: run a mode once, or again every second until it fails
//! or is interrupted — the one loop every mode shares.

use std::thread;
use std::time::Duration;

use crate::exit::Exit;

/// Run `once`; with `continuous`, again every second while it succeeds.
pub fn every_second(
    continuous: bool,
    mut once: impl FnMut() -> anyhow::Result<Exit>,
) -> anyhow::Result<Exit> {
    loop {
        let exit = once()?;
        if !continuous || exit != Exit::Success {
            return Ok(exit);
        }
        thread::sleep(Duration::from_secs(1));
    }
}
