//! The writer: one thread that takes every change request in turn, so
//! changes are planned against the snapshot the previous ones left (no
//! lost update, whatever the interleaving of clients), appends each batch
//! of requests waiting at the same time to the journal in one transaction
//! (group commit: one fsync for many changes), and only then publishes
//! the next snapshot and answers. A change is answered after it is durable,
//! and every reader sees it from that moment.

use std::sync::mpsc;
use std::sync::Arc;

use tokio::sync::oneshot;

use super::edit::{EditError, ErrorKind, Request, Warning};
use super::live::{Live, Snapshot};
use super::plan::{plan, Produced};
use crate::journal::{Change, Journal, JournalError, NewChange};

/// The most requests committed in one journal transaction.
pub const MAX_BATCH: usize = 256;

/// A change the writer made (or, for a dry run, would make).
#[derive(Debug, Clone)]
pub struct Applied {
    /// The revision it made (or would make).
    pub revision: u64,
    /// The record (for a dry run, as it would be recorded).
    pub change: Arc<Change>,
    /// What each edit produced.
    pub produced: Vec<Produced>,
    /// Warnings about accepted edits.
    pub warnings: Vec<Warning>,
    /// Whether it was only checked.
    pub dry_run: bool,
    /// Whether this is the answer to an earlier request with the same
    /// idempotency key (nothing new was applied).
    pub replayed: bool,
    /// The snapshot it is visible in (for a dry run: the one it would
    /// make, which no reader sees).
    pub snapshot: Arc<Snapshot>,
}

/// What the writer thread is asked to do.
enum Job {
    /// Apply a change request and answer it.
    Change {
        request: Request,
        reply: oneshot::Sender<Result<Applied, EditError>>,
    },
    /// Another server may have written to a shared journal: read and
    /// apply what this one has not seen.
    CatchUp,
}

/// A change request taken from the queue.
struct Asked {
    request: Request,
    reply: oneshot::Sender<Result<Applied, EditError>>,
}

/// The handle that submits change requests to the writer thread.
#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

fn journal_error(e: JournalError) -> EditError {
    let kind = match e {
        JournalError::Unavailable(_) | JournalError::Behind { .. } => ErrorKind::Unavailable,
        _ => ErrorKind::Internal,
    };
    EditError {
        kind,
        edit: None,
        field: None,
        message: format!("the change could not be recorded: {e}"),
    }
}

/// A fingerprint of a request, to tell a retry from a different request
/// that reuses the key.
fn fingerprint(r: &Request) -> String {
    format!(
        "{:?}|{}|{:?}|{:?}",
        r.edits, r.reason, r.sources, r.expected_revision
    )
}

impl Writer {
    /// Starts the writer thread over `live`, recording into `journal`.
    pub fn start(live: Arc<Live>, journal: Arc<dyn Journal>) -> Writer {
        let (jobs, queue) = mpsc::channel::<Job>();
        let spawned = std::thread::Builder::new()
            .name("innograph-writer".into())
            .spawn(move || {
                if let Err(e) = super::priority::below_normal() {
                    tracing::debug!(error = ?e, "cannot lower the writer's priority");
                }
                run(&live, journal.as_ref(), &queue)
            });
        if let Err(e) = spawned {
            tracing::error!(error = %e, "cannot start the writer thread");
        }
        Writer { jobs }
    }

    /// Submits a request; answers once it is durable and visible (or
    /// refused).
    pub async fn submit(&self, request: Request) -> Result<Applied, EditError> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job::Change { request, reply })
            .map_err(|_| EditError {
                kind: ErrorKind::Internal,
                edit: None,
                field: None,
                message: "the writer has stopped".into(),
            })?;
        answer.await.unwrap_or_else(|_| {
            Err(EditError {
                kind: ErrorKind::Internal,
                edit: None,
                field: None,
                message: "the writer stopped before answering".into(),
            })
        })
    }

    /// Asks the writer to catch up with a shared journal; `false` once the
    /// writer has stopped.
    pub fn catch_up(&self) -> bool {
        self.jobs.send(Job::CatchUp).is_ok()
    }
}

/// How many times a batch is planned again after other servers wrote
/// first, before its requests are answered "unavailable, retry".
const MAX_REPLANS: usize = 16;

fn run(live: &Live, journal: &dyn Journal, queue: &mpsc::Receiver<Job>) {
    while let Ok(first) = queue.recv() {
        let mut asked = Vec::new();
        let mut catch_up = false;
        let mut next = Some(first);
        while let Some(job) = next.take() {
            match job {
                Job::Change { request, reply } => asked.push(Asked { request, reply }),
                Job::CatchUp => catch_up = true,
            }
            if asked.len() < MAX_BATCH {
                next = queue.try_recv().ok();
            }
        }
        if catch_up {
            if let Err(e) = follow(live, journal) {
                tracing::warn!(error = %e, "cannot catch up with the journal");
            }
        }
        let mut replans = 0;
        while !asked.is_empty() {
            let Some(back) = commit(live, journal, asked) else {
                break;
            };
            // Another server wrote first: apply its changes, then plan
            // these requests again on top of them.
            replans += 1;
            let caught = follow(live, journal);
            if replans > MAX_REPLANS || caught.is_err() {
                let message = match caught {
                    Err(e) => format!(
                        "the change could not be planned on the journal's latest state: {e}"
                    ),
                    Ok(()) => "other servers kept writing first: retry".to_owned(),
                };
                for a in back {
                    let _ = a.reply.send(Err(EditError {
                        kind: ErrorKind::Unavailable,
                        edit: None,
                        field: None,
                        message: message.clone(),
                    }));
                }
                break;
            }
            asked = back;
        }
    }
}

