//! Runs one GraphQL request, from its text to the response body, whatever
//! the transport:
//!
//! 1. the guard's text scan ([`super::guard::scan`]);
//! 2. parsing (a syntax error is a request error, `GRAPHQL_PARSE_FAILED`);
//! 3. the guard's walk of the parsed document ([`super::guard::check`]);
//!    steps 1 to 3 are done once per distinct text while it stays in the
//!    bounded cache of [`super::documents`] (the walk again per request
//!    when its verdict depends on variable values);
//! 4. the operation's own checks: its type is one the transport allows
//!    (queries only over GET), introspection is on if it asks for it, and
//!    its variables fit their types (`graphql::variables`);
//! 5. validation and execution by async-graphql (a document that passed
//!    full validation before runs in its fast mode), under the time limit, with the request's
//!    [`Deadline`] in its data (so traversals stop themselves) and panics
//!    caught;
//! 6. completion of the response as the specification asks
//!    (`graphql::complete`): failed fields null, nulls propagated, every
//!    error with its path and an `extensions.code`;
//! 7. the JSON body, serialised once.
//!
//! The result is an [`Outcome`], which the transport turns into a status.

use std::panic::AssertUnwindSafe;

use async_graphql::parser::types::OperationType;
use async_graphql::{ServerError, Value, Variables};
use futures_util::{FutureExt as _, StreamExt as _};

use super::access::{Access, Caller, Wants};
use super::code::ErrorCode;
use super::complete::{self, complete, restore_paths};
use super::context::{Made, Writing};
use super::documents::{introspection_field, Checked, Documents, Stats};
use super::guard;
use super::lane::Lane;
use super::outcome::{
    body, code_of, default_codes, denied, not_executed, refused, set_code, syntax_error, timed_out,
};
pub use super::outcome::{error_body, Answer, OperationKind, Outcome, Refusal};
use super::shape::Shapes;
use super::{variables, InnographSchema};
use crate::curation::{Live, Snapshot};
use crate::deadline::Deadline;
use std::sync::atomic::Ordering;
use std::sync::Arc;

pub use super::settings::{Settings, DOCUMENT_CACHE_BYTES};

/// Which operation types a transport carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowed {
    /// Queries only (GET: a safe method must not change anything).
    Queries,
    /// Queries and mutations (POST: subscriptions need a WebSocket).
    QueriesAndMutations,
    /// Every operation type (a WebSocket).
    Any,
}

/// One GraphQL request, as decoded by a transport.
#[derive(Debug, Clone, Default)]
pub struct GraphqlRequest {
    /// The document.
    pub query: String,
    /// The operation to run, when the document has several.
    pub operation_name: Option<String>,
    /// Variable values.
    pub variables: Variables,
}

/// The outcomes of an operation's events (see [`Executor::subscribe`]).
pub type Events = futures_util::stream::BoxStream<'static, Outcome>;

/// A request that passed every check, ready to execute.
struct Prepared {
    /// The request for async-graphql, without its document: it owns a
    /// copy of the cached one, made only when async-graphql runs it.
    request: async_graphql::Request,
    ty: OperationType,
    checked: Arc<Checked>,
    operation_name: Option<String>,
    made: Arc<Made>,
    snapshot: Arc<Snapshot>,
    deadline: Deadline,
}

/// The schema with what is needed to run requests against it.
#[derive(Clone)]
pub struct Executor {
    schema: InnographSchema,
    /// The schema in fast validation mode, for documents that passed full
    /// validation before (none: every request is fully validated).
    fast: Option<InnographSchema>,
    documents: Arc<Documents>,
    shapes: Arc<Shapes>,
    settings: Settings,
    access: Access,
    /// Where mutations execute (none: on the caller's thread).
    lane: Option<Lane>,
}

impl Executor {
    /// An executor for `schema`, serving reads to anyone and refusing
    /// mutations (see [`Executor::with_access`]). Every request is fully
    /// validated unless a fast schema is given ([`Executor::with_fast`]).
    pub fn new(schema: InnographSchema, settings: Settings) -> Executor {
        let shapes = Arc::new(Shapes::of(&schema.sdl()));
        let documents = Arc::new(Documents::new(settings.document_cache_bytes));
        Executor {
            schema,
            fast: None,
            documents,
            shapes,
            settings,
            access: Access::default(),
            lane: None,
        }
    }

