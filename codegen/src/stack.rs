//! Room for deep specs. Reading, lowering, emitting and formatting all recurse into nested
//! schemas; a debug build needs more than a 2 MiB thread (a test's, a tokio worker's) for about
//! 60 levels, and a stack overflow aborts the whole process instead of reporting. The depth is
//! bounded (serde's readers stop at 128 levels, the lowering at 64), so a fixed stack suffices.

/// The stack the generator's entry points run on.
const GENERATOR_STACK: usize = 256 << 20;

/// Runs `work` on a thread with [`GENERATOR_STACK`] of stack (reserved, not committed: only
/// the pages a deep spec touches are used), or on this thread if none can be started.
///
/// Inside a procedural macro (`generate_api!`) the work stays on the macro's thread: tokens there
/// are the compiler's and usable on that thread only, and rustc gives it a large stack.
pub fn with_room<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    if inside_proc_macro() {
        return work();
    }
    let work = std::sync::Mutex::new(Some(work));
    let run = || work.lock().ok().and_then(|mut w| w.take()).map(|w| w());
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new().name("codegen".into()).stack_size(GENERATOR_STACK).spawn_scoped(scope, run);
        let done = match spawned {
            Ok(thread) => thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => run(),
        };
        done.expect("the work runs exactly once")
    })
}

/// Whether this code runs inside a procedural macro.
pub(crate) fn inside_proc_macro() -> bool {
    extern crate proc_macro;
    proc_macro::is_available()
}