/// Reads and applies, in order, every change of the journal past the
/// served snapshot (written by other servers sharing it), publishing and
/// announcing each page.
fn follow(live: &Live, journal: &dyn Journal) -> Result<(), EditError> {
    loop {
        let current = live.snapshot();
        let page = journal
            .since(current.revision(), FOLLOW_PAGE)
            .map_err(journal_error)?;
        let Some(last) = page.last().map(|c| c.revision) else {
            return Ok(());
        };
        live.note_head(last);
        let (next, applied) = super::replay::follow(&current, page).map_err(|e| {
            tracing::error!(error = %e, "a change of the shared journal does not apply here");
            EditError {
                kind: ErrorKind::Internal,
                edit: None,
                field: None,
                message: format!("this server cannot follow the journal: {e}"),
            }
        })?;
        if applied.is_empty() {
            return Ok(());
        }
        live.publish(|now| Snapshot {
            centrality: now.centrality.clone(),
            centrality_revision: now.centrality_revision,
            ..next
        });
        for change in applied {
            live.announce(change);
        }
    }
}

/// How many changes a catch-up reads at a time.
const FOLLOW_PAGE: usize = 1000;

/// What planning a request came to.
enum Outcome {
    /// An answer that needs nothing written (a refusal, a dry run, a retry
    /// answered again): sent once the snapshot it was planned on is known
    /// to be the journal's latest.
    Answer(Result<Applied, EditError>),
    /// A change to record, then answer.
    Record {
        new: Box<NewChange>,
        produced: Vec<Produced>,
        warnings: Vec<Warning>,
    },
}

/// Plans, records and publishes one batch of requests. Returns them when
/// the journal had moved past the served snapshot (another server wrote
/// first), so they can be planned again; nothing of them was answered.
fn commit(live: &Live, journal: &dyn Journal, asked: Vec<Asked>) -> Option<Vec<Asked>> {
    let current = live.snapshot();
    let mut work: Snapshot = (*current).clone();
    let mut planned: Vec<(Asked, Outcome)> = Vec::with_capacity(asked.len());
    let mut keys_in_batch: Vec<String> = Vec::new();
    for a in asked {
        let outcome = plan_one(&current, &mut work, &mut keys_in_batch, &a.request);
        planned.push((a, outcome));
        super::priority::give_way();
    }
    let news: Vec<NewChange> = planned
        .iter()
        .filter_map(|(_, o)| match o {
            Outcome::Record { new, .. } => Some((**new).clone()),
            Outcome::Answer(_) => None,
        })
        .collect();
    let confirmed = if news.is_empty() {
        // Nothing to write: the answers stand if no other server has
        // written meanwhile (always, for a journal of this server's own).
        match journal.shared().then(|| journal.head()) {
            Some(Ok(head)) if head > current.revision() => Err(JournalError::Behind { head }),
            _ => Ok(Vec::new()),
        }
    } else {
        journal.append_after(current.revision(), &news)
    };
    super::priority::give_way();
    match confirmed {
        Err(JournalError::Behind { head }) => {
            live.note_head(head);
            Some(planned.into_iter().map(|(a, _)| a).collect())
        }
        Ok(revisions) => {
            let published = if revisions.is_empty() {
                current
            } else {
                // The store and history are the writer's; the PageRank may
                // have been replaced meanwhile (in the background): keep it.
                let published = live.publish(|now| Snapshot {
                    centrality: now.centrality.clone(),
                    centrality_revision: now.centrality_revision,
                    ..work.clone()
                });
                for &revision in &revisions {
                    if let Some(change) = published.history.get(revision) {
                        live.announce(change.clone());
                    }
                }
                super::priority::give_way();
                published
            };
            let mut revisions = revisions.into_iter();
            for (a, outcome) in planned {
                let answer = match outcome {
                    Outcome::Answer(answer) => answer,
                    Outcome::Record {
                        new,
                        produced,
                        warnings,
                    } => {
                        let revision = revisions.next().unwrap_or_default();
                        Ok(Applied {
                            revision,
                            change: published.history.get(revision).cloned().unwrap_or_else(|| {
                                Arc::new(Change {
                                    revision,
                                    change: *new,
                                })
                            }),
                            produced,
                            warnings,
                            dry_run: false,
                            replayed: false,
                            snapshot: published.clone(),
                        })
                    }
                };
                let _ = a.reply.send(answer);
            }
            None
        }
        Err(e) => {
            let err = match e {
                // Only possible if the journal knows a key the history
                // does not: refuse; each request may retry.
                JournalError::Duplicate { revision } => EditError {
                    kind: ErrorKind::Unavailable,
                    edit: None,
                    field: Some("idempotencyKey".into()),
                    message: format!(
                        "an idempotency key of this batch was used by revision {revision}: retry"
                    ),
                },
                other => journal_error(other),
            };
            tracing::warn!(error = %err, "a batch of changes was not recorded");
            for (a, outcome) in planned {
                let answer = match outcome {
                    Outcome::Answer(answer) => answer,
                    Outcome::Record { .. } => Err(err.clone()),
                };
                let _ = a.reply.send(answer);
            }
            None
        }
    }
}