    /// The same executor running documents that passed full validation
    /// before on `fast`: the same schema built in fast validation mode
    /// ([`super::build_fast`]).
    pub fn with_fast(mut self, fast: InnographSchema) -> Executor {
        self.fast = Some(fast);
        self
    }

    /// The same executor running mutations on `lane` ([`super::lane`]).
    pub fn with_lane(mut self, lane: Lane) -> Executor {
        self.lane = Some(lane);
        self
    }

    /// How the document cache is doing.
    pub fn document_stats(&self) -> Stats {
        self.documents.stats()
    }

    /// The same executor under another access policy.
    pub fn with_access(mut self, access: Access) -> Executor {
        self.access = access;
        self
    }

    /// The schema.
    pub fn schema(&self) -> &InnographSchema {
        &self.schema
    }

    /// The access policy.
    pub fn access(&self) -> &Access {
        &self.access
    }

    /// Runs one request from `caller` against `snapshot` (see the module
    /// documentation): its outcome, and what kind of operation it ran.
    pub async fn run(
        &self,
        request: GraphqlRequest,
        allowed: Allowed,
        caller: &Caller,
        snapshot: Arc<Snapshot>,
    ) -> (Outcome, OperationKind) {
        let revision = snapshot.revision();
        let prepared = match self.prepare(request, allowed, caller, snapshot) {
            Ok(p) => p,
            Err(outcome) => return (outcome, OperationKind::None),
        };
        let kind = OperationKind::from(prepared.ty);
        if prepared.ty == OperationType::Subscription {
            let why = "subscriptions are served over WebSocket (graphql-transport-ws) on /graphql";
            return (refused(ErrorCode::WebsocketRequired, why.into()), kind);
        }
        (self.execute_placed(prepared, revision).await, kind)
    }

    /// [`Self::execute`] where it belongs: a mutation on the lane, if there
    /// is one; anything else on the caller's thread.
    async fn execute_placed(&self, prepared: Prepared, revision: u64) -> Outcome {
        match (&self.lane, prepared.ty) {
            (Some(lane), OperationType::Mutation) => {
                let this = self.clone();
                let work = async move { this.execute(prepared, revision).await };
                lane.run(work).await.unwrap_or_else(|| {
                    refused(
                        ErrorCode::InternalServerError,
                        "the server failed to answer this request".into(),
                    )
                })
            }
            _ => self.execute(prepared, revision).await,
        }
    }

    /// Steps 5 to 7 for a query or mutation that passed [`Self::prepare`].
    async fn execute(&self, prepared: Prepared, revision: u64) -> Outcome {
        if let Some(answer) = self.run_plan(&prepared, revision) {
            return answer;
        }
        let Prepared {
            mut request,
            checked,
            operation_name,
            made,
            ..
        } = prepared;
        request.set_parsed_query(checked.doc.clone());
        let timeout = self.settings.timeout;
        let schema = self.schema_for(&checked);
        let run = AssertUnwindSafe(schema.execute(request)).catch_unwind();
        let response = match tokio::time::timeout(timeout, run).await {
            Ok(Ok(r)) => r,
            Ok(Err(_)) => {
                tracing::error!("a resolver panicked");
                return refused(
                    ErrorCode::InternalServerError,
                    "the server failed to answer this request".into(),
                );
            }
            Err(_) => return timed_out(),
        };
        // A mutation's answer is at the revision it made.
        let revision = revision.max(made.0.load(Ordering::Acquire));
        self.finish(response, &checked, operation_name.as_deref(), revision)
    }

    /// Step 5 to 7 by the document's plan (`graphql::plan`), for a query
    /// with a plan that passed full validation before, unless plans are
    /// off; none when there is no plan or it gave up (async-graphql then
    /// runs the request).
    fn run_plan(&self, prepared: &Prepared, revision: u64) -> Option<Outcome> {
        let checked = &prepared.checked;
        let plan = checked.plan.as_ref()?;
        if !self.settings.plans || prepared.ty != OperationType::Query || !checked.validated() {
            return None;
        }
        let (store, variables) = (&prepared.snapshot.store, &prepared.request.variables);
        let run = || super::plan::run(plan, store, variables, prepared.deadline, revision);
        let body = match std::panic::catch_unwind(AssertUnwindSafe(run)) {
            Ok(body) => body?,
            Err(_) => {
                tracing::error!("a plan panicked");
                return Some(refused(
                    ErrorCode::InternalServerError,
                    "the server failed to answer this request".into(),
                ));
            }
        };
        self.documents.count_planned();
        Some(Outcome::Executed(Answer {
            body,
            codes: Vec::new(),
        }))
    }

