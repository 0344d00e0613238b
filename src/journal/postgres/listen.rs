//! The doorbell: one connection of its own that `LISTEN`s on the journal's
//! channel and passes each announced head on. When the connection is lost
//! it reconnects (every half second until it can), and rings once after
//! every (re)connection, since announcements made while it was away are
//! lost: the follower then reads whatever it missed.

use std::sync::mpsc;
use std::time::Duration;

use futures_util::StreamExt as _;
use tokio_postgres::AsyncMessage;

use super::db::CHANNEL;

/// How long to wait before connecting again.
const RECONNECT: Duration = Duration::from_millis(500);

/// Listens until the receiving end is dropped.
pub(super) async fn listen(config: tokio_postgres::Config, ring: mpsc::Sender<u64>) {
    loop {
        if let Ok((client, connection)) = config.connect(tokio_postgres::NoTls).await {
            if !relay(&client, connection, &ring).await {
                return;
            }
        }
        tokio::time::sleep(RECONNECT).await;
    }
}

/// Listens on one connection, passing each announced head on (and one
/// ring first), until the connection fails; `false` once nobody takes the
/// rings any more.
async fn relay<S, T>(
    client: &tokio_postgres::Client,
    mut connection: tokio_postgres::Connection<S, T>,
    ring: &mpsc::Sender<u64>,
) -> bool
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (heard, mut heads) = tokio::sync::mpsc::unbounded_channel();
    let driver = tokio::spawn(async move {
        let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
        while let Some(Ok(message)) = messages.next().await {
            if let AsyncMessage::Notification(n) = message {
                if heard.send(n.payload().parse::<u64>().unwrap_or(0)).is_err() {
                    break;
                }
            }
        }
    });
    let mut taken = true;
    if client
        .batch_execute(&format!("LISTEN {CHANNEL}"))
        .await
        .is_ok()
    {
        taken = ring.send(0).is_ok();
        while taken {
            let Some(head) = heads.recv().await else {
                break;
            };
            taken = ring.send(head).is_ok();
        }
    }
    driver.abort();
    taken
}