/// Plans one request on `work` (the batch so far), advancing it when the
/// request is to be recorded.
fn plan_one(
    current: &Arc<Snapshot>,
    work: &mut Snapshot,
    keys_in_batch: &mut Vec<String>,
    request: &Request,
) -> Outcome {
    // A retry: answer what the first request got.
    if let Some(key) = &request.idempotency_key {
        if let Some(rev) = work.history.by_idempotency_key(key) {
            let answer = replay(work, rev, request);
            return Outcome::Answer(answer.map(|mut a| {
                a.snapshot = current.clone();
                a
            }));
        }
        if keys_in_batch.contains(key) {
            return Outcome::Answer(Err(EditError {
                kind: ErrorKind::Unavailable,
                edit: None,
                field: Some("idempotencyKey".into()),
                message: "a request with this idempotency key is being applied: retry".into(),
            }));
        }
    }
    // A bug in planning must not take the writer down with it.
    let planned = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        plan(&work.store, &work.history, request)
    }));
    let planned = match planned {
        Ok(Ok(p)) => p,
        Ok(Err(e)) => return Outcome::Answer(Err(e)),
        Err(_) => {
            tracing::error!("planning a change panicked; the change was refused");
            return Outcome::Answer(Err(EditError {
                kind: ErrorKind::Internal,
                edit: None,
                field: None,
                message: "the server failed to plan this change".into(),
            }));
        }
    };
    let revision = work.revision() + 1;
    let new = NewChange {
        time_ms: super::now_ms(),
        key: request.key.clone(),
        reason: request.reason.trim().to_owned(),
        sources: request.sources.clone(),
        idempotency_key: request.idempotency_key.clone(),
        operations: planned.operations.clone(),
        response: serde_json::json!({ "fingerprint": fingerprint(request) }),
    };
    if request.dry_run {
        let change = Arc::new(Change {
            revision,
            change: new,
        });
        // What it would make, for the answer only: never published.
        let would_be = Snapshot {
            store: Arc::new(planned.after),
            ..work.clone()
        };
        return Outcome::Answer(Ok(Applied {
            revision,
            change,
            produced: planned.produced,
            warnings: planned.warnings,
            dry_run: true,
            replayed: false,
            snapshot: Arc::new(would_be),
        }));
    }
    if let Some(key) = &request.idempotency_key {
        keys_in_batch.push(key.clone());
    }
    work.store = Arc::new(planned.after);
    let change = Arc::new(Change {
        revision,
        change: new.clone(),
    });
    work.history.push(change, planned.targets);
    Outcome::Record {
        new: Box::new(new),
        produced: planned.produced,
        warnings: planned.warnings,
    }
}

/// The answer to a retry of the change at `revision`.
fn replay(snapshot: &Snapshot, revision: u64, request: &Request) -> Result<Applied, EditError> {
    let Some(change) = snapshot.history.get(revision).cloned() else {
        return Err(EditError {
            kind: ErrorKind::Internal,
            edit: None,
            field: None,
            message: format!("revision {revision} is missing from the history"),
        });
    };
    let same =
        change.change.response["fingerprint"].as_str() == Some(fingerprint(request).as_str());
    if !same {
        return Err(EditError {
            kind: ErrorKind::KeyReused,
            edit: None,
            field: Some("idempotencyKey".into()),
            message: format!(
                "this idempotency key was used by revision {revision} for a different request; use a new key"
            ),
        });
    }
    let produced = produced_of(&change);
    Ok(Applied {
        revision,
        change,
        produced,
        warnings: Vec::new(),
        dry_run: false,
        replayed: true,
        snapshot: Arc::new(snapshot.clone()),
    })
}

/// What a recorded change produced, read back from its operations (for a
/// replayed answer).
fn produced_of(change: &Change) -> Vec<Produced> {
    let ops = change.change.operations["ops"].as_array();
    ops.into_iter()
        .flatten()
        .filter_map(|op| {
            let target = op["target"].as_str()?.to_owned();
            Some(match op["op"].as_str()? {
                "create_entity" | "update_entity" => Produced::Entity(target),
                "retract_entity" => Produced::Retracted(target),
                "add_relation" | "update_relation" | "retract_relation" => {
                    Produced::Relation(target)
                }
                "add_fact" | "retract_fact" => Produced::Fact(target),
                "add_source" => Produced::Source(target),
                _ => return None,
            })
        })
        .collect()
}