    /// The schema a document runs on: the fast one once it has passed
    /// full validation.
    fn schema_for(&self, checked: &Checked) -> &InnographSchema {
        match &self.fast {
            Some(fast) if checked.validated() => fast,
            _ => &self.schema,
        }
    }

    /// Starts any operation from `caller` for a WebSocket: the outcomes of
    /// its events (one for a query or mutation, run when the stream is
    /// first polled), or the outcome that refused it. Checked and, for a
    /// subscription, listening to the feed by the time this returns: a
    /// change published after it is an event.
    pub fn subscribe(
        &self,
        request: GraphqlRequest,
        caller: &Caller,
        live: Arc<Live>,
    ) -> Result<Events, Outcome> {
        let snapshot = live.snapshot();
        let revision = snapshot.revision();
        let prepared = self.prepare(request, Allowed::Any, caller, snapshot)?;
        let this = self.clone();
        if prepared.ty != OperationType::Subscription {
            let once = async move { this.execute_placed(prepared, revision).await };
            return Ok(futures_util::stream::once(once).boxed());
        }
        let Prepared {
            mut request,
            checked,
            operation_name,
            ..
        } = prepared;
        request.set_parsed_query(checked.doc.clone());
        let request = request.data(live.clone());
        let mut outcomes = self
            .schema_for(&checked)
            .execute_stream(request)
            .map(move |response| {
                let revision = live.snapshot().revision();
                this.finish(response, &checked, operation_name.as_deref(), revision)
            })
            .boxed();
        // The executor validates the document and runs the root resolver
        // (which subscribes to the feed) when the stream is first polled,
        // before it waits for any event: a document that does not validate
        // is refused here, not sent as an event.
        let first = match outcomes.next().now_or_never() {
            Some(Some(Outcome::Executed(a))) => Some(Outcome::Executed(a)),
            Some(Some(refusal)) => return Err(refusal),
            Some(None) => return Ok(futures_util::stream::empty().boxed()),
            None => None,
        };
        Ok(futures_util::stream::iter(first).chain(outcomes).boxed())
    }

    /// Steps 1 to 4 (see the module documentation), and the request for
    /// async-graphql with its data.
    fn prepare(
        &self,
        request: GraphqlRequest,
        allowed: Allowed,
        caller: &Caller,
        snapshot: Arc<Snapshot>,
    ) -> Result<Prepared, Outcome> {
        let GraphqlRequest {
            query,
            operation_name,
            variables,
        } = request;
        if let Caller::Rejected(_) | Caller::Unchecked(_) = caller {
            // Refused before any work on the document.
            self.access.check(caller, Wants::Read).map_err(denied)?;
        }
        let checked = self.checked(&query, operation_name.as_deref(), &variables)?;
        let doc = &checked.doc;
        // An unknown operation name is left to the executor, which says so.
        let ty = complete::operation(doc, operation_name.as_deref())
            .map_or(OperationType::Query, |op| op.ty);
        match (allowed, ty) {
            (Allowed::Queries, OperationType::Mutation | OperationType::Subscription) => {
                return Err(refused(
                    ErrorCode::MethodNotAllowed,
                    "only queries may be sent with GET; send mutations with POST".into(),
                ))
            }
            (Allowed::QueriesAndMutations, OperationType::Subscription) => {
                let mut e = ServerError::new(
                    "subscriptions are served over WebSocket (graphql-transport-ws) on /graphql",
                    None,
                );
                set_code(&mut e, ErrorCode::WebsocketRequired);
                return Err(not_executed(vec![e], ErrorCode::WebsocketRequired));
            }
            _ => {}
        }
        let wants = if ty == OperationType::Mutation {
            Wants::Write
        } else {
            Wants::Read
        };
        self.access.check(caller, wants).map_err(denied)?;
        if let Some(op) = complete::operation(doc, operation_name.as_deref()) {
            if !self.settings.introspection {
                if let Some(field) = introspection_field(doc, op) {
                    let mut e = ServerError::new(
                        format!("introspection is off on this server (--no-introspection): `{field}` cannot be asked for"),
                        None,
                    );
                    set_code(&mut e, ErrorCode::IntrospectionDisabled);
                    return Err(not_executed(vec![e], ErrorCode::IntrospectionDisabled));
                }
            }
            if let Err(bad) = variables::check(&self.shapes, op, &variables) {
                let errors = bad
                    .into_iter()
                    .map(|b| ServerError::new(b.message, Some(b.pos)))
                    .collect();
                return Err(not_executed(errors, ErrorCode::BadUserInput));
            }
        }
        let made = Arc::new(Made::default());
        // A subscription lives on: its events are bounded by the guard's
        // limits on the document, not by a clock.
        let deadline = if ty == OperationType::Subscription {
            Deadline::NONE
        } else {
            Deadline::after(self.settings.timeout)
        };
        let mut req = async_graphql::Request::new(String::new())
            .variables(variables)
            .data(deadline)
            .data(snapshot.clone())
            .data(made.clone());
        if wants == Wants::Write {
            if let (Some(writer), Caller::Key { name, .. }) = (&self.access.writer, caller) {
                req = req.data(writer.clone()).data(Writing { key: name.clone() });
            }
        }
        if let Some(name) = &operation_name {
            req = req.operation_name(name.clone());
        }
        Ok(Prepared {
            request: req,
            ty,
            checked,
            operation_name,
            made,
            snapshot,
            deadline,
        })
    }

