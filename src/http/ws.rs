//! GraphQL over WebSocket on `/graphql`: the graphql-transport-ws
//! protocol (the `graphql-ws` library's, `PROTOCOL.md`), written here
//! rather than taken from async-graphql, whose handler departs from the
//! protocol where clients notice: it closes with 1011 and 1002 where the
//! protocol asks for 4401 and 4400, never closes a socket that does not
//! initialise (4408), and lets a second `subscribe` with an id in use
//! silently replace the first (the protocol says 4409). Every operation
//! goes through the same executor as HTTP (guard, access, limits, codes).
//!
//! | client sends | server answers |
//! |---|---|
//! | `connection_init` (payload may carry `Authorization: Bearer KEY`) | `connection_ack`, or close 4403 when the key is refused (or missing on a private server) |
//! | nothing within the init timeout | close 4408 |
//! | a second `connection_init` | close 4429 |
//! | `subscribe` before the ack | close 4401 |
//! | `subscribe` with an id in use | close 4409 |
//! | `subscribe` | `next` for each result, then `complete`; or one `error` (the document is refused) |
//! | `complete` | the operation stops (no answer) |
//! | `ping` | `pong` |
//! | anything else, or a binary frame | close 4400 |
//! | (the server shuts down) | close 1001 |

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use actix_ws::{AggregatedMessage, CloseCode, CloseReason, Session};
use futures_util::StreamExt as _;
use serde::Deserialize;

use super::AppState;
use crate::graphql::access::{Caller, Wants};
use crate::graphql::execute::{GraphqlRequest, Outcome};

/// The subprotocol served.
pub(crate) const PROTOCOL: &str = "graphql-transport-ws";

/// The most operations one connection may run at once.
const MAX_OPERATIONS: usize = 64;

