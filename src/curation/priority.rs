//! Scheduling priorities of the background threads, so that reads get the
//! CPU first when it is short. Measured on one core under a flood of
//! durable writes (benches/curation.rs, BENCHMARKS.md): PageRank at normal
//! priority took 43% of the samples, and the writer thread at normal
//! priority doubled the read p99 against the same thread at a nice of
//! about 10. Setting a priority may fail (a platform without the call, a
//! sandbox that forbids it); callers then run at normal priority.

use thread_priority::{
    set_thread_priority_and_policy, thread_native_id, Error, NormalThreadSchedulePolicy,
    ThreadPriority, ThreadPriorityValue, ThreadSchedulePolicy,
};

/// The calling thread gets only CPU time nothing else wants (`SCHED_IDLE`
/// on Linux, the lowest priority elsewhere).
pub(crate) fn idle() -> Result<(), Error> {
    let policy = if cfg!(target_os = "linux") {
        ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle)
    } else {
        thread_priority::thread_schedule_policy()?
    };
    set_thread_priority_and_policy(thread_native_id(), ThreadPriority::Min, policy)
}

/// The calling thread yields to normal threads under contention but still
/// gets a fair share (a nice of about 10 on Linux: the crate maps 0..=99
/// onto nice 19..=-20).
pub(crate) fn below_normal() -> Result<(), Error> {
    const BELOW_NORMAL: u8 = 23;
    let value = ThreadPriorityValue::try_from(BELOW_NORMAL)
        .map_err(|_| Error::Priority("a priority out of 0..=99"))?;
    set_thread_priority_and_policy(
        thread_native_id(),
        ThreadPriority::Crossplatform(value),
        thread_priority::thread_schedule_policy()?,
    )
}

/// Offers the core to any thread waiting for it (an HTTP worker with a
/// read); the writer calls it between the steps of a batch. A lower
/// priority alone did not do it: on one core under a flood of writes,
/// `perf sched` showed the writer running 2.6 ms and more at a stretch (1%
/// of its runs, up to 6 ms) while a worker with a read waited, because
/// Linux's fair scheduler lets a running thread finish its slice before a
/// waking one takes over. A yield is one system call, and returns at once
/// when nothing waits.
pub(crate) fn give_way() {
    std::thread::yield_now();
}