    /// Steps 1 to 3: the document parsed and passed by the guard, from the
    /// cache when it holds this text (the guard's walk again when its
    /// verdict depends on variable values).
    fn checked(
        &self,
        query: &str,
        operation_name: Option<&str>,
        variables: &Variables,
    ) -> Result<Arc<Checked>, Outcome> {
        let limits = &self.settings.limits;
        let guard_refused = |why: guard::Rejection| refused(why.code(), why.to_string());
        if let Some(hit) = self.documents.get(query, operation_name) {
            if !hit.fixed_cost {
                guard::check(&hit.doc, variables, limits, hit.scanned.clone())
                    .map_err(guard_refused)?;
            }
            return Ok(hit);
        }
        let scanned = guard::scan(query, limits).map_err(guard_refused)?;
        let doc = async_graphql::parser::parse_query(query)
            .map_err(|e| not_executed(vec![syntax_error(e)], ErrorCode::GraphqlParseFailed))?;
        let (_, read_variable) = guard::check_reading(&doc, variables, limits, scanned.clone())
            .map_err(guard_refused)?;
        let checked = Arc::new(Checked::new(
            query,
            operation_name,
            doc,
            scanned,
            !read_variable,
        ));
        self.documents
            .insert(query, operation_name, checked.clone());
        Ok(checked)
    }

    /// Steps 6 and 7: the response completed and serialised.
    fn finish(
        &self,
        mut response: async_graphql::Response,
        checked: &Checked,
        operation_name: Option<&str>,
        revision: u64,
    ) -> Outcome {
        restore_paths(&mut response.errors);
        if response
            .errors
            .iter()
            .any(|e| code_of(e) == Some(ErrorCode::Timeout))
        {
            return timed_out();
        }
        // Validation errors carry no path and leave no data.
        let executed = response.data != Value::Null
            || response.errors.is_empty()
            || response.errors.iter().any(|e| !e.path.is_empty());
        if !executed {
            return not_executed(response.errors, ErrorCode::GraphqlValidationFailed);
        }
        // It validated: later requests with this text may skip the rules
        // that depend only on the document.
        checked.set_validated();
        if !response.errors.is_empty() || checked.introspects {
            complete(
                &self.shapes,
                &checked.doc,
                operation_name,
                &mut response.data,
                &response.errors,
                Some(super::DESCRIPTION),
            );
        }
        let codes = default_codes(&mut response.errors, ErrorCode::BadUserInput);
        // Every answer says which revision it read.
        response
            .extensions
            .insert("revision".into(), Value::from(revision));
        Outcome::Executed(Answer {
            body: body(Some(&response.data), &response.errors, &response.extensions),
            codes,
        })
    }
}
