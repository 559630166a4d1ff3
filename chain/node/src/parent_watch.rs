//! Stop with the parent: a node started with `MESHTENSOR_STOP_WITH_PARENT=<supervisor pid>` asks
//! itself to shut down (SIGTERM, the same graceful path as Ctrl-C) once its parent is no longer
//! that process. The TypeScript nodes read the same variable the same way.
//!
//! A test harness or `meshtensor localnet` that is killed with SIGKILL cannot stop its children;
//! without this a node keeps its ports and its database lock until someone finds it. Linux gives
//! an orphan a new parent (init or a subreaper), so a changed parent id means the parent died.

use std::{thread, time::Duration};

const ENV_FLAG: &str = "MESHTENSOR_STOP_WITH_PARENT";
const POLL: Duration = Duration::from_millis(500);

/// Starts the watch thread when the environment asks for it.
pub fn start_if_requested() {
    let Ok(value) = std::env::var(ENV_FLAG) else { return };
    match value.trim().parse::<u32>() {
        Ok(parent) if parent > 0 => {
            let spawned = thread::Builder::new().name("parent-watch".into()).spawn(move || watch(parent));
            if let Err(err) = spawned {
                log::warn!("{ENV_FLAG}: could not start the parent watch: {err}");
            }
        },
        _ => log::warn!("{ENV_FLAG}={value:?} is not a process id: not watching the parent"),
    }
}

fn watch(parent: u32) {
    loop {
        thread::sleep(POLL);
        if std::os::unix::process::parent_id() != parent {
            log::warn!("the parent process ({parent}) is gone: shutting down ({ENV_FLAG})");
            // SAFETY: kill(2) with our own pid and a standard signal has no memory effects; the
            // runner's signal handler then stops the node as it would on Ctrl-C.
            unsafe {
                libc::kill(libc::getpid(), libc::SIGTERM);
            }
            // A second check later: if the graceful stop hangs, do not outlive the parent.
            thread::sleep(Duration::from_secs(30));
            log::error!("graceful shutdown took over 30 s after the parent died: exiting");
            std::process::exit(1);
        }
    }
}