/// Whether a request asks to upgrade to a WebSocket.
pub(crate) fn is_upgrade(req: &actix_web::dev::RequestHead) -> bool {
    req.headers
        .get(header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
}

/// A message from the client.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ClientMessage {
    ConnectionInit {
        #[serde(default)]
        payload: Option<serde_json::Map<String, serde_json::Value>>,
    },
    Ping {
        #[serde(default)]
        payload: Option<serde_json::Value>,
    },
    Pong {},
    Subscribe {
        id: String,
        payload: SubscribePayload,
    },
    Complete {
        id: String,
    },
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SubscribePayload {
    query: String,
    #[serde(default)]
    operation_name: Option<String>,
    #[serde(default)]
    variables: Option<serde_json::Map<String, serde_json::Value>>,
}

/// `GET /graphql` with `Upgrade: websocket`.
pub(crate) async fn upgrade(
    req: HttpRequest,
    body: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, actix_web::Error> {
    let offered = req
        .headers()
        .get_all(header::SEC_WEBSOCKET_PROTOCOL)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|p| p.trim() == PROTOCOL);
    let (response, session, stream) = actix_ws::handle_with_protocols(&req, body, &[PROTOCOL])?;
    let header_key = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let limit = state.settings.max_body_bytes;
    let stream = stream
        .max_frame_size(limit)
        .aggregate_continuations()
        .max_continuation_size(limit);
    let state = state.into_inner();
    actix_web::rt::spawn(async move {
        if !offered {
            close(
                session,
                4406,
                "Subprotocol not acceptable: use graphql-transport-ws",
            )
            .await;
            return;
        }
        Connection {
            state,
            session,
            header_key,
            caller: None,
            operations: Rc::new(RefCell::new(HashMap::new())),
        }
        .serve(stream)
        .await;
    });
    Ok(response)
}

async fn close(session: Session, code: u16, why: &str) {
    let _ = session
        .close(Some(CloseReason {
            code: CloseCode::Other(code),
            description: Some(why.to_owned()),
        }))
        .await;
}

type Operations = Rc<RefCell<HashMap<String, actix_web::rt::task::JoinHandle<()>>>>;

struct Connection {
    state: std::sync::Arc<AppState>,
    session: Session,
    header_key: Option<String>,
    /// Who, once the connection is initialised.
    caller: Option<Caller>,
    operations: Operations,
}

/// Why the connection ends: a close code and reason, or the client left.
type End = Option<(u16, String)>;

impl Connection {
    async fn serve(mut self, mut stream: actix_ws::AggregatedMessageStream) {
        let init_by = tokio::time::Instant::now() + self.state.settings.ws_init_timeout;
        let mut stopping = self.state.stopping.subscribe();
        let end: End = loop {
            let next = tokio::select! {
                // The server is shutting down (or gone): the client should
                // reconnect, to another replica if there is one.
                _ = stopping.wait_for(|stop| *stop) => {
                    break Some((1001, "the server is shutting down; reconnect".into()));
                }
                next = async {
                    if self.caller.is_none() {
                        tokio::time::timeout_at(init_by, stream.next()).await
                    } else {
                        Ok(stream.next().await)
                    }
                } => match next {
                    Ok(next) => next,
                    Err(_) => break Some((4408, "Connection initialisation timeout".into())),
                },
            };
            let message = match next {
                None | Some(Err(_)) => break None,
                Some(Ok(m)) => m,
            };
            let outcome = match message {
                AggregatedMessage::Text(text) => self.on_text(&text).await,
                AggregatedMessage::Binary(_) => Err(Some((
                    4400,
                    "binary messages are not part of the protocol".into(),
                ))),
                AggregatedMessage::Ping(bytes) => {
                    let _ = self.session.pong(&bytes).await;
                    Ok(())
                }
                AggregatedMessage::Pong(_) => Ok(()),
                AggregatedMessage::Close(_) => Err(None),
            };
            if let Err(end) = outcome {
                break end;
            }
        };
        for (_, task) in self.operations.borrow_mut().drain() {
            task.abort();
        }
        match end {
            Some((code, why)) => close(self.session, code, &why).await,
            None => {
                let _ = self.session.close(None).await;
            }
        }
    }

    async fn on_text(&mut self, text: &str) -> Result<(), End> {
        let message: ClientMessage = serde_json::from_str(text)
            .map_err(|e| Some((4400, format!("invalid message: {e}"))))?;
        match message {
            ClientMessage::ConnectionInit { payload } => {
                if self.caller.is_some() {
                    return Err(Some((4429, "Too many initialisation requests".into())));
                }
                let key = payload
                    .as_ref()
                    .and_then(|p| {
                        p.iter()
                            .find(|(k, _)| k.eq_ignore_ascii_case("authorization"))
                            .and_then(|(_, v)| v.as_str())
                    })
                    .map(str::to_owned)
                    .or_else(|| self.header_key.clone());
                let access = self.state.executor.access();
                let caller = access.identify(key.as_deref());
                if let Err(denied) = access.check(&caller, Wants::Read) {
                    return Err(Some((4403, format!("Forbidden: {}", denied.message))));
                }
                self.caller = Some(caller);
                self.send(r#"{"type":"connection_ack"}"#.to_owned()).await
            }
            ClientMessage::Ping { payload } => {
                let pong = match payload {
                    Some(p) if !p.is_null() => format!(r#"{{"type":"pong","payload":{p}}}"#),
                    _ => r#"{"type":"pong"}"#.to_owned(),
                };
                self.send(pong).await
            }
            ClientMessage::Pong {} => Ok(()),
            ClientMessage::Subscribe { id, payload } => self.subscribe(id, payload),
            ClientMessage::Complete { id } => {
                if let Some(task) = self.operations.borrow_mut().remove(&id) {
                    task.abort();
                }
                Ok(())
            }
        }
    }

    async fn send(&mut self, text: String) -> Result<(), End> {
        self.session.text(text).await.map_err(|_| None)
    }

    fn subscribe(&mut self, id: String, payload: SubscribePayload) -> Result<(), End> {
        let Some(caller) = self.caller.clone() else {
            return Err(Some((4401, "Unauthorized".into())));
        };
        let mut operations = self.operations.borrow_mut();
        operations.retain(|_, task| !task.is_finished());
        if operations.contains_key(&id) {
            return Err(Some((4409, format!("Subscriber for {id} already exists"))));
        }
        if operations.len() >= MAX_OPERATIONS {
            return Err(Some((
                4400,
                format!("more than {MAX_OPERATIONS} operations at once on one connection"),
            )));
        }
        let request = GraphqlRequest {
            query: payload.query,
            operation_name: payload.operation_name,
            variables: async_graphql::Variables::from_json(serde_json::Value::Object(
                payload.variables.unwrap_or_default(),
            )),
        };
        let mut session = self.session.clone();
        let quoted = serde_json::to_string(&id).unwrap_or_else(|_| "\"\"".to_owned());
        // Checked (and a subscription listening) before the next message
        // is read: a change made after a client's next message is an event.
        let started = self
            .state
            .executor
            .subscribe(request, &caller, self.state.live.clone());
        let registry = self.operations.clone();
        let key = id.clone();
        let task = actix_web::rt::spawn(async move {
            match started {
                Ok(mut events) => {
                    while let Some(outcome) = events.next().await {
                        let text = match outcome {
                            Outcome::Executed(a) => format!(
                                r#"{{"id":{quoted},"type":"next","payload":{}}}"#,
                                String::from_utf8_lossy(&a.body)
                            ),
                            refused => {
                                // Refused when it ran (a query's timeout):
                                // an error ends the operation.
                                let _ = session
                                    .text(format!(
                                        r#"{{"id":{quoted},"type":"error","payload":{}}}"#,
                                        errors_of(refused)
                                    ))
                                    .await;
                                registry.borrow_mut().remove(&key);
                                return;
                            }
                        };
                        if session.text(text).await.is_err() {
                            return;
                        }
                    }
                    let _ = session
                        .text(format!(r#"{{"id":{quoted},"type":"complete"}}"#))
                        .await;
                }
                Err(outcome) => {
                    let _ = session
                        .text(format!(
                            r#"{{"id":{quoted},"type":"error","payload":{}}}"#,
                            errors_of(outcome)
                        ))
                        .await;
                }
            }
            registry.borrow_mut().remove(&key);
        });
        operations.insert(id, task);
        Ok(())
    }
}

/// The `errors` array of a refused operation, as JSON text.
fn errors_of(outcome: Outcome) -> String {
    let body = match outcome {
        Outcome::Executed(a) | Outcome::NotExecuted(a) => a.body,
        Outcome::Refused(r) => crate::graphql::execute::error_body(r.code, &r.message),
    };
    serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v.get("errors").map(ToString::to_string))
        .unwrap_or_else(|| r#"[{"message":"the operation was refused"}]"#.to_owned())
}
