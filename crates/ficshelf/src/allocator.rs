//! The process's allocator: mimalloc, tuned to give freed memory back.
//!
//! Import, search and page rendering allocate many small, short-lived
//! objects from several threads at once. With glibc's allocator that cost
//! 8–15% of the server's time on listing and chapter pages (`_int_malloc`
//! alone 8%); with mimalloc the same pages are served 10–20% faster and an
//! import takes about 5% less CPU (`ficshelf-web`'s load bench and a
//! 10k-work import, measured side by side for #14).
//!
//! Out of the box mimalloc commits its arenas eagerly and keeps freed pages
//! for a second, which raised an import's peak RSS by half. Arenas are
//! therefore committed as they are used, from the program's load on, and an
//! import, which must stay under its memory bound, has freed memory
//! returned after 1 ms (peak RSS then as with glibc). The server keeps the
//! default delay: at 1 ms its pages were 12–18% slower.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_arena_eager_commit` in the mimalloc (v3) this build bundles.
/// libmimalloc-sys leaves these options without constants: the tests below
/// check the purge delay's number against its documented default, and the
/// options on either side of this one against theirs (this one's own
/// default cannot be read: it is set before any test runs).
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
/// `mi_option_purge_delay`, in milliseconds.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Turns eager arena commits off as the program loads, before anything is
/// allocated: the first arena is reserved by the first allocation, which
/// Rust's runtime makes before `main`.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static COMMIT_ON_DEMAND: extern "C" fn() = {
    extern "C" fn commit_on_demand() {
        // SAFETY: mi_option_set only stores a value in mimalloc's option
        // table; the option number is right for the bundled version (tests).
        unsafe { libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0) }
    }
    commit_on_demand
};

/// Returns freed memory to the system after 1 ms instead of 1 s: for bulk
/// work whose peak memory matters more than its last few percent of speed.
pub fn return_freed_memory_promptly() {
    // SAFETY: as above.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(option: libmimalloc_sys::mi_option_t) -> std::ffi::c_long {
        // SAFETY: reading an option has no precondition.
        unsafe { libmimalloc_sys::mi_option_get(option) }
    }

    /// Shows the load-time setting took effect in this test binary too,
    /// and guards the option's number as far as it can be read: a mimalloc
    /// upgrade that renumbers the options around it fails here.
    #[test]
    fn arenas_commit_on_demand_from_the_start() {
        // The documented default would be 2 ("on overcommitting systems").
        assert_eq!(option(ARENA_EAGER_COMMIT), 0);
        // Its neighbours, `deprecated_eager_commit` and `purge_decommits`,
        // both default to 1.
        assert_eq!(option(ARENA_EAGER_COMMIT - 1), 1);
        assert_eq!(option(ARENA_EAGER_COMMIT + 1), 1);
    }

    #[test]
    fn freed_memory_is_returned_promptly_once_asked() {
        // Only this test changes the delay (mimalloc v3's default: 1 s).
        assert_eq!(option(PURGE_DELAY), 1000);
        return_freed_memory_promptly();
        assert_eq!(option(PURGE_DELAY), 1);
    }
}
